import { randomBytes } from 'node:crypto';
import { createKey } from '../create-key';
import { keyCheckValue } from '../crypto/cmac';
import { importKeyMaterial, type TImportKeyMaterialResult } from '../import-key-material';
import type { MaterialVersionRecord, MaterialVersionState } from '../types';
import type { ImportType } from '../validation';
import { createImportFixture, type TImportFixture } from './import-fixture';
import { principal } from './test-context';

export interface TImportVersionOptions {
  importType?: ImportType;
  materialId?: string;
  description?: string;
  /** Absent: never expires. */
  expiresAt?: Date;
}

/** The import fixture, plus what the SPEC §11 tests need: imports of a chosen type, and a key's versions as stored. */
export interface TVersionFixture extends TImportFixture {
  /** Imports `material` with fresh parameters, as the key manager. */
  importVersion(keyId: string, material: Uint8Array, options?: TImportVersionOptions): Promise<TImportKeyMaterialResult>;
  /** An EXTERNAL key with `material` imported as version 1 (never expires unless told). */
  importedKey(material?: Buffer, expiresAt?: Date): Promise<{ keyId: string; material: Buffer }>;
  /** An Enabled generated key. */
  generatedKey(): Promise<string>;
  versions(keyId: string): Promise<MaterialVersionRecord[]>;
  /** [sequence, state] of every version: the shape most assertions compare. */
  shape(keyId: string): Promise<Array<[number, MaterialVersionState]>>;
  /** What the HMAC material id of `material` is under this key. */
  idOf(keyId: string, material: Uint8Array): string;
  kcvOf(material: Uint8Array): string;
}

export function createVersionFixture(options: { start?: Date | string } = {}): TVersionFixture {
  const f = createImportFixture(options);
  let generated = 0;
  const importVersion: TVersionFixture['importVersion'] = async (keyId, material, importOptions = {}) => {
    const p = await f.parameters(keyId);
    return importKeyMaterial(f.ctx, {
      actor: f.actor,
      keyId,
      importToken: p.importToken,
      encryptedKeyMaterial: f.wrap(p, material),
      expiration: importOptions.expiresAt
        ? { model: 'KEY_MATERIAL_EXPIRES', validTo: importOptions.expiresAt }
        : { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
      ...(importOptions.importType ? { importType: importOptions.importType } : {}),
      ...(importOptions.materialId ? { materialId: importOptions.materialId } : {}),
      ...(importOptions.description !== undefined ? { description: importOptions.description } : {}),
    });
  };
  return {
    ...f,
    importVersion,
    async importedKey(material = randomBytes(32), expiresAt) {
      const keyId = await f.externalKey();
      await importVersion(keyId, material, expiresAt ? { expiresAt } : {});
      return { keyId, material };
    },
    async generatedKey() {
      return (await createKey(f.ctx, { actor: principal('ADMINISTRATOR'), alias: `generated-${++generated}`, origin: 'KMS' })).id;
    },
    versions: (keyId) => f.store.listMaterialVersions(keyId),
    async shape(keyId) {
      return (await f.store.listMaterialVersions(keyId)).map((version) => [version.sequence, version.state]);
    },
    idOf: (keyId, material) => f.keyring.materialId({ keyId, material }),
    kcvOf: (material) => keyCheckValue(material),
  };
}

import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createKey, decrypt, deleteKeyMaterial, encrypt, getImportParameters, importKeyMaterial, listKeyRotations, rotateKeyOnDemand } from '@/lib/kms';
import type { KmsContext } from '@/lib/kms';
import { codeOf } from '@/lib/kms/testing/test-context';
import { wrapKeyMaterial } from '@/lib/kms/testing/wrap-key-material';
import { forEachDatabase } from './support/databases';
import { importInstances } from './support/import-context';
import { freshActor, uniqueAlias } from './support/keys';

// SPEC §11 end to end on each database: versions written by the Prisma store, ciphertexts of every version
// decrypting, per-version deletion and re-import, and the versions list.

const plaintext = Buffer.from('every version decrypts');

forEachDatabase('rotation through the domain', (db) => {
  async function instance() {
    const { instances, clock } = await importInstances(db(), 1);
    const ctx = (instances[0] as { ctx: KmsContext }).ctx;
    const actor = freshActor(clock);
    const seal = async (keyId: string) => (await encrypt(ctx, { actor, keyRef: keyId, plaintext })).ciphertextBlob;
    const open = async (blob: Buffer) => Buffer.from((await decrypt(ctx, { actor, ciphertextBlob: blob })).plaintext);
    const importInto = async (keyId: string, material: Buffer, options: { importType?: 'NEW_KEY_MATERIAL'; materialId?: string } = {}) => {
      const p = await getImportParameters(ctx, { actor, keyId, wrappingKeySpec: 'RSA_2048' });
      const encryptedKeyMaterial = wrapKeyMaterial({ publicKey: p.publicKeyDer, algorithm: p.wrappingAlgorithm, material });
      return importKeyMaterial(ctx, { actor, keyId, importToken: p.importToken, encryptedKeyMaterial, expiration: { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }, ...options });
    };
    return { ctx, actor, seal, open, importInto };
  }

  it('a generated key rotated twice: three versions stored, each version’s ciphertexts decrypt', async () => {
    const { ctx, actor, seal, open } = await instance();
    const keyId = (await createKey(ctx, { actor, alias: uniqueAlias('rotate'), origin: 'KMS' })).id;
    const blobs = [await seal(keyId)];
    for (let i = 0; i < 2; i++) {
      await rotateKeyOnDemand(ctx, { actor, keyId });
      blobs.push(await seal(keyId));
    }
    for (const blob of blobs) expect(await open(blob)).toEqual(plaintext);
    const versions = await db().store.listMaterialVersions(keyId);
    expect(versions.map((v) => [v.sequence, v.state, v.rotationType])).toEqual([
      [1, 'NON_CURRENT', null],
      [2, 'NON_CURRENT', 'ON_DEMAND'],
      [3, 'CURRENT', 'ON_DEMAND'],
    ]);
    expect((await db().store.findKey(keyId))?.materialId).toBe(versions[2]?.materialId);
    const listed = await listKeyRotations(ctx, { actor, keyId, limit: 1 });
    expect(listed.items.map((v) => v.sequence)).toEqual([2]);
    expect((await listKeyRotations(ctx, { actor, keyId, limit: 1, marker: listed.nextMarker as string })).items.map((v) => v.sequence)).toEqual([3]);
  });

  it('an imported key: NEW, rotate, delete the old version, re-import it; its ciphertexts decrypt again', async () => {
    const { ctx, actor, seal, open, importInto } = await instance();
    const keyId = (await createKey(ctx, { actor, alias: uniqueAlias('rotate'), origin: 'EXTERNAL' })).id;
    const [first, second] = [randomBytes(32), randomBytes(32)];
    const firstId = (await importInto(keyId, first)).importedMaterialId;
    const old = await seal(keyId);
    await importInto(keyId, second, { importType: 'NEW_KEY_MATERIAL' });
    await rotateKeyOnDemand(ctx, { actor, keyId });
    const fresh = await seal(keyId);
    await deleteKeyMaterial(ctx, { actor, keyId, materialId: firstId });
    expect(await codeOf(decrypt(ctx, { actor, ciphertextBlob: fresh }))).toBe('INVALID_STATE');
    expect((await importInto(keyId, first, { materialId: firstId })).state).toBe('ENABLED');
    for (const blob of [old, fresh]) expect(await open(blob)).toEqual(plaintext);
    expect((await db().store.listMaterialVersions(keyId)).map((v) => [v.state, v.removedReason, v.materialCiphertext !== null])).toEqual([
      ['NON_CURRENT', null, true],
      ['CURRENT', null, true],
    ]);
  });
});

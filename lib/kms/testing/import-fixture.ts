import { createKey } from '../create-key';
import type { TWrappingAlgorithm } from '../crypto/wrapping';
import { getImportParameters, type TGetImportParametersOptions, type TImportParameters } from '../get-import-parameters';
import { importKeyMaterial, type TImportKeyMaterialOptions } from '../import-key-material';
import { hashImportToken } from '../import-token';
import type { KeyView } from '../key-view';
import type { ImportTokenRecord, KeyRecord } from '../types';
import { createTestContext, principal, type TTestContext } from './test-context';
import { wrapKeyMaterial } from './wrap-key-material';

export const NEVER = { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } as const;
export const expiresAt = (validTo: Date) => ({ model: 'KEY_MATERIAL_EXPIRES', validTo }) as const;

type TParametersOptions = Partial<Omit<TGetImportParametersOptions, 'actor' | 'keyId'>>;

export interface TImportFixture extends TTestContext {
  /** A key manager: may import, may not read the audit log. */
  actor: TImportKeyMaterialOptions['actor'];
  /** Creates an EXTERNAL key, Pending import. */
  externalKey(alias?: string): Promise<string>;
  /** RSA_2048 unless told otherwise (fast to generate; every spec has its own round-trip test). */
  parameters(keyId: string, options?: TParametersOptions): Promise<TImportParameters>;
  /** What a user uploads: the material wrapped under the parameters' public key, with their algorithm by default. */
  wrap(parameters: TImportParameters, material: Uint8Array, algorithm?: TWrappingAlgorithm): Buffer;
  /** Imports with the token and blob given (defaults: never expires). */
  importWith(parameters: TImportParameters, blob: Uint8Array, expiration?: TImportKeyMaterialOptions['expiration']): Promise<KeyView>;
  /** Everything stored about a key: its row and its tokens, to prove a failure changed nothing. */
  snapshot(keyId: string): Promise<{ key: KeyRecord | null; tokens: ImportTokenRecord[] }>;
  tokenOf(parameters: TImportParameters): ImportTokenRecord;
}

export function createImportFixture(options: { start?: Date | string } = {}): TImportFixture {
  const t = createTestContext(options);
  const actor = principal('KEY_MANAGER');
  let aliases = 0;
  const tokenOf = (p: TImportParameters): ImportTokenRecord => {
    const token = [...t.store.tokens.values()].find((row) => row.tokenHash === hashImportToken(p.importToken));
    if (!token) throw new Error('no stored token for these parameters');
    return token;
  };
  return {
    ...t,
    actor,
    tokenOf,
    async externalKey(alias = `external-${++aliases}`) {
      return (await createKey(t.ctx, { actor: principal('ADMINISTRATOR'), alias, origin: 'EXTERNAL' })).id;
    },
    parameters: (keyId, parameterOptions) => getImportParameters(t.ctx, { actor, keyId, wrappingKeySpec: 'RSA_2048', ...parameterOptions }),
    wrap: (p, material, algorithm = p.wrappingAlgorithm) => wrapKeyMaterial({ publicKey: p.publicKeyDer, algorithm, material }),
    importWith: (p, blob, expiration = NEVER) =>
      importKeyMaterial(t.ctx, { actor, keyId: p.keyId, importToken: p.importToken, encryptedKeyMaterial: blob, expiration }),
    async snapshot(keyId) {
      const tokens = [...t.store.tokens.values()].filter((row) => row.keyId === keyId).sort((a, b) => a.id.localeCompare(b.id));
      return { key: await t.store.findKey(keyId), tokens: structuredClone(tokens) };
    },
  };
}

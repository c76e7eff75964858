import { expect } from 'vitest';
import { isKmsError, type KmsError } from '../errors';
import type { TImportParameters } from '../get-import-parameters';
import { importKeyMaterial } from '../import-key-material';
import type { TImportVersionOptions, TVersionFixture } from './material-version-fixture';

// SPEC §4: "A failed import changes nothing (state, binding, token, audit aside)", checked with the versions too.

export async function refusal(promise: Promise<unknown>): Promise<KmsError> {
  try {
    await promise;
  } catch (error) {
    if (isKmsError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Everything stored about the key (row, versions, tokens), to prove a refusal changed nothing. */
export async function everything(f: TVersionFixture, keyId: string) {
  return { ...(await f.snapshot(keyId)), versions: await f.versions(keyId) };
}

/** Refused with `code`: key, versions and tokens unchanged, one FAILURE audit record with that code added. */
export async function expectRefusedUnchanged(
  f: TVersionFixture,
  keyId: string,
  material: Buffer,
  options: TImportVersionOptions,
  code: string,
  given?: TImportParameters,
) {
  // Parameters first, so their token is part of the "before" picture and must still be unused afterwards.
  const p = given ?? (await f.parameters(keyId));
  const before = await everything(f, keyId);
  const audits = f.store.audit.length;
  const error = await refusal(
    importKeyMaterial(f.ctx, {
      actor: f.actor,
      keyId,
      importToken: p.importToken,
      encryptedKeyMaterial: f.wrap(p, material),
      expiration: { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
      ...options,
    }),
  );
  expect(error.code).toBe(code);
  expect(await everything(f, keyId)).toEqual(before);
  expect(f.store.audit.slice(audits)).toEqual([expect.objectContaining({ action: 'ImportKeyMaterial', result: 'FAILURE', keyId })]);
  return error;
}

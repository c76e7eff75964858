import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deleteKeyMaterial } from './delete-key-material';
import { disableKey } from './disable-key';
import type { TImportParameters } from './get-import-parameters';
import { isKmsError, type KmsError } from './errors';
import { importKeyMaterial } from './import-key-material';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createVersionFixture, type TImportVersionOptions, type TVersionFixture } from './testing/material-version-fixture';
import { codeOf, principal } from './testing/test-context';

// SPEC §11 import rules: the first import makes version 1 CURRENT; EXISTING re-imports a version as itself;
// NEW adds one PENDING_ROTATION version. SPEC §4: a refused import changes nothing but its audit record.

const admin = principal('ADMINISTRATOR');

async function refusal(promise: Promise<unknown>): Promise<KmsError> {
  try {
    await promise;
  } catch (error) {
    if (isKmsError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Everything stored about the key (row, versions, tokens), to prove a refusal changed nothing. */
async function everything(f: TVersionFixture, keyId: string) {
  return { ...(await f.snapshot(keyId)), versions: await f.versions(keyId) };
}

/** Refused with `code`: key, versions and tokens unchanged, one FAILURE audit record with that code added. */
async function expectRefusedUnchanged(
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

describe('the first import', () => {
  it.each([undefined, 'EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL'] as const)('with import type %s creates version 1 CURRENT, bound, with its KCV', async (importType) => {
    const f = createVersionFixture();
    const keyId = await f.externalKey();
    const material = randomBytes(32);
    const result = await f.importVersion(keyId, material, importType ? { importType, description: 'first' } : {});
    expect(result).toMatchObject({ state: 'ENABLED', importedMaterialId: f.idOf(keyId, material), material: { materialId: f.idOf(keyId, material) } });
    expect(await f.versions(keyId)).toEqual([
      expect.objectContaining({ sequence: 1, state: 'CURRENT', materialId: f.idOf(keyId, material), kcv: f.kcvOf(material), rotationType: null }),
    ]);
  });

  it('refuses a material id before the key has any version (NOT_FOUND) and changes nothing', async () => {
    const f = createVersionFixture();
    const keyId = await f.externalKey();
    await expectRefusedUnchanged(f, keyId, randomBytes(32), { materialId: 'a'.repeat(64) }, 'NOT_FOUND');
  });
});

describe('EXISTING_KEY_MATERIAL', () => {
  it('re-imports the CURRENT version by default: same version, new expiry, no new row', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const validTo = new Date(f.clock.now().getTime() + 3_600_000);
    const result = await f.importVersion(keyId, material, { expiresAt: validTo });
    expect(result.material.expiresAt).toEqual(validTo);
    expect(await f.versions(keyId)).toEqual([expect.objectContaining({ sequence: 1, state: 'CURRENT', expiresAt: validTo })]);
  });

  it('re-imports a NON_CURRENT version named by its material id', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const second = randomBytes(32);
    await f.importVersion(keyId, second, { importType: 'NEW_KEY_MATERIAL' });
    await rotateKeyOnDemand(f.ctx, { actor: admin, keyId });
    const validTo = new Date(f.clock.now().getTime() + 7_200_000);
    const result = await f.importVersion(keyId, material, { materialId: f.idOf(keyId, material), expiresAt: validTo });
    expect(result).toMatchObject({ importedMaterialId: f.idOf(keyId, material), material: { materialId: f.idOf(keyId, second), expiresAt: validTo } });
    expect(await f.shape(keyId)).toEqual([[1, 'NON_CURRENT'], [2, 'CURRENT']]);
  });

  it('refuses other material for the CURRENT version with MATERIAL_INCORRECT naming version, material id and KCV', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const error = await expectRefusedUnchanged(f, keyId, randomBytes(32), {}, 'MATERIAL_INCORRECT');
    expect(error.params).toEqual({ sequence: '1', materialId: f.idOf(keyId, material), kcv: f.kcvOf(material) });
  });

  it('refuses the CURRENT version’s material for a named other version, naming that version', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const second = randomBytes(32);
    await f.importVersion(keyId, second, { importType: 'NEW_KEY_MATERIAL' });
    const error = await expectRefusedUnchanged(f, keyId, material, { materialId: f.idOf(keyId, second) }, 'MATERIAL_INCORRECT');
    expect(error.params).toEqual({ sequence: '2', materialId: f.idOf(keyId, second), kcv: f.kcvOf(second) });
  });

  it('refuses an unknown material id with NOT_FOUND', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    await expectRefusedUnchanged(f, keyId, material, { materialId: 'b'.repeat(64) }, 'NOT_FOUND');
  });
});

describe('NEW_KEY_MATERIAL', () => {
  it('adds one PENDING_ROTATION version: the key keeps using CURRENT and its state', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const second = randomBytes(32);
    const result = await f.importVersion(keyId, second, { importType: 'NEW_KEY_MATERIAL', description: 'next year' });
    expect(result).toMatchObject({ state: 'ENABLED', importedMaterialId: f.idOf(keyId, second), material: { materialId: f.idOf(keyId, material) } });
    expect(await f.versions(keyId)).toEqual([
      expect.objectContaining({ sequence: 1, state: 'CURRENT' }),
      expect.objectContaining({ sequence: 2, state: 'PENDING_ROTATION', description: 'next year', kcv: f.kcvOf(second) }),
    ]);
  });

  it('is allowed on a Disabled key, which stays Disabled', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    await disableKey(f.ctx, { actor: admin, keyId });
    expect((await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' })).state).toBe('DISABLED');
  });

  it('refuses material identical to an existing version (MATERIAL_INCORRECT, reason existing-version)', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const error = await expectRefusedUnchanged(f, keyId, material, { importType: 'NEW_KEY_MATERIAL' }, 'MATERIAL_INCORRECT');
    expect(error).toMatchObject({ reason: 'existing-version', params: { sequence: '1', materialId: f.idOf(keyId, material) } });
  });

  it('refuses a second NEW import while one is pending (INVALID_STATE)', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' });
    await expectRefusedUnchanged(f, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' }, 'INVALID_STATE');
  });

  it('refuses a key whose bound material is gone (Pending import): INVALID_STATE', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey(randomBytes(32), new Date(f.clock.now().getTime() + 60_000));
    f.clock.advance({ minutes: 1 });
    await expectRefusedUnchanged(f, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' }, 'INVALID_STATE');
  });

  it('refuses a key pending deletion: INVALID_STATE', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    // Taken while the key could still be given parameters: a key pending deletion gets none.
    const p = await f.parameters(keyId);
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId, pendingWindowInDays: 7 });
    await expectRefusedUnchanged(f, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' }, 'INVALID_STATE', p);
  });

  it('refuses a material id together with NEW (VALIDATION)', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    await expectRefusedUnchanged(f, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL', materialId: f.idOf(keyId, material) }, 'VALIDATION');
  });

  it('re-imports the pending version by its material id as itself (EXISTING), still pending', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    const second = randomBytes(32);
    await f.importVersion(keyId, second, { importType: 'NEW_KEY_MATERIAL' });
    const validTo = new Date(f.clock.now().getTime() + 3_600_000);
    await f.importVersion(keyId, second, { materialId: f.idOf(keyId, second), expiresAt: validTo });
    expect(await f.versions(keyId)).toEqual([
      expect.objectContaining({ state: 'CURRENT' }),
      expect.objectContaining({ state: 'PENDING_ROTATION', expiresAt: validTo }),
    ]);
    expect(await codeOf(f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' }))).toBe('INVALID_STATE');
  });
});

describe('NEW_KEY_MATERIAL refusals come in SPEC §4’s order: the state before the token and the unwrap', () => {
  it('a key Pending import refuses NEW with INVALID_STATE even with a token already used', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const p = await f.parameters(keyId);
    await f.importWith(p, f.wrap(p, material));
    await deleteKeyMaterial(f.ctx, { actor: admin, keyId });
    await expectRefusedUnchanged(f, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' }, 'INVALID_STATE', p);
  });

  it('a second NEW import while one is pending is INVALID_STATE, not WRAP_INVALID, and costs the token no attempt', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' });
    const p = await f.parameters(keyId);
    const before = await everything(f, keyId);
    const garbage = Buffer.from(f.wrap(p, randomBytes(32)));
    garbage[10] = (garbage[10] as number) ^ 0xff;
    const code = await codeOf(
      importKeyMaterial(f.ctx, { actor: f.actor, keyId, importToken: p.importToken, encryptedKeyMaterial: garbage, expiration: { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }, importType: 'NEW_KEY_MATERIAL' }),
    );
    expect(code).toBe('INVALID_STATE');
    expect(await everything(f, keyId)).toEqual(before);
  });
});


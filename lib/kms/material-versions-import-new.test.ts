import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deleteKeyMaterial } from './delete-key-material';
import { disableKey } from './disable-key';
import { importKeyMaterial } from './import-key-material';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { everything, expectRefusedUnchanged } from './testing/import-refusal';
import { createVersionFixture } from './testing/material-version-fixture';
import { codeOf, principal } from './testing/test-context';

// SPEC §11 NEW_KEY_MATERIAL: one PENDING_ROTATION version, of material no version of the key holds, while the
// key is Enabled or Disabled. SPEC §4: a refused import changes nothing but its audit record.

const admin = principal('ADMINISTRATOR');

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

  it('takes a description of up to 256 characters; 257, or a control character, is VALIDATION', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    await expectRefusedUnchanged(f, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL', description: 'é'.repeat(257) }, 'VALIDATION');
    await expectRefusedUnchanged(f, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL', description: 'line\nbreak' }, 'VALIDATION');
    await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL', description: 'é'.repeat(256) });
    expect((await f.versions(keyId))[1]?.description).toBe('é'.repeat(256));
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


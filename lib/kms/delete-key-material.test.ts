import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cancelKeyDeletion } from './cancel-key-deletion';
import { createAlias } from './create-alias';
import { createKey } from './create-key';
import { deleteKeyMaterial } from './delete-key-material';
import { disableKey } from './disable-key';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createImportFixture, expiresAt } from './testing/import-fixture';
import { codeOf, principal, seedImportedMaterial } from './testing/test-context';

const admin = principal('ADMINISTRATOR');

async function importedKey(options: { disabled?: boolean } = {}) {
  const f = createImportFixture();
  const keyId = await f.externalKey('material-key');
  const { materialId, material } = await seedImportedMaterial({ ctx: f.ctx, keyId, expiresAt: null });
  if (options.disabled) await disableKey(f.ctx, { actor: admin, keyId });
  return { ...f, keyId, materialId, material };
}

describe('deleteKeyMaterial', () => {
  it.each([
    ['Enabled', false],
    ['Disabled', true],
  ])('%s → Pending import: sealed material gone, key, aliases and material id kept', async (_, disabled) => {
    const f = await importedKey({ disabled });
    await createAlias(f.ctx, { actor: admin, keyId: f.keyId, alias: 'second' });
    const view = await deleteKeyMaterial(f.ctx, { actor: f.actor, keyId: f.keyId });
    expect(view).toMatchObject({
      state: 'PENDING_IMPORT',
      aliases: ['material-key', 'second'],
      material: { status: 'AWAITING_IMPORT', materialId: f.materialId },
    });
    expect(await f.store.findKey(f.keyId)).toMatchObject({
      materialCiphertext: null,
      materialImportedAt: null,
      materialExpiresAt: null,
      materialId: f.materialId,
    });
    expect(f.store.audit.at(-1)).toMatchObject({
      action: 'DeleteImportedKeyMaterial',
      result: 'SUCCESS',
      details: { fromState: disabled ? 'DISABLED' : 'ENABLED', toState: 'PENDING_IMPORT' },
    });
  });

  it('keeps the binding: the same material imports again (→ Enabled), different material is refused', async () => {
    const f = await importedKey();
    await deleteKeyMaterial(f.ctx, { actor: f.actor, keyId: f.keyId });
    const p = await f.parameters(f.keyId);
    expect(await codeOf(f.importWith(p, f.wrap(p, randomBytes(32))))).toBe('MATERIAL_INCORRECT');
    expect((await f.store.findKey(f.keyId))?.state).toBe('PENDING_IMPORT');
    expect((await f.importWith(p, f.wrap(p, f.material))).state).toBe('ENABLED');
  });

  it('deletes the material of a key pending deletion without changing its state; cancelling then gives Pending import', async () => {
    const f = await importedKey();
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId: f.keyId });
    expect(await deleteKeyMaterial(f.ctx, { actor: f.actor, keyId: f.keyId })).toMatchObject({ state: 'PENDING_DELETION' });
    expect((await f.store.findKey(f.keyId))?.materialCiphertext).toBeNull();
    const cancelled = await cancelKeyDeletion(f.ctx, { actor: admin, keyId: f.keyId });
    expect(cancelled).toMatchObject({ state: 'PENDING_IMPORT', material: { materialId: f.materialId } });
  });

  it('refuses a key with nothing to delete: Pending import, or pending deletion without material (INVALID_STATE)', async () => {
    const f = createImportFixture();
    const fresh = await f.externalKey();
    expect(await codeOf(deleteKeyMaterial(f.ctx, { actor: f.actor, keyId: fresh }))).toBe('INVALID_STATE');
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId: fresh });
    const before = await f.snapshot(fresh);
    expect(await codeOf(deleteKeyMaterial(f.ctx, { actor: f.actor, keyId: fresh }))).toBe('INVALID_STATE');
    expect(await f.snapshot(fresh)).toEqual(before);
  });

  it('refuses expired material as already gone (effective state Pending import)', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const p = await f.parameters(keyId);
    await f.importWith(p, f.wrap(p, randomBytes(32)), expiresAt(new Date(f.clock.now().getTime() + 1000)));
    f.clock.advance({ seconds: 1 });
    expect(await codeOf(deleteKeyMaterial(f.ctx, { actor: f.actor, keyId }))).toBe('INVALID_STATE');
  });

  it('refuses generated keys (UNSUPPORTED) and roles without import rights (FORBIDDEN), changing nothing', async () => {
    const f = createImportFixture();
    const { id: generated } = await createKey(f.ctx, { actor: admin, alias: 'generated', origin: 'KMS' });
    expect(await codeOf(deleteKeyMaterial(f.ctx, { actor: f.actor, keyId: generated }))).toBe('UNSUPPORTED');
    expect((await f.store.findKey(generated))?.materialCiphertext).not.toBeNull();
    const g = await importedKey();
    expect(await codeOf(deleteKeyMaterial(g.ctx, { actor: principal('KEY_USER'), keyId: g.keyId }))).toBe('FORBIDDEN');
    expect((await g.store.findKey(g.keyId))?.state).toBe('ENABLED');
  });
});

import { describe, expect, it } from 'vitest';
import { cancelKeyDeletion } from './cancel-key-deletion';
import { createAlias } from './create-alias';
import { createKey } from './create-key';
import { deleteAlias } from './delete-alias';
import { disableKey } from './disable-key';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { codeOf, createTestContext, principal, seedImportedMaterial } from './testing/test-context';
import { updateKeyDescription } from './update-key-description';

const admin = principal('ADMINISTRATOR');
const DAY = 86_400_000;

describe('scheduleKeyDeletion', () => {
  it('waits 30 days by default, exactly, and audits the window', async () => {
    const { ctx, store, clock } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', origin: 'KMS' });
    const view = await scheduleKeyDeletion(ctx, { actor: admin, keyId });
    const expected = new Date(clock.now().getTime() + 30 * DAY);
    expect(view).toMatchObject({ state: 'PENDING_DELETION', deletionDate: expected });
    expect(store.audit.at(-1)).toMatchObject({
      action: 'ScheduleKeyDeletion',
      result: 'SUCCESS',
      details: { fromState: 'ENABLED', toState: 'PENDING_DELETION', pendingWindowInDays: 30, deletionDate: expected.toISOString() },
    });
  });

  it.each([7, 1096])('accepts a %d-day window', async (days) => {
    const { ctx, clock } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', origin: 'EXTERNAL' });
    const view = await scheduleKeyDeletion(ctx, { actor: admin, keyId, pendingWindowInDays: days });
    expect(view.deletionDate).toEqual(new Date(clock.now().getTime() + days * DAY));
  });

  it.each([6, 1097, 7.5])('refuses a %d-day window with VALIDATION', async (days) => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', origin: 'KMS' });
    expect(await codeOf(scheduleKeyDeletion(ctx, { actor: admin, keyId, pendingWindowInDays: days }))).toBe('VALIDATION');
    expect((await store.findKey(keyId))?.state).toBe('ENABLED');
  });

  it('refuses to schedule twice (the window is not silently extended)', async () => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', origin: 'KMS' });
    const first = await scheduleKeyDeletion(ctx, { actor: admin, keyId, pendingWindowInDays: 7 });
    expect(await codeOf(scheduleKeyDeletion(ctx, { actor: admin, keyId, pendingWindowInDays: 30 }))).toBe('INVALID_STATE');
    expect((await store.findKey(keyId))?.deletionDate).toEqual(first.deletionDate);
  });
});

describe('cancelKeyDeletion', () => {
  it('returns a key with material to Disabled (never straight to Enabled) and clears the date', async () => {
    const { ctx } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', origin: 'KMS' });
    await scheduleKeyDeletion(ctx, { actor: admin, keyId });
    expect(await cancelKeyDeletion(ctx, { actor: admin, keyId })).toMatchObject({ state: 'DISABLED', deletionDate: null });
  });

  it('returns a key without material to Pending import', async () => {
    const { ctx } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', origin: 'EXTERNAL' });
    await scheduleKeyDeletion(ctx, { actor: admin, keyId });
    expect(await cancelKeyDeletion(ctx, { actor: admin, keyId })).toMatchObject({ state: 'PENDING_IMPORT', deletionDate: null });
  });

  it('treats material that expired during the window as absent: Pending import, material deleted, binding kept', async () => {
    const { ctx, store, clock } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', origin: 'EXTERNAL' });
    const { materialId } = await seedImportedMaterial({ ctx, keyId, expiresAt: new Date(clock.now().getTime() + DAY) });
    await scheduleKeyDeletion(ctx, { actor: admin, keyId });
    clock.advance({ days: 2 });
    const view = await cancelKeyDeletion(ctx, { actor: admin, keyId });
    expect(view).toMatchObject({ state: 'PENDING_IMPORT', material: { status: 'AWAITING_IMPORT', materialId } });
    expect(await store.findKey(keyId)).toMatchObject({ materialCiphertext: null, materialExpiresAt: null, materialId });
  });

  it('keeps unexpired imported material: Disabled', async () => {
    const { ctx, clock } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', origin: 'EXTERNAL' });
    await seedImportedMaterial({ ctx, keyId, expiresAt: new Date(clock.now().getTime() + 10 * DAY) });
    await scheduleKeyDeletion(ctx, { actor: admin, keyId });
    expect((await cancelKeyDeletion(ctx, { actor: admin, keyId })).state).toBe('DISABLED');
  });

  it('refuses a key that is not pending deletion', async () => {
    const { ctx } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', origin: 'KMS' });
    expect(await codeOf(cancelKeyDeletion(ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
    await disableKey(ctx, { actor: admin, keyId });
    expect(await codeOf(cancelKeyDeletion(ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
  });
});

describe('a key pending deletion', () => {
  it('keeps its description and takes no new alias, but lets an alias go', async () => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', description: 'before', origin: 'KMS' });
    await scheduleKeyDeletion(ctx, { actor: admin, keyId });
    expect(await codeOf(updateKeyDescription(ctx, { actor: admin, keyId, description: 'after' }))).toBe('INVALID_STATE');
    expect(await codeOf(createAlias(ctx, { actor: admin, keyId, alias: 'extra' }))).toBe('INVALID_STATE');
    await deleteAlias(ctx, { actor: admin, alias: 'k' });
    expect(await store.findKey(keyId)).toMatchObject({ description: 'before', aliases: [] });
    expect(store.aliases.has('extra')).toBe(false);
  });
});

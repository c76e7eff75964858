import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { disableKey } from './disable-key';
import { enableKey } from './enable-key';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { updateKeyDescription } from './update-key-description';
import { barrier, codeOf, createTestContext, principal, seedImportedMaterial } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const MISSING = '00000000-0000-4000-8000-000000000000';

async function setup() {
  const t = createTestContext();
  const key = await createKey(t.ctx, { actor: admin, alias: 'k', origin: 'KMS' });
  t.store.audit.length = 0;
  return { ...t, keyId: key.id };
}

describe('disableKey / enableKey', () => {
  it('moves Enabled → Disabled → Enabled, bumping the version and auditing each transition', async () => {
    const { ctx, store, keyId } = await setup();
    expect(await disableKey(ctx, { actor: admin, keyId })).toMatchObject({ id: keyId, state: 'DISABLED' });
    expect(await enableKey(ctx, { actor: admin, keyId })).toMatchObject({ state: 'ENABLED' });
    expect((await store.findKey(keyId))?.version).toBe(2);
    expect(store.audit.map((e) => [e.action, e.result, e.details])).toEqual([
      ['DisableKey', 'SUCCESS', { fromState: 'ENABLED', toState: 'DISABLED' }],
      ['EnableKey', 'SUCCESS', { fromState: 'DISABLED', toState: 'ENABLED' }],
    ]);
  });

  it('refuses what the table does not allow with INVALID_STATE, changes nothing, and audits the failure', async () => {
    const { ctx, store, keyId } = await setup();
    expect(await codeOf(enableKey(ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
    await scheduleKeyDeletion(ctx, { actor: admin, keyId });
    expect(await codeOf(disableKey(ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
    expect(await codeOf(enableKey(ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
    expect((await store.findKey(keyId))?.state).toBe('PENDING_DELETION');
    expect(store.audit.filter((e) => e.result === 'FAILURE').map((e) => [e.action, e.errorCode, e.keyId])).toEqual([
      ['EnableKey', 'INVALID_STATE', keyId],
      ['DisableKey', 'INVALID_STATE', keyId],
      ['EnableKey', 'INVALID_STATE', keyId],
    ]);
  });

  it('answers NOT_FOUND for an unknown key and VALIDATION for a malformed ID, both audited', async () => {
    const { ctx, store } = await setup();
    expect(await codeOf(disableKey(ctx, { actor: admin, keyId: MISSING }))).toBe('NOT_FOUND');
    expect(await codeOf(disableKey(ctx, { actor: admin, keyId: "x' OR 1=1" }))).toBe('VALIDATION');
    expect(store.audit.map((e) => [e.errorCode, e.keyId])).toEqual([
      ['NOT_FOUND', MISSING],
      ['VALIDATION', null],
    ]);
  });

  it.each(['KEY_USER', 'AUDITOR'] as const)('refuses a %s with FORBIDDEN, audited, key unchanged', async (role) => {
    const { ctx, store, keyId } = await setup();
    expect(await codeOf(disableKey(ctx, { actor: principal(role), keyId }))).toBe('FORBIDDEN');
    expect((await store.findKey(keyId))?.state).toBe('ENABLED');
    expect(store.audit).toEqual([expect.objectContaining({ action: 'DisableKey', errorCode: 'FORBIDDEN', keyId })]);
  });

  it('rolls the transition back when its audit record cannot be written', async () => {
    const { ctx, store, keyId } = await setup();
    store.failNext('insertAudit');
    await expect(disableKey(ctx, { actor: admin, keyId })).rejects.toThrow('injected insertAudit failure');
    expect(await store.findKey(keyId)).toMatchObject({ state: 'ENABLED', version: 0 });
  });
});

describe('effective state: expired imported material reads as Pending import', () => {
  it('refuses to enable or disable a key whose material expired, before any sweeper ran', async () => {
    const { ctx, store, clock } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'byok', origin: 'EXTERNAL' });
    await seedImportedMaterial({ ctx, keyId, expiresAt: new Date(clock.now().getTime() + 60_000) });
    await disableKey(ctx, { actor: admin, keyId });
    clock.advance({ minutes: 1 }); // the expiry instant itself counts as expired
    expect(await codeOf(enableKey(ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
    expect((await store.findKey(keyId))?.state).toBe('DISABLED');
  });
});

describe('concurrent transitions', () => {
  it('re-evaluates a lost race: of two concurrent disables one succeeds, the other is INVALID_STATE', async () => {
    const { ctx, store, keyId } = await setup();
    store.hooks.updateKey = barrier(2);
    const codes = await Promise.all([disableKey(ctx, { actor: admin, keyId }), disableKey(ctx, { actor: admin, keyId })].map(codeOf));
    expect(codes.sort()).toEqual(['INVALID_STATE', 'NO_ERROR']);
    expect(await store.findKey(keyId)).toMatchObject({ state: 'DISABLED', version: 1 });
    expect(store.audit.map((e) => e.result).sort()).toEqual(['FAILURE', 'SUCCESS']);
  });

  it('retries a lost race once: two concurrent description edits both apply, one after the other', async () => {
    const { ctx, store, keyId } = await setup();
    store.hooks.updateKey = barrier(2);
    await Promise.all(['first', 'second'].map((description) => updateKeyDescription(ctx, { actor: admin, keyId, description })));
    expect((await store.findKey(keyId))?.version).toBe(2);
    expect(store.audit.filter((e) => e.result === 'SUCCESS')).toHaveLength(2);
  });

  it('gives INVALID_STATE after losing twice', async () => {
    const { ctx, store, keyId } = await setup();
    let interfering = false;
    store.hooks.updateKey = async () => {
      if (interfering) return;
      interfering = true; // another writer commits just before each of our conditional updates
      const current = await store.findKey(keyId);
      await store.transaction((tx) => tx.updateKey(keyId, current?.version ?? -1, {}));
      interfering = false;
    };
    expect(await codeOf(disableKey(ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
    expect(await store.findKey(keyId)).toMatchObject({ state: 'ENABLED', version: 2 });
  });

  it('lets disable and schedule-deletion race only into outcomes the table allows', async () => {
    for (let round = 0; round < 10; round++) {
      const { ctx, store, keyId } = await setup();
      store.hooks.updateKey = barrier(2);
      const [disabled, scheduled] = await Promise.allSettled([
        disableKey(ctx, { actor: admin, keyId }),
        scheduleKeyDeletion(ctx, { actor: admin, keyId }),
      ]);
      expect(scheduled.status).toBe('fulfilled'); // allowed from both Enabled and Disabled
      const final = await store.findKey(keyId);
      expect(final?.state).toBe('PENDING_DELETION');
      // Either disable went first (both succeed, two versions) or it lost to the deletion (refused).
      expect(final?.version).toBe(disabled.status === 'fulfilled' ? 2 : 1);
    }
  });
});

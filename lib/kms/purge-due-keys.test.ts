import { describe, expect, it } from 'vitest';
import { cancelKeyDeletion } from './cancel-key-deletion';
import { createKey } from './create-key';
import { SYSTEM_PRINCIPAL } from './principals';
import { purgeDueKeys } from './purge-due-keys';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { barrier, codeOf, createTestContext, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');

async function scheduled(days: number[]) {
  const t = createTestContext();
  const ids: string[] = [];
  for (const [i, pendingWindowInDays] of days.entries()) {
    const { id } = await createKey(t.ctx, { actor: admin, alias: `k${i}`, origin: 'KMS' });
    await scheduleKeyDeletion(t.ctx, { actor: admin, keyId: id, pendingWindowInDays });
    ids.push(id);
  }
  return { ...t, ids };
}

describe('purgeDueKeys', () => {
  it('purges keys whose window ended (at the instant itself), with aliases, and keeps audit history', async () => {
    const { ctx, store, clock, ids } = await scheduled([7, 30]);
    const kept = await createKey(ctx, { actor: admin, alias: 'live', origin: 'KMS' });
    clock.advance({ days: 7 });
    expect(await purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL })).toEqual({ purgedKeyIds: [ids[0]] });
    expect(await store.findKey(ids[0] as string)).toBeNull();
    expect(store.aliases.has('k0')).toBe(false);
    expect(await store.findKey(ids[1] as string)).not.toBeNull();
    expect(await store.findKey(kept.id)).not.toBeNull();
    expect(store.audit.filter((e) => e.keyId === ids[0]).map((e) => e.action)).toEqual(['CreateKey', 'ScheduleKeyDeletion', 'PurgeKey']);
    expect(store.audit.at(-1)).toMatchObject({ action: 'PurgeKey', actorType: 'system', actorName: 'Keyfort', result: 'SUCCESS' });
  });

  it('does nothing before the window ends and nothing the second time', async () => {
    const { ctx, store, clock, ids } = await scheduled([7]);
    clock.advance({ days: 7, ms: -1 });
    expect(await purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL })).toEqual({ purgedKeyIds: [] });
    clock.advance({ ms: 1 });
    expect((await purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL })).purgedKeyIds).toEqual(ids);
    const audits = store.audit.length;
    expect(await purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL })).toEqual({ purgedKeyIds: [] });
    expect(store.audit).toHaveLength(audits);
  });

  it('purges each key once, with one audit record, when two workers run at the same time', async () => {
    const { ctx, store, clock, ids } = await scheduled([7, 7, 8]);
    clock.advance({ days: 9 });
    store.hooks.deleteKey = barrier(2);
    const [a, b] = await Promise.all([purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL }), purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL })]);
    expect([...(a?.purgedKeyIds ?? []), ...(b?.purgedKeyIds ?? [])].sort()).toEqual([...ids].sort());
    expect(store.audit.filter((e) => e.action === 'PurgeKey').map((e) => e.keyId).sort()).toEqual([...ids].sort());
    expect(store.keys.size).toBe(0);
  });

  it('spares a key whose deletion was cancelled after it was listed', async () => {
    const { ctx, store, clock, ids } = await scheduled([7]);
    const keyId = ids[0] as string;
    clock.advance({ days: 8 });
    let cancelled = false;
    store.hooks.deleteKey = async () => {
      if (cancelled) return;
      cancelled = true;
      await cancelKeyDeletion(ctx, { actor: admin, keyId });
    };
    expect(await purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL })).toEqual({ purgedKeyIds: [] });
    expect((await store.findKey(keyId))?.state).toBe('DISABLED');
    expect(store.audit.some((e) => e.action === 'PurgeKey')).toBe(false);
  });

  it('honours the limit, oldest due first', async () => {
    const { ctx, clock, ids } = await scheduled([9, 7, 8]);
    clock.advance({ days: 10 });
    expect(await purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL, limit: 2 })).toEqual({ purgedKeyIds: [ids[1], ids[2]] });
    expect(await codeOf(purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL, limit: 0 }))).toBe('VALIDATION');
  });

  it('refuses an actor without key management rights', async () => {
    const { ctx, store, clock } = await scheduled([7]);
    clock.advance({ days: 8 });
    expect(await codeOf(purgeDueKeys(ctx, { actor: principal('AUDITOR') }))).toBe('FORBIDDEN');
    expect(store.keys.size).toBe(1);
  });
});

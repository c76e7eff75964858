import { beforeAll, expect, it } from 'vitest';
import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  listAuditEvents,
  purgeDueKeys,
  scheduleKeyDeletion,
  SYSTEM_PRINCIPAL,
  type KmsContext,
} from '@/lib/kms';
import type { FakeClock } from '@/lib/kms/testing/fake-clock';
import { forEachDatabase } from './support/databases';
import { newClock, newKeyring, outcome, rendezvous, startWorkers, type Worker } from './support/domain-context';
import { freshActor, TEST_ACTOR as actor, uniqueAlias } from './support/keys';

// The purge job runs in every instance. Both workers list the same due keys before either deletes
// (lined up after the listing), so each key is contested every round, on both providers.
const ROUNDS = 10;
const DUE_PER_ROUND = 3;
const system = SYSTEM_PRINCIPAL;

forEachDatabase('domain purge job', (db) => {
  let workers: Worker[];
  let clock: FakeClock;
  const a = () => workers[0]!.ctx;
  const b = () => workers[1]!.ctx;

  beforeAll(async () => {
    clock = newClock();
    workers = await startWorkers(db(), 2, clock, newKeyring());
  });

  const scheduled = async (ctx: KmsContext, pendingWindowInDays: number) => {
    const alias = uniqueAlias('purge');
    const key = await createKey(ctx, { actor, alias, origin: 'KMS' });
    await scheduleKeyDeletion(ctx, { actor: freshActor(clock), keyId: key.id, pendingWindowInDays });
    return { id: key.id, alias };
  };
  const audit = async (keyId: string) => (await listAuditEvents(a(), { actor, keyId, pageSize: 100 })).items;

  it('two workers at once: each due key purged once, one PurgeKey record each, aliases gone, history kept', async () => {
    const lostBefore = workers.map((w) => w.probe.lostWrites);
    for (let round = 0; round < ROUNDS; round++) {
      for (const worker of workers) worker.probe.hooks = {};
      const due = await Promise.all(Array.from({ length: DUE_PER_ROUND }, () => scheduled(a(), 7)));
      // One day longer: not due when the others are, and must survive both workers.
      const notYet = await scheduled(b(), 8);
      const enabled = await createKey(b(), { actor, alias: uniqueAlias('purge-keep'), origin: 'KMS' });
      clock.advance({ days: 7 }); // exactly at the deletion date: due (the instant itself counts)
      const listed = rendezvous(2, 5_000);
      for (const worker of workers) worker.probe.hooks = { afterListDue: listed };

      const [first, second] = await Promise.all([
        purgeDueKeys(a(), { actor: system }),
        purgeDueKeys(b(), { actor: system }),
      ]);

      const purged = [...first.purgedKeyIds, ...second.purgedKeyIds].sort();
      expect(purged).toEqual(due.map((k) => k.id).sort()); // no key twice, none missing, no other key
      for (const key of due) {
        expect(await db().store.findKey(key.id)).toBeNull();
        expect(await db().store.findKeyIdByAlias(key.alias)).toBeNull();
        expect(await outcome(describeKey(a(), { actor, keyRef: key.alias }))).toBe('NOT_FOUND');
        const records = await audit(key.id);
        expect(records.filter((e) => e.action === 'PurgeKey').map((e) => `${e.result}:${e.actorId}`)).toEqual(['SUCCESS:system']);
        // The key's history outlives it.
        expect(records.map((e) => e.action).sort()).toEqual(['CreateKey', 'PurgeKey', 'ScheduleKeyDeletion']);
      }
      expect((await describeKey(a(), { actor, keyRef: notYet.id })).state).toBe('PENDING_DELETION');
      expect((await describeKey(a(), { actor, keyRef: enabled.id })).state).toBe('ENABLED');
      // Let the not-yet-due key go in a later round, so each round starts with only its own due keys.
      await cancelKeyDeletion(a(), { actor, keyId: notYet.id });
    }
    // Both listed every due key, so for each key the worker that came second found nothing to delete.
    const lost = workers.reduce((sum, w, i) => sum + w.probe.lostWrites - lostBefore[i]!, 0);
    expect(lost).toBe(ROUNDS * DUE_PER_ROUND);
  });

  it('a deletion cancelled after the job listed the key: the job deletes nothing and audits nothing', async () => {
    for (let round = 0; round < 3; round++) {
      for (const worker of workers) worker.probe.hooks = {};
      const key = await scheduled(a(), 7);
      clock.advance({ days: 7 });
      // Another instance cancels between the job's listing and its delete.
      workers[0]!.probe.hooks = {
        afterListDue: async () => void (await cancelKeyDeletion(b(), { actor, keyId: key.id })),
      };

      const { purgedKeyIds } = await purgeDueKeys(a(), { actor: system });

      expect(purgedKeyIds).toEqual([]);
      expect(await describeKey(a(), { actor, keyRef: key.alias })).toMatchObject({ id: key.id, state: 'DISABLED', deletionDate: null });
      expect((await audit(key.id)).filter((e) => e.action === 'PurgeKey')).toEqual([]);
      // Nothing is left due: a second run finds the key no longer pending deletion.
      workers[0]!.probe.hooks = {};
      expect((await purgeDueKeys(b(), { actor: system })).purgedKeyIds).toEqual([]);
    }
  });
});

import { beforeAll, expect, it } from 'vitest';
import { createAlias, createKey, describeKey, disableKey, listAuditEvents, scheduleKeyDeletion, type KmsContext } from '@/lib/kms';
import type { FakeClock } from '@/lib/kms/testing/fake-clock';
import { forEachDatabase } from './support/databases';
import { lineUpBefore as lineUp, newClock, newKeyring, outcome, startWorkers, type Worker } from './support/domain-context';
import { TEST_ACTOR as actor, uniqueAlias } from './support/keys';

// Two instances of Keyfort (two clients: two SQLite connections / two PostgreSQL pools) race through the
// real domain operations. On PostgreSQL the racers are lined up so both have read before either writes,
// so every round really loses a race; on SQLite BEGIN IMMEDIATE queues the second behind the first.
const ROUNDS = 10;
const DAY_MS = 86_400_000;

forEachDatabase('domain races', (db) => {
  let workers: Worker[];
  let clock: FakeClock;
  const a = () => workers[0]!.ctx;
  const b = () => workers[1]!.ctx;

  beforeAll(async () => {
    clock = newClock();
    workers = await startWorkers(db(), 2, clock, newKeyring());
  });

  const lineUpBefore = (method: 'updateKey' | 'insertAlias' | 'lockKeyCreation') => lineUp(workers, { provider: db().provider, method });
  const lostWrites = () => workers.reduce((sum, worker) => sum + worker.probe.lostWrites, 0);
  const auditOf = async (ctx: KmsContext, keyId: string) => (await listAuditEvents(ctx, { actor, keyId, pageSize: 100 })).items;

  it('disable and schedule deletion at once on one Enabled key: only serial outcomes of the state table', async () => {
    const seen = new Set<string>();
    const lostBefore = lostWrites();
    for (let round = 0; round < ROUNDS; round++) {
      for (const worker of workers) worker.probe.hooks = {};
      const key = await createKey(a(), { actor, alias: uniqueAlias('race-state'), origin: 'KMS' });
      lineUpBefore('updateKey');
      // Alternate which instance does which, so neither client is always first.
      const [disabler, scheduler] = round % 2 ? [b(), a()] : [a(), b()];

      const [disabled, scheduled] = await Promise.all([
        outcome(disableKey(disabler, { actor, keyId: key.id })),
        outcome(scheduleKeyDeletion(scheduler, { actor, keyId: key.id, pendingWindowInDays: 7 })),
      ]);

      // Scheduling is allowed from Enabled and from Disabled, so it always succeeds; disabling after the
      // key is pending deletion is refused. Either order ends in PENDING_DELETION.
      expect(scheduled).toBe('OK');
      expect(['OK', 'INVALID_STATE']).toContain(disabled);
      seen.add(disabled);
      const after = await describeKey(b(), { actor, keyRef: key.id });
      expect(after.state).toBe('PENDING_DELETION');
      expect(after.deletionDate).toEqual(new Date(clock.now().getTime() + 7 * DAY_MS));
      const stored = await db().store.findKey(key.id);
      expect(stored!.version).toBe(disabled === 'OK' ? 2 : 1);

      // The audit trail must be a serial history: each success starts from the state the previous one left.
      const audit = await auditOf(a(), key.id);
      const successes = audit
        .filter((e) => e.result === 'SUCCESS' && e.action !== 'CreateKey')
        .map((e) => `${e.action}:${e.details?.fromState}->${e.details?.toState}`)
        .sort();
      const failures = audit.filter((e) => e.result === 'FAILURE').map((e) => `${e.action}:${e.errorCode}`);
      if (disabled === 'OK') {
        expect(successes).toEqual(['DisableKey:ENABLED->DISABLED', 'ScheduleKeyDeletion:DISABLED->PENDING_DELETION']);
        expect(failures).toEqual([]);
      } else {
        expect(successes).toEqual(['ScheduleKeyDeletion:ENABLED->PENDING_DELETION']);
        expect(failures).toEqual(['DisableKey:INVALID_STATE']);
      }
    }
    // Proof the test exercised the conditional update: on PostgreSQL every round had a loser that re-read.
    if (db().provider === 'postgresql') expect(lostWrites() - lostBefore).toBe(ROUNDS);
    expect(seen.size).toBeGreaterThan(0);
  });

  it('createKey with the same alias from two instances at once: one key, one ALIAS_EXISTS, no orphan', async () => {
    const prisma = db().database.prisma;
    for (let round = 0; round < ROUNDS; round++) {
      const alias = uniqueAlias('race-create');
      const keysBefore = await prisma.key.count();
      const createdBefore = await prisma.auditEvent.count({ where: { action: 'CreateKey', result: 'SUCCESS' } });
      // Both have begun before either writes; the key-creation lock (keys-per-installation limit) then orders them.
      lineUpBefore('lockKeyCreation');

      const results = await Promise.allSettled([
        createKey(a(), { actor, alias, origin: 'KMS' }),
        createKey(b(), { actor, alias, origin: 'EXTERNAL' }),
      ]);

      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string }] : []));
      expect(won).toHaveLength(1);
      expect(lost.map((e) => e.code)).toEqual(['ALIAS_EXISTS']);
      expect(await db().store.findKeyIdByAlias(alias)).toBe(won[0]!.id);
      // The losing transaction inserted its key row before the alias failed; it must have rolled back.
      expect(await prisma.key.count()).toBe(keysBefore + 1);
      expect(await prisma.auditEvent.count({ where: { action: 'CreateKey', result: 'SUCCESS' } })).toBe(createdBefore + 1);
    }
  });

  it('createAlias with one name on two keys at once: exactly one key gets it, the other is unchanged', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      for (const worker of workers) worker.probe.hooks = {};
      const first = await createKey(a(), { actor, alias: uniqueAlias('race-own'), origin: 'KMS' });
      const second = await createKey(b(), { actor, alias: uniqueAlias('race-own'), origin: 'EXTERNAL' });
      const alias = uniqueAlias('race-shared');
      lineUpBefore('insertAlias');

      const codes = await Promise.all([
        outcome(createAlias(a(), { actor, keyId: first.id, alias })),
        outcome(createAlias(b(), { actor, keyId: second.id, alias })),
      ]);

      expect([...codes].sort()).toEqual(['ALIAS_EXISTS', 'OK']);
      const [winner, loser] = codes[0] === 'OK' ? [first, second] : [second, first];
      expect(await db().store.findKeyIdByAlias(alias)).toBe(winner.id);
      // The loser's version bump and SUCCESS audit rolled back with its failed alias insert.
      const loserNow = await db().store.findKey(loser.id);
      expect(loserNow).toMatchObject({ version: 0, aliases: loser.aliases });
      expect(await db().store.findKey(winner.id)).toMatchObject({ version: 1, aliases: [...winner.aliases, alias].sort() });
      const loserAudit = (await auditOf(a(), loser.id)).filter((e) => e.action === 'CreateAlias');
      expect(loserAudit.map((e) => `${e.result}:${e.errorCode}`)).toEqual(['FAILURE:ALIAS_EXISTS']);
      const winnerAudit = (await auditOf(a(), winner.id)).filter((e) => e.action === 'CreateAlias');
      expect(winnerAudit.map((e) => `${e.result}:${e.details?.alias}`)).toEqual([`SUCCESS:${alias}`]);
    }
  });
});

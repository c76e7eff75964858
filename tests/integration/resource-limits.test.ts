import { beforeAll, beforeEach, expect, it } from 'vitest';
import { createAlias, createKey, getImportParameters } from '@/lib/kms';
import type { FakeClock } from '@/lib/kms/testing/fake-clock';
import { forEachDatabase } from './support/databases';
import { lineUpBefore as lineUp, newClock, newKeyring, outcome, startWorkers, type Worker } from './support/domain-context';
import { TEST_ACTOR as actor, uniqueAlias } from './support/keys';

// SPEC §7 LIMIT_EXCEEDED on the real stores: two instances race for the last place under each limit. On
// PostgreSQL (READ COMMITTED) both racers have begun their transaction before either counts, so only the
// lock taken before counting (advisory lock for keys, the key's row for aliases and tokens) keeps the
// limit; on SQLite BEGIN IMMEDIATE queues the second behind the first.
const ROUNDS = 5;

forEachDatabase('resource limits', (db) => {
  let workers: Worker[];
  let clock: FakeClock;
  const a = () => workers[0]!.ctx;
  const b = () => workers[1]!.ctx;

  beforeAll(async () => {
    clock = newClock();
    workers = await startWorkers(db(), 2, clock, newKeyring());
  });

  beforeEach(() => {
    for (const worker of workers) worker.probe.hooks = {};
  });

  const setLimits = (limits: { maxKeys?: number; maxAliasesPerKey?: number; maxImportTokensPerKey?: number }) => {
    for (const worker of workers) worker.ctx.limits = { maxKeys: 1_000_000, maxAliasesPerKey: 50, maxImportTokensPerKey: 10, ...limits };
  };
  /** Both racers wait, inside their transactions, just before the call named (after `skip` calls went through). */
  const lineUpBefore = (method: 'lockKeyCreation' | 'updateKey' | 'lockKey', skip = 0) => lineUp(workers, { provider: db().provider, method, skip });

  it('keys per installation: of two creators racing for the last place, one creates, the other gets LIMIT_EXCEEDED', async () => {
    const prisma = db().database.prisma;
    for (let round = 0; round < ROUNDS; round++) {
      const before = await prisma.key.count();
      setLimits({ maxKeys: before + 1 });
      lineUpBefore('lockKeyCreation');
      const codes = await Promise.all([
        outcome(createKey(a(), { actor, alias: uniqueAlias('limit-key'), origin: 'KMS' })),
        outcome(createKey(b(), { actor, alias: uniqueAlias('limit-key'), origin: 'EXTERNAL' })),
      ]);
      expect(codes.sort()).toEqual(['LIMIT_EXCEEDED', 'OK']);
      expect(await prisma.key.count()).toBe(before + 1);
      const refusal = await prisma.auditEvent.findFirst({ where: { action: 'CreateKey', result: 'FAILURE' }, orderBy: { at: 'desc' } });
      expect(refusal?.errorCode).toBe('LIMIT_EXCEEDED');
    }
    setLimits({});
  });

  it('aliases per key: of two requests racing for the last alias, one adds it, the other gets LIMIT_EXCEEDED', async () => {
    setLimits({ maxAliasesPerKey: 2 });
    for (let round = 0; round < ROUNDS; round++) {
      const key = await createKey(a(), { actor, alias: uniqueAlias('limit-alias'), origin: 'KMS' });
      lineUpBefore('updateKey');
      const codes = await Promise.all([
        outcome(createAlias(a(), { actor, keyId: key.id, alias: uniqueAlias('limit-alias') })),
        outcome(createAlias(b(), { actor, keyId: key.id, alias: uniqueAlias('limit-alias') })),
      ]);
      expect(codes.sort()).toEqual(['LIMIT_EXCEEDED', 'OK']);
      expect(await db().store.findKey(key.id)).toMatchObject({ version: 1, aliases: expect.any(Array) });
      expect((await db().store.findKey(key.id))!.aliases).toHaveLength(2);
    }
    setLimits({});
  });

  it('usable import tokens per key: of two requests racing for the last token, one gets it, the other LIMIT_EXCEEDED', async () => {
    setLimits({ maxImportTokensPerKey: 2 });
    const prisma = db().database.prisma;
    for (let round = 0; round < ROUNDS; round++) {
      const key = await createKey(a(), { actor, alias: uniqueAlias('limit-token'), origin: 'EXTERNAL' });
      await getImportParameters(a(), { actor, keyId: key.id, wrappingKeySpec: 'RSA_2048' });
      // Each request locks the key twice: a check before taking a key pair, then in the issuing transaction.
      lineUpBefore('lockKey', 2);
      const codes = await Promise.all([
        outcome(getImportParameters(a(), { actor, keyId: key.id, wrappingKeySpec: 'RSA_2048' })),
        outcome(getImportParameters(b(), { actor, keyId: key.id, wrappingKeySpec: 'RSA_2048' })),
      ]);
      expect(codes.sort()).toEqual(['LIMIT_EXCEEDED', 'OK']);
      expect(await prisma.importToken.count({ where: { keyId: key.id } })).toBe(2);
    }
    // Expired tokens no longer count.
    const key = await createKey(a(), { actor, alias: uniqueAlias('limit-token'), origin: 'EXTERNAL' });
    for (let i = 0; i < 2; i++) await getImportParameters(a(), { actor, keyId: key.id, wrappingKeySpec: 'RSA_2048' });
    expect(await outcome(getImportParameters(b(), { actor, keyId: key.id, wrappingKeySpec: 'RSA_2048' }))).toBe('LIMIT_EXCEEDED');
    clock.advance({ hours: 24 });
    expect(await outcome(getImportParameters(b(), { actor, keyId: key.id, wrappingKeySpec: 'RSA_2048' }))).toBe('OK');
    setLimits({});
  });
});

import { beforeAll, expect, it } from 'vitest';
import { createAlias, createKey, deleteKeyAliases, updateKeyAlias, type KmsContext } from '@/lib/kms';
import { forEachDatabase } from './support/databases';
import { lineUpBefore, newClock, newKeyring, outcome, startWorkers, type Worker } from './support/domain-context';
import { TEST_ACTOR as actor, uniqueAlias } from './support/keys';

// The alias changes the Huawei API needs (update-key-alias, DELETE aliases), on SQLite and PostgreSQL: each is one
// transaction, so a rename never leaves a key without its alias or with two, and a refused change removes nothing.

forEachDatabase('Huawei alias changes', (db) => {
  let workers: Worker[];
  const a = (): KmsContext => workers[0]!.ctx;
  const b = (): KmsContext => workers[1]!.ctx;

  beforeAll(async () => {
    workers = await startWorkers(db(), 2, newClock(), newKeyring());
  });

  it('replaces the only alias; a taken name leaves the old alias in place', async () => {
    const before = uniqueAlias('hw-before');
    const after = uniqueAlias('hw-after');
    const key = await createKey(a(), { actor, alias: before, origin: 'KMS' });
    expect((await updateKeyAlias(a(), { actor, keyId: key.id, alias: after })).aliases).toEqual([after]);
    expect(await db().store.findKeyIdByAlias(before)).toBeNull();
    const other = await createKey(a(), { actor, alias: uniqueAlias('hw-other'), origin: 'KMS' });
    expect(await outcome(updateKeyAlias(a(), { actor, keyId: other.id, alias: after }))).toBe('ALIAS_EXISTS');
    expect((await db().store.findKey(other.id))?.aliases).toEqual(other.aliases);
    expect(await db().store.findKeyIdByAlias(after)).toBe(key.id);
  });

  it('two instances renaming one key at once: both apply in turn, and the key ends with exactly one alias', async () => {
    const key = await createKey(a(), { actor, alias: uniqueAlias('hw-race'), origin: 'KMS' });
    const [left, right] = [uniqueAlias('hw-left'), uniqueAlias('hw-right')];
    for (const worker of workers) worker.probe.hooks = {};
    lineUpBefore(workers, { provider: db().provider, method: 'updateKey' });
    const results = await Promise.all([
      outcome(updateKeyAlias(a(), { actor, keyId: key.id, alias: left })),
      outcome(updateKeyAlias(b(), { actor, keyId: key.id, alias: right })),
    ]);
    for (const worker of workers) worker.probe.hooks = {};
    const aliases = (await db().store.findKey(key.id))?.aliases ?? [];
    expect(aliases).toHaveLength(1);
    expect(results).toEqual(['OK', 'OK']);
    expect([left, right]).toContain(aliases[0]);
    const freed = aliases[0] === left ? right : left;
    expect(await db().store.findKeyIdByAlias(freed)).toBeNull();
  });

  it("deletes several of a key's aliases at once, or none when one is not the key's", async () => {
    const names = [uniqueAlias('hw-d1'), uniqueAlias('hw-d2'), uniqueAlias('hw-d3')];
    const key = await createKey(a(), { actor, alias: names[0], origin: 'KMS' });
    for (const alias of names.slice(1)) await createAlias(a(), { actor, keyId: key.id, alias });
    const foreign = await createKey(a(), { actor, alias: uniqueAlias('hw-foreign'), origin: 'KMS' });
    expect(await outcome(deleteKeyAliases(a(), { actor, keyId: key.id, aliases: [names[0]!, foreign.aliases[0]!] }))).toBe('NOT_FOUND');
    expect((await db().store.findKey(key.id))?.aliases).toHaveLength(3);
    await deleteKeyAliases(a(), { actor, keyId: key.id, aliases: [names[0]!, names[2]!] });
    expect((await db().store.findKey(key.id))?.aliases).toEqual([names[1]]);
  });
});

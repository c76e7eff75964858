import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { resolveDatabaseTarget } from '@/lib/db/target';
import {
  createAlias,
  createKey,
  listAliases,
  listResourceTags,
  purgeDueKeys,
  scheduleKeyDeletion,
  SYSTEM_PRINCIPAL,
  tagResource,
  untagResource,
  type Tag,
} from '@/lib/kms';
import { compareByteOrder } from '@/lib/kms';
import type { FakeClock } from '@/lib/kms/testing/fake-clock';
import { forEachDatabase } from './support/databases';
import { newClock, newKeyring, outcome, startWorkers, type Worker } from './support/domain-context';
import { newKey, TEST_ACTOR as actor } from './support/keys';
import { queryRows } from './support/raw-sql';

const tag = (tagKey: string, tagValue = ''): Tag => ({ tagKey, tagValue });
// Orders differ: the C locale vs en_US (case, "-" and "_" ignored at first), UTF-16 vs UTF-8 (U+FF21 vs U+1D400).
const TAG_KEYS = ['b', 'B', '_x', '-x', 'a b', 'a-c', 'ab', 'Ａ', '𝐀', 'é', 'e', 'Z', '1', ':'];
const ALIAS_NAMES = ['b', 'B', '_x', '-x', 'a-c', 'ab', 'a/c', 'a:c', 'Z', '1', 'A_b', 'a_b'];

forEachDatabase('tags and aliases', (db) => {
  let workers: Worker[];
  let clock: FakeClock;
  const a = () => workers[0]!.ctx;
  const b = () => workers[1]!.ctx;

  beforeAll(async () => {
    clock = newClock();
    workers = await startWorkers(db(), 2, clock, newKeyring());
  });

  it('stores tags per key with exact, case-sensitive keys, and lists them in byte order', async () => {
    const key = newKey();
    const store = db().store;
    await store.transaction(async (tx) => {
      await tx.insertKey(key);
      await tx.putTags(key.id, TAG_KEYS.map((k) => tag(k, `value of ${k}`)), key.createdAt);
    });
    await store.transaction(async (tx) => {
      await tx.putTags(key.id, [tag('b', 'replaced')], key.createdAt);
      await tx.deleteTags(key.id, ['B', 'absent']);
      await tx.deleteTags(key.id, []);
    });
    const expected = TAG_KEYS.filter((k) => k !== 'B').sort(compareByteOrder);
    expect((await store.listTags(key.id)).map((t) => t.tagKey)).toEqual(expected);
    expect((await store.listTags(key.id)).find((t) => t.tagKey === 'b')?.tagValue).toBe('replaced');
    expect((await store.transaction((tx) => tx.listTags(key.id))).map((t) => t.tagKey)).toEqual(expected);
  });

  it('lists aliases in byte order, page after page, all of them or one key’s', async () => {
    const prefix = `order-${randomUUID()}/`;
    const first = await createKey(a(), { actor, origin: 'KMS' });
    const second = await createKey(a(), { actor, origin: 'KMS' });
    for (const [i, name] of ALIAS_NAMES.entries()) {
      await createAlias(a(), { actor, keyId: i % 2 ? second.id : first.id, alias: `${prefix}${name}` });
    }
    const expected = ALIAS_NAMES.map((n) => `${prefix}${n}`).sort(compareByteOrder);
    const paged: string[] = [];
    let marker: string | undefined;
    do {
      const page = await listAliases(b(), { actor, keyRef: undefined, limit: 5, marker });
      paged.push(...page.aliases.map((x) => x.name));
      marker = page.nextMarker ?? undefined;
    } while (marker);
    expect(paged.filter((n) => n.startsWith(prefix))).toEqual(expected);
    expect([...paged].sort(compareByteOrder)).toEqual(paged);
    const ofSecond = await listAliases(b(), { actor, keyRef: second.id, limit: 100 });
    expect(ofSecond.aliases.map((x) => x.name)).toEqual(expected.filter((n) => ALIAS_NAMES.indexOf(n.slice(prefix.length)) % 2 === 1));
    expect(ofSecond.aliases.every((x) => x.keyId === second.id && x.createdAt.getTime() === clock.now().getTime())).toBe(true);
  });

  it('orders alias pages by bytes even where the column’s own collation does not (PostgreSQL, en-x-icu)', async (test) => {
    if (db().provider !== 'postgresql') test.skip(); // SQLite compares TEXT with BINARY whatever the query says
    const target = resolveDatabaseTarget(db().options);
    // Like a server initialised with an English locale: the primary key index now orders "B" after "a".
    await queryRows(target, 'ALTER TABLE "Alias" ALTER COLUMN "name" TYPE TEXT COLLATE "en-x-icu"');
    try {
      const prefix = `icu-${randomUUID()}/`;
      const key = await createKey(a(), { actor, origin: 'KMS' });
      for (const name of ALIAS_NAMES) await createAlias(a(), { actor, keyId: key.id, alias: `${prefix}${name}` });
      const names: string[] = [];
      let marker: string | undefined;
      do {
        const page = await listAliases(b(), { actor, keyRef: key.id, limit: 4, marker });
        names.push(...page.aliases.map((x) => x.name));
        marker = page.nextMarker ?? undefined;
      } while (marker);
      expect(names).toEqual(ALIAS_NAMES.map((n) => `${prefix}${n}`).sort(compareByteOrder));
    } finally {
      await queryRows(target, 'ALTER TABLE "Alias" ALTER COLUMN "name" TYPE TEXT COLLATE "default"');
    }
  });

  it('tags through the domain on one instance are listed on the other, by key ID or alias', async () => {
    const alias = `tags-${randomUUID()}`;
    const key = await createKey(a(), { actor, alias, origin: 'KMS', tags: [tag('team', 'payments')] });
    await tagResource(b(), { actor, keyRef: `alias/${alias}`, tags: [tag('env', 'prod'), tag('team', 'billing')] });
    await untagResource(a(), { actor, keyRef: key.id, tagKeys: ['env'] });
    expect(await listResourceTags(b(), { actor, keyRef: alias })).toEqual({ tags: [tag('team', 'billing')], nextMarker: null });
  });

  it('two instances tagging one key at once cannot jointly pass the 50-tag cap', async () => {
    for (let round = 0; round < 3; round++) {
      const key = await createKey(a(), { actor, origin: 'KMS', tags: Array.from({ length: 44 }, (_, i) => tag(`base-${i}`)) });
      const extra = (name: string) => Array.from({ length: 4 }, (_, i) => tag(`${name}-${i}`));
      const outcomes = await Promise.all([
        outcome(tagResource(a(), { actor, keyRef: key.id, tags: extra('a') })),
        outcome(tagResource(b(), { actor, keyRef: key.id, tags: extra('b') })),
      ]);
      expect(outcomes.sort()).toEqual(['OK', 'VALIDATION']);
      expect(await db().store.listTags(key.id)).toHaveLength(48);
    }
  });

  it('creating a key whose alias is taken leaves no tags behind', async () => {
    const alias = `taken-${randomUUID()}`;
    await createKey(a(), { actor, alias, origin: 'KMS' });
    const target = resolveDatabaseTarget(db().options);
    const count = async () => Number((await queryRows<{ n: number | string }>(target, 'SELECT count(*) AS n FROM "Tag"'))[0]!.n);
    const before = await count();
    expect(await outcome(createKey(b(), { actor, alias, origin: 'KMS', tags: [tag('orphan')] }))).toBe('ALIAS_EXISTS');
    expect(await count()).toBe(before);
  });

  it('purging a key deletes its tags with it', async () => {
    const key = await createKey(a(), { actor, origin: 'KMS', tags: [tag('doomed', '1'), tag('also', '2')] });
    const keep = await createKey(a(), { actor, origin: 'KMS', tags: [tag('kept')] });
    await scheduleKeyDeletion(a(), { actor, keyId: key.id, pendingWindowInDays: 7 });
    clock.advance({ days: 7 });
    await purgeDueKeys(b(), { actor: SYSTEM_PRINCIPAL });
    const target = resolveDatabaseTarget(db().options);
    expect(await queryRows(target, `SELECT "tagKey" FROM "Tag" WHERE "keyId" = '${key.id}'`)).toEqual([]);
    expect(await db().store.listTags(keep.id)).toEqual([tag('kept')]);
  });
});

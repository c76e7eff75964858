import { Prisma } from './generated/sqlite/client';
import type { DatabaseProvider } from './target';

/*
 * The keys list's search: an alias substring or a key ID prefix, ignoring case. It matches what
 * `lower(…) LIKE lower(search)` matched, in forms an index can answer:
 *  - aliases: SQLite's LIKE ignores ASCII case by itself; PostgreSQL matches lower(name COLLATE "C"), the
 *    expression its trigram index holds (migration keys_list_extras). Alias names are ASCII (SPEC §1),
 *    where both equal lower().
 *  - key IDs are lowercase UUIDs (SPEC §1), so a prefix is a range of IDs in byte order: SQLite's primary
 *    key (BINARY) answers it, and PostgreSQL's "C"-collated ID index (the database's own collation may
 *    order "-" differently). A term no key ID can start with leaves the ID part out.
 * The search is escaped: "%", "_" and "\" in it are plain characters (Prisma's `contains` would not do that).
 */

const KEY_ID_PREFIX = /^[0-9a-f-]{1,36}$/;

/** [from, to): the IDs starting with `prefix` in byte order; null when no key ID can start with it. */
export function keyIdRange(prefix: string): { from: string; to: string } | null {
  if (!KEY_ID_PREFIX.test(prefix)) return null;
  // Every character is ASCII below "g", so the last one's successor is one ASCII character as well.
  const next = String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return { from: prefix, to: `${prefix.slice(0, -1)}${next}` };
}

export interface KeySearch {
  /**
   * Up to `limit` IDs of matching keys (column "id"), read in alias-index order so that a common search stops
   * early. An ID may come twice (by alias and by prefix): with the ID part, each part has its own limit.
   */
  matchesSql(limit: number): Prisma.Sql;
  /**
   * The test on one key, for a walk along an index of Key that stops at the page's last row: a scalar
   * subquery, because PostgreSQL would turn EXISTS into a join that gathers and sorts every match first.
   */
  walkTest: Prisma.Sql;
  /** The test where every key is seen anyway (counts): PostgreSQL may join, SQLite probes the index. */
  joinTest: Prisma.Sql;
  /** How many keys match (column "total"), from Alias indexes and the ID index only. */
  countSql: Prisma.Sql;
}

export function keySearch(options: { search: string; provider: DatabaseProvider }): KeySearch {
  const postgresql = options.provider === 'postgresql';
  const term = options.search.toLowerCase();
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // PostgreSQL: lower() under "C" is plain ASCII case folding, and the very expression the trigram index holds.
  const match = Prisma.sql`${Prisma.raw(postgresql ? 'lower(a."name" COLLATE "C")' : 'a."name"')} LIKE ${pattern} ESCAPE '\\'`;
  const aliasOf = (key: string) => Prisma.sql`SELECT 1 FROM "Alias" a WHERE a."keyId" = ${Prisma.raw(key)}."id" AND ${match}`;
  const byAlias = Prisma.sql`SELECT DISTINCT a."keyId" AS "id" FROM "Alias" a WHERE ${match}`;
  // Not count(DISTINCT …): PostgreSQL would sort in the database's collation, where hashing is much cheaper.
  const countByAlias = Prisma.sql`SELECT count(*) FROM (${byAlias}) m`;
  const walk = Prisma.sql`(SELECT 1 FROM "Alias" a WHERE a."keyId" = k."id" AND ${match} LIMIT 1) IS NOT NULL`;
  const join = Prisma.sql`EXISTS (${aliasOf('k')})`;
  const range = keyIdRange(term);
  if (!range) {
    return {
      matchesSql: (limit) => Prisma.sql`${byAlias} LIMIT ${limit}`,
      walkTest: walk,
      joinTest: join,
      countSql: Prisma.sql`SELECT (${countByAlias}) AS "total"`,
    };
  }
  // SQLite: the unary + keeps a per-key test from turning into a primary-key search.
  const id = (key: string, indexed: boolean) =>
    Prisma.raw(postgresql ? `${key}."id" COLLATE "C"` : `${indexed ? '' : '+'}${key}."id"`);
  const inRange = (key: string, indexed: boolean) =>
    Prisma.sql`${id(key, indexed)} >= ${range.from} AND ${id(key, indexed)} < ${range.to}`;
  const byId = Prisma.sql`SELECT i."id" AS "id" FROM "Key" i WHERE ${inRange('i', true)}`;
  return {
    matchesSql: (limit) => Prisma.sql`SELECT m."id" AS "id" FROM (${byAlias} LIMIT ${limit}) m
      UNION ALL SELECT r."id" FROM (${byId} LIMIT ${limit}) r`,
    walkTest: Prisma.sql`(${walk} OR (${inRange('k', false)}))`,
    joinTest: Prisma.sql`(${join} OR (${inRange('k', false)}))`,
    countSql: Prisma.sql`SELECT (${countByAlias})
      + (SELECT count(*) FROM "Key" i WHERE ${inRange('i', true)} AND NOT EXISTS (${aliasOf('i')})) AS "total"`,
  };
}

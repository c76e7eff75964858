import { expiryWindowMs, type ListKeysQuery } from '@/lib/kms';
import { Prisma } from './generated/sqlite/client';
import { keySearch } from './list-keys-search';
import { stateCondition, stateCountTerms } from './list-keys-state';
import type { DatabaseProvider } from './target';

/*
 * The keys list's statements, in SQL rather than a Prisma `where` (see list-keys-search.ts), each shaped
 * so that the planner has one good choice, with or without statistics: neither planner can tell a common
 * search from a rare one. A search is resolved first (searchMatchesSql): when it matches few keys, the
 * other statements start from their IDs; otherwise the page walks the creation-time order testing each key
 * and stops at its last row. Counts come from indexes alone wherever the filters allow. Dates are bound in
 * each adapter's own storage format, so comparisons with `now` hold on both providers.
 */

export interface TListKeysSqlOptions {
  query: ListKeysQuery;
  provider: DatabaseProvider;
  /** Every key the search matches, when that is few of them (searchMatchesSql); not empty. */
  matches?: string[];
  /** Sorted by expiry: how many matching keys have one (countWithExpirySql), so a page reads only its own part(s). */
  withExpiry?: number;
}

/**
 * Whether to write `+column` (SQLite only), which keeps the planner off that column's indexes so that a
 * statement starts where it should: at the search's matches, or walking the creation-time index. Pending
 * import needs it too: its OR would have SQLite gather and sort every Enabled and Disabled key.
 */
const unindexed = (provider: DatabaseProvider, when: boolean) => provider === 'sqlite' && when;

function originCondition(options: TListKeysSqlOptions, indexed: boolean): Prisma.Sql[] {
  if (!options.query.origin) return [];
  return [Prisma.sql`${Prisma.raw(indexed ? 'k."origin"' : '+k."origin"')} = ${options.query.origin}`];
}

function where(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/**
 * "Expires within": material still held whose expiry instant lies after now and before now + window (the
 * urgency levels' own bounds). A range on Key (materialExpiresAt, id): few keys fall in any window.
 */
function expiryWindowCondition(query: ListKeysQuery): Prisma.Sql[] {
  if (!query.expiresWithin) return [];
  const until = new Date(query.now.getTime() + expiryWindowMs(query.expiresWithin));
  return [Prisma.sql`(k."materialExpiresAt" > ${query.now} AND k."materialExpiresAt" < ${until} AND k."materialCiphertext" IS NOT NULL)`];
}

/**
 * Soonest expiry first, then the keys without one, newest first: two index walks, (materialExpiresAt, id) and
 * (createdAt, id). With the number of keys that have an expiry known, the page takes only the slice of each
 * part it covers, so a deep page costs what it costs sorted by creation. (A single ORDER BY with NULLS LAST
 * would have SQLite sort every key.) With a window, only the first part can match.
 */
function expirySortedIdsSql(query: ListKeysQuery, provider: DatabaseProvider, conditions: Prisma.Sql[], withExpiryCount: number | undefined): Prisma.Sql {
  const offset = (query.page - 1) * query.pageSize;
  const end = offset + query.pageSize;
  const part = (which: 0 | 1, limit: number, skip: number) => {
    // Most keys have no expiry: SQLite must walk the creation-time index, not gather them from the expiry index.
    const test = which === 0 ? 'k."materialExpiresAt" IS NOT NULL' : unindexed(provider, true) ? '+k."materialExpiresAt" IS NULL' : 'k."materialExpiresAt" IS NULL';
    const order = which === 0 ? Prisma.sql`k."materialExpiresAt" ASC, k."id" ASC` : Prisma.sql`k."createdAt" DESC, k."id" DESC`;
    return Prisma.sql`SELECT * FROM (SELECT k."id" AS "id", ${Prisma.raw(String(which))} AS "part", k."materialExpiresAt" AS "e", k."createdAt" AS "c"
      FROM "Key" k ${where([...conditions, Prisma.raw(test)])} ORDER BY ${order} LIMIT ${limit} OFFSET ${skip}) ${Prisma.raw(`p${which}`)}`;
  };
  let parts: Prisma.Sql[];
  if (query.expiresWithin) parts = [part(0, query.pageSize, offset)];
  else if (withExpiryCount === undefined) parts = [part(0, end, 0), part(1, end, 0)];
  else {
    parts = [];
    if (offset < withExpiryCount) parts.push(part(0, Math.min(end, withExpiryCount) - offset, offset));
    if (end > withExpiryCount) parts.push(part(1, end - Math.max(offset, withExpiryCount), Math.max(0, offset - withExpiryCount)));
  }
  const skip = query.expiresWithin || withExpiryCount !== undefined ? 0 : offset;
  // The merge keeps each part's own order (part 1's "e" is NULL throughout). No bare NULL columns: PostgreSQL
  // would type them text and refuse the UNION.
  return Prisma.sql`SELECT u."id" AS "id" FROM (${Prisma.join(parts, ' UNION ALL ')}) u
    ORDER BY u."part" ASC, u."e" ASC, CASE WHEN u."part" = 1 THEN u."c" END DESC, CASE WHEN u."part" = 0 THEN u."id" END ASC, u."id" DESC
    LIMIT ${query.pageSize} OFFSET ${skip}`;
}

const matchesCondition = (matches: string[]) => Prisma.sql`k."id" IN (${Prisma.join(matches)})`;

/** Up to `limit` IDs of keys the search matches (see KeySearch.matchesSql). Only for a query with a search. */
export function searchMatchesSql(options: { query: ListKeysQuery; provider: DatabaseProvider; limit: number }): Prisma.Sql {
  if (!options.query.search) throw new Error('searchMatchesSql needs a search');
  return keySearch({ search: options.query.search, provider: options.provider }).matchesSql(options.limit);
}

function pageConditions(options: TListKeysSqlOptions): Prisma.Sql[] {
  const { query, provider, matches } = options;
  const conditions: Prisma.Sql[] = [];
  if (query.search) {
    conditions.push(matches ? matchesCondition(matches) : keySearch({ search: query.search, provider }).walkTest);
  }
  const byExpiry = query.sort === 'expiresAt:asc';
  // Sorted by expiry (or filtered by a window), the statement should walk the expiry index, not a state's.
  const indexed = !unindexed(provider, Boolean(query.search) || byExpiry || Boolean(query.expiresWithin));
  if (query.state) {
    const stateIndexed = indexed && !unindexed(provider, query.state === 'PENDING_IMPORT');
    conditions.push(stateCondition({ state: query.state, now: query.now, provider, indexed: stateIndexed }));
  }
  conditions.push(...originCondition(options, indexed), ...expiryWindowCondition(query));
  return conditions;
}

/** How many keys the query matches that have an expiry: where the expiry order's second part starts. */
export function countWithExpirySql(options: TListKeysSqlOptions): Prisma.Sql {
  return Prisma.sql`SELECT count(*) AS "total" FROM "Key" k ${where([...pageConditions(options), Prisma.sql`k."materialExpiresAt" IS NOT NULL`])}`;
}

/** The page's key IDs in display order: creation time (or expiry), ties broken by ID so pages never overlap. */
export function listKeyIdsSql(options: TListKeysSqlOptions): Prisma.Sql {
  const { query, provider } = options;
  const conditions = pageConditions(options);
  if (query.sort === 'expiresAt:asc') return expirySortedIdsSql(query, provider, conditions, options.withExpiry);
  const direction = Prisma.raw(query.sort === 'createdAt:asc' ? 'ASC' : 'DESC');
  return Prisma.sql`SELECT k."id" AS "id" FROM "Key" k ${where(conditions)}
    ORDER BY k."createdAt" ${direction}, k."id" ${direction}
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;
}

/** The total for all of the query's conditions (column "total"). */
export function countKeysSql(options: TListKeysSqlOptions): Prisma.Sql {
  const { query, provider, matches } = options;
  if (query.search && matches) {
    const indexed = !unindexed(provider, true);
    const conditions = [matchesCondition(matches), ...originCondition(options, indexed), ...expiryWindowCondition(query)];
    if (query.state) conditions.push(stateCondition({ state: query.state, now: query.now, provider, indexed }));
    return Prisma.sql`SELECT count(*) AS "total" FROM "Key" k ${where(conditions)}`;
  }
  const search = query.search ? keySearch({ search: query.search, provider }) : undefined;
  if (search && !query.state && !query.origin && !query.expiresWithin) return search.countSql;
  const tested = search ? [search.joinTest] : [];
  if (query.expiresWithin) {
    // The window is a short range of the expiry index: count its rows directly, whatever else is filtered.
    const indexed = !unindexed(provider, true);
    const state = query.state ? [stateCondition({ state: query.state, now: query.now, provider, indexed })] : [];
    return Prisma.sql`SELECT count(*) AS "total" FROM "Key" k ${where([...expiryWindowCondition(query), ...state, ...originCondition(options, indexed), ...tested])}`;
  }
  if (!query.state) return Prisma.sql`SELECT count(*) AS "total" FROM "Key" k ${where([...originCondition(options, true), ...tested])}`;
  const terms = stateCountTerms({ state: query.state, now: query.now, provider }).map(({ sign, condition, withoutMaterial }, i) => {
    const operator = i === 0 ? (sign === 1 ? '' : '-') : sign === 1 ? ' + ' : ' - ';
    // SQLite would rather start from (state, origin, …) than from the small partial index.
    const origin = originCondition(options, !unindexed(provider, withoutMaterial));
    return Prisma.sql`${Prisma.raw(operator)}(SELECT count(*) FROM "Key" k ${where([condition, ...origin, ...tested])})`;
  });
  return Prisma.sql`SELECT ${Prisma.join(terms, '')} AS "total"`;
}

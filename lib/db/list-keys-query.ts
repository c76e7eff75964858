import type { ListKeysQuery } from '@/lib/kms';
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

const matchesCondition = (matches: string[]) => Prisma.sql`k."id" IN (${Prisma.join(matches)})`;

/** Up to `limit` IDs of keys the search matches (see KeySearch.matchesSql). Only for a query with a search. */
export function searchMatchesSql(options: { query: ListKeysQuery; provider: DatabaseProvider; limit: number }): Prisma.Sql {
  if (!options.query.search) throw new Error('searchMatchesSql needs a search');
  return keySearch({ search: options.query.search, provider: options.provider }).matchesSql(options.limit);
}

/** The page's key IDs in display order: creation time, ties broken by ID so pages never overlap. */
export function listKeyIdsSql(options: TListKeysSqlOptions): Prisma.Sql {
  const { query, provider, matches } = options;
  const conditions: Prisma.Sql[] = [];
  if (query.search) {
    conditions.push(matches ? matchesCondition(matches) : keySearch({ search: query.search, provider }).walkTest);
  }
  const indexed = !unindexed(provider, Boolean(query.search));
  if (query.state) {
    const stateIndexed = indexed && !unindexed(provider, query.state === 'PENDING_IMPORT');
    conditions.push(stateCondition({ state: query.state, now: query.now, provider, indexed: stateIndexed }));
  }
  conditions.push(...originCondition(options, indexed));
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
    const conditions = [matchesCondition(matches), ...originCondition(options, indexed)];
    if (query.state) conditions.push(stateCondition({ state: query.state, now: query.now, provider, indexed }));
    return Prisma.sql`SELECT count(*) AS "total" FROM "Key" k ${where(conditions)}`;
  }
  const search = query.search ? keySearch({ search: query.search, provider }) : undefined;
  if (search && !query.state && !query.origin) return search.countSql;
  const tested = search ? [search.joinTest] : [];
  if (!query.state) return Prisma.sql`SELECT count(*) AS "total" FROM "Key" k ${where([...originCondition(options, true), ...tested])}`;
  const terms = stateCountTerms({ state: query.state, now: query.now, provider }).map(({ sign, condition, withoutMaterial }, i) => {
    const operator = i === 0 ? (sign === 1 ? '' : '-') : sign === 1 ? ' + ' : ' - ';
    // SQLite would rather start from (state, origin, …) than from the small partial index.
    const origin = originCondition(options, !unindexed(provider, withoutMaterial));
    return Prisma.sql`${Prisma.raw(operator)}(SELECT count(*) FROM "Key" k ${where([condition, ...origin, ...tested])})`;
  });
  return Prisma.sql`SELECT ${Prisma.join(terms, '')} AS "total"`;
}

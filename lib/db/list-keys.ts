import type { ListKeysQuery } from '@/lib/kms';
import type { KeyRecord } from '@/lib/kms/types';
import type { KeyfortPrismaClient } from './client';
import type { Prisma } from './generated/sqlite/client';
import { KEY_WITH_ALIASES, toKeyRecord } from './key-record';
import { countKeysSql, countWithExpirySql, listKeyIdsSql, searchMatchesSql } from './list-keys-query';
import type { DatabaseProvider } from './target';

/** At most this many matching keys: statements start from their IDs instead of walking Key's indexes. */
export const FEW_MATCHES = 1000;

export interface ListKeysStatement {
  label: 'search matches' | 'page ids' | 'count' | 'with expiry';
  sql: Prisma.Sql;
}

export interface TListKeyPageOptions {
  prisma: KeyfortPrismaClient;
  provider: DatabaseProvider;
  query: ListKeysQuery;
  /** Overrides FEW_MATCHES, so tests read the same query both ways. */
  fewMatches?: number;
}

type Row = Record<string, unknown>;

/**
 * One page of the keys list and its total. A search is resolved first, because how many keys it matches
 * decides where the other statements start (list-keys-query.ts). Then the count runs beside the page and
 * its rows (on another pooled connection with PostgreSQL; SQLite takes them in turn). `statements` lists
 * what ran, for the plans in bench/keys-list.ts.
 */
export async function listKeyPage(
  options: TListKeyPageOptions,
): Promise<{ items: KeyRecord[]; total: number; statements: ListKeysStatement[] }> {
  const { prisma, provider, query } = options;
  const few = options.fewMatches ?? FEW_MATCHES;
  const statements: ListKeysStatement[] = [];
  const run = (label: ListKeysStatement['label'], sql: Prisma.Sql) => {
    statements.push({ label, sql });
    return prisma.$queryRaw<Row[]>(sql);
  };
  const count = (matches?: string[]) =>
    run('count', countKeysSql({ query, provider, matches })).then((rows) => Number(rows[0]?.total ?? 0));

  let matches: string[] | undefined;
  if (query.search) {
    const rows = await run('search matches', searchMatchesSql({ query, provider, limit: few + 1 }));
    // Fewer rows than asked for: that is every match (each part stopped short of its limit).
    if (rows.length <= few) matches = [...new Set(rows.map((row) => String(row.id)))];
  }
  const items = async (): Promise<KeyRecord[]> => {
    if (matches?.length === 0) return [];
    // Sorted by expiry: where the keys without one start, so the page reads only the part(s) it covers.
    const withExpiry =
      query.sort === 'expiresAt:asc' && !query.expiresWithin
        ? Number((await run('with expiry', countWithExpirySql({ query, provider, matches })))[0]?.total ?? 0)
        : undefined;
    const ids = (await run('page ids', listKeyIdsSql({ query, provider, matches, withExpiry }))).map((row) => String(row.id));
    const rows = ids.length ? await prisma.key.findMany({ where: { id: { in: ids } }, include: KEY_WITH_ALIASES }) : [];
    const byId = new Map(rows.map((row) => [row.id, toKeyRecord(row)]));
    // A key deleted between the two reads is simply left out of this page.
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
  // Every match in hand and nothing else to filter by (or no match at all): that is the total.
  const filtered = Boolean(query.state || query.origin || query.expiresWithin);
  const total = matches && (!filtered || matches.length === 0) ? Promise.resolve(matches.length) : count(matches);
  const [page, counted] = await Promise.all([items(), total]);
  return { items: page, total: counted, statements };
}

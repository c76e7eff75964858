import type { ListKeysQuery } from '@/lib/kms/store';
import type { KeyState } from '@/lib/kms/types';
import { Prisma } from './generated/sqlite/client';

/*
 * Written in SQL rather than a Prisma `where`, because Prisma passes `contains` / `startsWith` text to LIKE
 * unescaped: a search for "a_b" would also match "aXb", and "%" would match every key. Here the search is
 * escaped and both providers get `LIKE … ESCAPE '\'`. Matching is case-insensitive through lower() on both
 * sides: aliases and key IDs are ASCII (SPEC §1), so lower() means the same on SQLite and PostgreSQL.
 * The statements are identical for both providers; dates are bound as parameters in each adapter's own
 * storage format, so comparisons with `now` are correct on both.
 */

function likePattern(options: { text: string; anchored: 'prefix' | 'substring' }): string {
  const escaped = options.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  return options.anchored === 'prefix' ? `${escaped}%` : `%${escaped}%`;
}

function searchCondition(search: string): Prisma.Sql {
  return Prisma.sql`(lower(k."id") LIKE ${likePattern({ text: search, anchored: 'prefix' })} ESCAPE '\\'
    OR k."id" IN (SELECT a."keyId" FROM "Alias" a
                  WHERE lower(a."name") LIKE ${likePattern({ text: search, anchored: 'substring' })} ESCAPE '\\'))`;
}

/** Effective state (see lib/kms/key-view.ts): ENABLED/DISABLED without usable material read as PENDING_IMPORT. */
function stateCondition(state: KeyState, now: Date): Prisma.Sql {
  const usable = Prisma.sql`(k."materialCiphertext" IS NOT NULL AND (k."materialExpiresAt" IS NULL OR k."materialExpiresAt" > ${now}))`;
  switch (state) {
    case 'ENABLED':
    case 'DISABLED':
      return Prisma.sql`(k."state" = ${state} AND ${usable})`;
    case 'PENDING_IMPORT':
      return Prisma.sql`(k."state" = 'PENDING_IMPORT' OR (k."state" IN ('ENABLED', 'DISABLED') AND NOT ${usable}))`;
    case 'PENDING_DELETION':
      return Prisma.sql`k."state" = 'PENDING_DELETION'`;
  }
}

function whereClause(query: ListKeysQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.search) conditions.push(searchCondition(query.search));
  if (query.state) conditions.push(stateCondition(query.state, query.now));
  if (query.origin) conditions.push(Prisma.sql`k."origin" = ${query.origin}`);
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/** The page's key IDs in display order: creation time, ties broken by ID so pages never overlap. */
export function listKeyIdsSql(query: ListKeysQuery): Prisma.Sql {
  const direction = query.sort === 'createdAt:asc' ? Prisma.raw('ASC') : Prisma.raw('DESC');
  return Prisma.sql`SELECT k."id" AS "id" FROM "Key" k ${whereClause(query)}
    ORDER BY k."createdAt" ${direction}, k."id" ${direction}
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;
}

export function countKeysSql(query: ListKeysQuery): Prisma.Sql {
  return Prisma.sql`SELECT count(*) AS "total" FROM "Key" k ${whereClause(query)}`;
}

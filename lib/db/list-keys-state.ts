import type { KeyState } from '@/lib/kms/types';
import { Prisma } from './generated/sqlite/client';
import type { DatabaseProvider } from './target';

/*
 * The keys list filters by effective state (lib/kms/key-view.ts): ENABLED or DISABLED without usable
 * material (none stored, or its expiry instant reached) reads as PENDING_IMPORT. The domain never stores
 * ENABLED/DISABLED without material, but the filter does not rely on that: a row that breaks it still
 * lists under the state it is shown with.
 *
 * SQLite: a unary + keeps a column from leading the planner to an index. "Unexpired" always carries one:
 * its OR would otherwise, once SQLite has statistics (ANALYZE), have it gather keys by expiry and sort them.
 */

const STORED_ACTIVE = Prisma.sql`('ENABLED', 'DISABLED')`;
const NO_MATERIAL = Prisma.sql`k."materialCiphertext" IS NULL`;
const WITH_MATERIAL = Prisma.sql`k."materialCiphertext" IS NOT NULL`;

function unexpired(now: Date, provider: DatabaseProvider): Prisma.Sql {
  const expiry = Prisma.raw(provider === 'sqlite' ? '+k."materialExpiresAt"' : 'k."materialExpiresAt"');
  return Prisma.sql`(${expiry} IS NULL OR ${expiry} > ${now})`;
}

const expired = (now: Date) => Prisma.sql`k."materialExpiresAt" <= ${now}`;

export interface TStateSqlOptions {
  state: KeyState;
  now: Date;
  provider: DatabaseProvider;
}

/**
 * The effective-state test on one row. `indexed: false` keeps SQLite from starting at a state index, for
 * statements that should start elsewhere (the search's matches, the creation-time order).
 */
export function stateCondition(options: TStateSqlOptions & { indexed: boolean }): Prisma.Sql {
  const { state, now, provider } = options;
  const column = Prisma.raw(options.indexed || provider !== 'sqlite' ? 'k."state"' : '+k."state"');
  switch (state) {
    case 'ENABLED':
    case 'DISABLED':
      return Prisma.sql`(${column} = ${state} AND ${WITH_MATERIAL} AND ${unexpired(now, provider)})`;
    case 'PENDING_IMPORT':
      return Prisma.sql`(${column} = 'PENDING_IMPORT'
        OR (${column} IN ${STORED_ACTIVE} AND (${NO_MATERIAL} OR ${expired(now)})))`;
    case 'PENDING_DELETION':
      return Prisma.sql`${column} = 'PENDING_DELETION'`;
  }
}

export interface CountTerm {
  sign: 1 | -1;
  condition: Prisma.Sql;
  /** The term is for keys without material: Key_without_material_idx must be the index it starts from. */
  withoutMaterial: boolean;
}

/**
 * The same set as signed, disjoint terms that indexes answer without reading Key rows: state and expiry
 * from Key (state, origin, materialExpiresAt, id), missing material from the partial index
 * Key_without_material_idx. "Material present" is otherwise only known from the row itself.
 */
export function stateCountTerms(options: TStateSqlOptions): CountTerm[] {
  const { state, now, provider } = options;
  const term = (sign: 1 | -1, condition: Prisma.Sql, withoutMaterial = false): CountTerm => ({ sign, condition, withoutMaterial });
  switch (state) {
    case 'ENABLED':
    case 'DISABLED':
      return [
        term(1, Prisma.sql`k."state" = ${state} AND ${unexpired(now, provider)}`),
        term(-1, Prisma.sql`k."state" = ${state} AND ${NO_MATERIAL} AND ${unexpired(now, provider)}`, true),
      ];
    case 'PENDING_IMPORT':
      return [
        term(1, Prisma.sql`k."state" = 'PENDING_IMPORT'`),
        term(1, Prisma.sql`k."state" IN ${STORED_ACTIVE} AND ${expired(now)}`),
        term(1, Prisma.sql`k."state" IN ${STORED_ACTIVE} AND ${NO_MATERIAL} AND ${unexpired(now, provider)}`, true),
      ];
    case 'PENDING_DELETION':
      return [term(1, Prisma.sql`k."state" = 'PENDING_DELETION'`)];
  }
}

import { KEY_STATES, type ExpiryWindow, type KeyState, type ListKeysQuery } from '@/lib/kms';
import type { KeyfortPrismaClient } from './client';
import { countKeysSql } from './list-keys-query';
import type { DatabaseProvider } from './target';

export const METRIC_EXPIRY_WINDOWS = ['7d', '30d'] as const satisfies readonly ExpiryWindow[];

export interface TKeyCounts {
  /** By effective state, as the keys list counts them (expired material reads as PENDING_IMPORT). */
  byState: Record<KeyState, number>;
  /** Keys whose usable material expires after now and within each window. */
  expiringWithin: Record<(typeof METRIC_EXPIRY_WINDOWS)[number], number>;
}

/**
 * The keys list's own counting statements (list-keys-query.ts), answered from indexes: a handful of
 * count(*) per scrape, whatever the number of keys.
 */
export async function countKeysForMetrics(options: { prisma: KeyfortPrismaClient; provider: DatabaseProvider; now: Date }): Promise<TKeyCounts> {
  const { prisma, provider, now } = options;
  const base: ListKeysQuery = { sort: 'createdAt:desc', page: 1, pageSize: 1, now };
  const count = async (query: ListKeysQuery) => {
    const rows = await prisma.$queryRaw<{ total: unknown }[]>(countKeysSql({ query, provider }));
    return Number(rows[0]?.total ?? 0);
  };
  const byState = {} as TKeyCounts['byState'];
  for (const state of KEY_STATES) byState[state] = await count({ ...base, state });
  const expiringWithin = {} as TKeyCounts['expiringWithin'];
  for (const window of METRIC_EXPIRY_WINDOWS) expiringWithin[window] = await count({ ...base, expiresWithin: window });
  return { byState, expiringWithin };
}

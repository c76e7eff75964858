import { beforeAll, expect, it } from 'vitest';
import { countKeysForMetrics } from '@/lib/db/key-metrics';
import { databaseReadinessProbes } from '@/lib/db/readiness-probes';
import { forEachDatabase } from './support/databases';
import { newKey } from './support/keys';

// What /readyz and /metrics ask of the database, on both providers: the migration history read for
// readiness, and the key counts the console reports at each scrape (effective states, expiry windows).
const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY = 24 * 3600 * 1000;
const later = (ms: number) => new Date(NOW.getTime() + ms);

forEachDatabase('operator probes and metrics', (db) => {
  beforeAll(async () => {
    await db().store.transaction(async (tx) => {
      await tx.insertKey(newKey({ origin: 'EXTERNAL', materialExpiresAt: later(3 * DAY) }));
      await tx.insertKey(newKey({ origin: 'EXTERNAL', materialExpiresAt: later(20 * DAY) }));
      await tx.insertKey(newKey({ origin: 'EXTERNAL', state: 'DISABLED', materialExpiresAt: later(60 * DAY) }));
      // Past its instant, not yet swept: counts as PENDING_IMPORT and in no window.
      await tx.insertKey(newKey({ origin: 'EXTERNAL', materialExpiresAt: later(-DAY) }));
      await tx.insertKey(newKey({ origin: 'EXTERNAL', state: 'PENDING_IMPORT', materialCiphertext: null }));
      await tx.insertKey(newKey({ state: 'PENDING_DELETION', deletionDate: later(7 * DAY) }));
      await tx.insertKey(newKey());
    });
  });

  it('counts keys by effective state and material expiring within 7 and 30 days', async () => {
    const counts = await countKeysForMetrics({ prisma: db().database.prisma, provider: db().provider, now: NOW });
    expect(counts).toEqual({
      byState: { ENABLED: 3, DISABLED: 1, PENDING_DELETION: 1, PENDING_IMPORT: 2 },
      expiringWithin: { '7d': 1, '30d': 2 },
    });
  });

  it('reads as migrated, and as not migrated once a migration of this build is missing from the history', async () => {
    const { prisma } = db().database;
    const probes = databaseReadinessProbes({ getDatabase: async () => db().database });
    await probes.database();
    expect(await probes.migrationsApplied()).toBe(true);

    const [latest] = await prisma.$queryRawUnsafe<{ id: string }[]>('SELECT id FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1');
    const id = latest!.id;
    await prisma.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = finished_at WHERE id = ${id}`;
    try {
      expect(await probes.migrationsApplied()).toBe(false);
    } finally {
      await prisma.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE id = ${id}`;
    }
    expect(await probes.migrationsApplied()).toBe(true);
  });
});

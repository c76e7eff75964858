// Push invalidation between instances (LISTEN/NOTIFY): what one instance publishes reaches the others, not
// itself, and a listening connection that is cut reconnects and reports the gap so caches forget everything.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TChange } from '@/lib/kms';
import { createDatabase, type Database } from '@/lib/db/client';
import { createChangeBus, type TChangeBus } from '@/lib/server/change-bus';
import { postgresChangeTransport } from '@/lib/server/postgres-change-transport';
import { createScratchPostgresDatabase, TEST_POSTGRES_URL, type ScratchPostgresDatabase } from './support/postgres';

const DEADLINE_MS = 10_000;

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface TInstance {
  bus: TChangeBus;
  heard: TChange[];
  database: Database;
}

const describePostgres = TEST_POSTGRES_URL ? describe : describe.skip;
if (!TEST_POSTGRES_URL) console.warn('[integration] PostgreSQL change feed skipped: set TEST_POSTGRES_URL to run it.');

describePostgres('change feed between instances on PostgreSQL (LISTEN/NOTIFY)', () => {
  let scratch: ScratchPostgresDatabase;
  const instances: TInstance[] = [];
  const logs: string[] = [];

  async function instance(): Promise<TInstance> {
    const database = await createDatabase({ databaseUrl: scratch.url, dataDir: '/tmp' });
    const transport = postgresChangeTransport({ connectionString: scratch.url, prisma: database.prisma, log: (line) => logs.push(line) });
    const bus = await createChangeBus({ transports: [transport], log: (line) => logs.push(line) });
    const heard: TChange[] = [];
    bus.subscribe((change) => heard.push(change));
    const created = { bus, heard, database };
    instances.push(created);
    return created;
  }

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase();
  });
  afterAll(async () => {
    for (const { bus, database } of instances) {
      await bus.stop();
      await database.close();
    }
    await scratch?.drop();
  });

  it('delivers a published change to every other instance, and to the publisher only once (its own, at once)', async () => {
    const [a, b, c] = [await instance(), await instance(), await instance()];
    a.bus.publish({ kind: 'key', id: 'key-1' });
    a.bus.publish({ kind: 'access-key', id: 'KFAAAAAAAAAAAAAAAAAA' });
    a.bus.publish({ kind: 'people' });
    const expected = [{ kind: 'key', id: 'key-1' }, { kind: 'access-key', id: 'KFAAAAAAAAAAAAAAAAAA' }, { kind: 'people' }];
    await until(() => (b.heard.length === 3 && c.heard.length === 3 ? true : undefined), 'b and c to hear three changes');
    // Publishes go through the pool's connections: the order between them is not kept, nor needed by caches.
    const sorted = (changes: TChange[]) => changes.map((change) => JSON.stringify(change)).sort();
    expect([sorted(b.heard), sorted(c.heard)]).toEqual([sorted(expected as TChange[]), sorted(expected as TChange[])]);
    // A marker published by b and heard back at a proves a's own NOTIFYs have all been delivered by now.
    b.bus.publish({ kind: 'key', id: 'marker' });
    await until(() => (a.heard.some((change) => change.kind === 'key' && change.id === 'marker') ? true : undefined), 'a to hear the marker');
    expect(sorted(a.heard)).toEqual(sorted([...(expected as TChange[]), { kind: 'key', id: 'marker' }]));
    expect(logs.filter((line) => line.includes('NOTIFY failed'))).toEqual([]);
  });

  it('reconnects after its listening connection is cut, reports the gap (caches forget everything), then hears changes again', async () => {
    const [a, b] = [await instance(), await instance()];
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      const listeners = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'keyfort-change-listener' AND query ILIKE 'LISTEN%'",
      );
      expect(listeners.rows.length).toBeGreaterThanOrEqual(2);
      // Cut every listener of the database: b's among them.
      for (const { pid } of listeners.rows) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    await until(() => (b.heard.some((change) => change.kind === 'everything') ? true : undefined), 'b to report the gap');
    const before = b.heard.length;
    a.bus.publish({ kind: 'key', id: 'after-reconnect' });
    await until(() => (b.heard.length > before ? true : undefined), 'b to hear a change after reconnecting');
    expect(b.heard.at(-1)).toEqual({ kind: 'key', id: 'after-reconnect' });
    expect(logs.some((line) => line.includes('listening connection was lost'))).toBe(true);
  });
});

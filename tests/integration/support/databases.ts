import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { createDatabase, type Database, type TCreateDatabaseOptions } from '@/lib/db/client';
import { PrismaAccessKeyStore } from '@/lib/db/prisma-access-key-store';
import { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import { PrismaPeopleStore } from '@/lib/db/prisma-people-store';
import type { DatabaseProvider } from '@/lib/db/target';
import { createScratchPostgresDatabase, TEST_POSTGRES_URL } from './postgres';

export interface Connection {
  database: Database;
  store: PrismaKeyStore;
  accessKeys: PrismaAccessKeyStore;
  people: PrismaPeopleStore;
}

export interface TestDatabase extends Connection {
  provider: DatabaseProvider;
  /** Points createDatabase at this suite's database. */
  options: TCreateDatabaseOptions;
  /** Another client with its own connection (SQLite) or pool (PostgreSQL), for real races. Closed after the suite. */
  connect(): Promise<Connection>;
}

/** An empty database of the provider, and how to remove it. */
export async function scratchDatabase(
  provider: DatabaseProvider,
): Promise<{ options: TCreateDatabaseOptions; remove(): Promise<void> }> {
  if (provider === 'postgresql') {
    const scratch = await createScratchPostgresDatabase();
    return { options: { databaseUrl: scratch.url, dataDir: tmpdir() }, remove: scratch.drop };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-it-'));
  return { options: { dataDir }, remove: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

export const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];

/** describe() for each provider; PostgreSQL is skipped, with a notice, when TEST_POSTGRES_URL is not set. */
export function describeEachProvider(name: string, body: (provider: DatabaseProvider) => void): void {
  for (const provider of PROVIDERS) {
    if (provider === 'postgresql' && !TEST_POSTGRES_URL) {
      console.warn(`[integration] ${name} on PostgreSQL skipped: set TEST_POSTGRES_URL to run it.`);
      describe.skip(`${name} (${provider})`, () => body(provider));
      continue;
    }
    describe(`${name} (${provider})`, () => body(provider));
  }
}

/**
 * Runs the body once per provider against a fresh, migrated database of its own:
 *   forEachDatabase('key store', (db) => { it('…', async () => { await db().store.findKey(…) }) })
 */
export function forEachDatabase(name: string, body: (db: () => TestDatabase) => void): void {
  describeEachProvider(name, (provider) => {
    let current: TestDatabase | undefined;
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      const scratch = await scratchDatabase(provider);
      cleanups.push(scratch.remove);
      const connect = async (): Promise<Connection> => {
        const database = await createDatabase(scratch.options);
        cleanups.unshift(() => database.close());
        return {
          database,
          store: new PrismaKeyStore(database.prisma, database.provider),
          accessKeys: new PrismaAccessKeyStore(database.prisma, database.provider),
          people: new PrismaPeopleStore(database.prisma, database.provider),
        };
      };
      current = { provider, options: scratch.options, connect, ...(await connect()) };
    });

    afterAll(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });

    body(() => {
      if (!current) throw new Error('the database is not ready (use db() inside a test or hook)');
      return current;
    });
  });
}

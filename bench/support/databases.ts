import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, type Database } from '@/lib/db/client';
import type { DatabaseTarget } from '@/lib/db/target';
import { resolveDatabaseTarget } from '@/lib/db/target';

/** BENCH_POSTGRES_URL, else TEST_POSTGRES_URL: a server on which the bench may create and drop a database. */
export const BENCH_POSTGRES_URL = (process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL)?.trim() || undefined;

export interface BenchDatabase {
  database: Database;
  target: DatabaseTarget;
  remove(): Promise<void>;
}

async function withAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of its own (a temporary SQLite file, or a scratch PostgreSQL database). */
export async function openBenchDatabase(provider: 'sqlite' | 'postgresql'): Promise<BenchDatabase> {
  if (provider === 'sqlite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-bench-'));
    const options = { dataDir };
    const database = await createDatabase(options);
    const remove = async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
    return { database, target: resolveDatabaseTarget(options), remove };
  }
  if (!BENCH_POSTGRES_URL) throw new Error('Set BENCH_POSTGRES_URL or TEST_POSTGRES_URL to benchmark PostgreSQL');
  const name = `keyfort_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(BENCH_POSTGRES_URL, `CREATE DATABASE "${name}"`);
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  const options = { databaseUrl: url.toString(), dataDir: tmpdir() };
  const database = await createDatabase(options);
  const remove = async () => {
    await database.close();
    await withAdmin(BENCH_POSTGRES_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return { database, target: resolveDatabaseTarget(options), remove };
}

/** The providers to run: SQLite always, PostgreSQL when a server is configured. */
export function benchProviders(): ('sqlite' | 'postgresql')[] {
  if (!BENCH_POSTGRES_URL) console.log('[bench] PostgreSQL skipped: set BENCH_POSTGRES_URL or TEST_POSTGRES_URL to include it.');
  return BENCH_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];
}

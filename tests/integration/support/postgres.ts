import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Set by CI (.ci/run); without it the PostgreSQL half of every suite is skipped with a notice. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL?.trim() || undefined;

export interface ScratchPostgresDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A connection to the TEST_POSTGRES_URL server for creating and dropping databases. */
export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!TEST_POSTGRES_URL) throw new Error('TEST_POSTGRES_URL is not set');
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database with a unique name on the TEST_POSTGRES_URL server. Its session time zone is
 * deliberately not UTC, so a timestamp that depends on the server's zone shows up as a failure.
 */
export async function createScratchPostgresDatabase(): Promise<ScratchPostgresDatabase> {
  const name = `keyfort_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (client) => {
    await client.query(`CREATE DATABASE "${name}"`);
    await client.query(`ALTER DATABASE "${name}" SET timezone TO 'America/New_York'`);
  });
  const url = new URL(TEST_POSTGRES_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

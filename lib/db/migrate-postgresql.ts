import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { LocalMigration } from './local-migrations';
import { type AppliedMigrationRow, pendingMigrations } from './migration-plan';

// The key `prisma migrate deploy` locks too, so Keyfort instances and the Prisma CLI serialise with each other.
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

// Prisma's own definition (schema engine, PostgreSQL connector), so `prisma migrate status` reads it.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies pending migrations under a session advisory lock, so instances starting together run each
 * migration once: the others wait for the lock, then read a history that already has it. Each migration
 * (with its history row) is one transaction; PostgreSQL DDL is transactional, so a failure leaves nothing.
 */
export async function migratePostgresql(options: { url: string; local: LocalMigration[] }): Promise<string[]> {
  const client = new pg.Client({ connectionString: options.url });
  // A dropped connection also rejects the pending query; without a listener it would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedMigrationRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations',
      );
      const applied: string[] = [];
      for (const migration of pendingMigrations({ local: options.local, applied: rows })) {
        await applyOne(client, migration);
        applied.push(migration.name);
      }
      return applied;
    } finally {
      // Ending the session releases the lock too; a failed unlock must not hide the real error.
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, migration: LocalMigration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, migration.checksum, migration.name],
    );
    // No parameters: the simple query protocol runs the whole multi-statement script.
    await client.query(migration.script);
    await client.query('UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [
      id,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

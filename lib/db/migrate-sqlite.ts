import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fileMutex } from './file-mutex';
import type { LocalMigration } from './local-migrations';
import { type AppliedMigrationRow, MigrationError, pendingMigrations } from './migration-plan';
import { SQLITE_PRAGMAS } from './sqlite-adapter';

// Prisma's own definition (schema engine, SQLite connector), so `prisma migrate status` reads it.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/**
 * Applies pending migrations to a SQLite file, each in its own IMMEDIATE transaction: the write lock is
 * taken before the history is read, so a second process starting at the same time waits, then finds the
 * migration done. Timestamps are Unix milliseconds, as Prisma's SQLite connector writes them.
 */
export async function migrateSqlite(options: { file: string; local: LocalMigration[] }): Promise<string[]> {
  // The database holds sealed key material and audit records: readable by Keyfort's user alone.
  if (options.file !== ':memory:') mkdirSync(path.dirname(options.file), { recursive: true, mode: 0o700 });
  return fileMutex(options.file).run(() => {
    const db = new Database(options.file);
    if (options.file !== ':memory:') chmodSync(options.file, 0o600);
    try {
      for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma.replace(/^PRAGMA /, ''));
      // SQLite alters a table by copying it and dropping the original; with foreign keys on, that DROP
      // would cascade into the child tables (aliases gone). Off here, and checked before each commit.
      db.pragma('foreign_keys = OFF');
      const applied: string[] = [];
      for (;;) {
        const next = db.transaction(() => applyNext(db, options.local)).immediate();
        if (!next) return applied;
        applied.push(next);
      }
    } finally {
      db.close();
    }
  });
}

function applyNext(db: Database.Database, local: LocalMigration[]): string | null {
  db.exec(CREATE_MIGRATIONS_TABLE);
  const rows = db
    .prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"')
    .all() as AppliedMigrationRow[];
  const migration = pendingMigrations({ local, applied: rows })[0];
  if (!migration) return null;

  const id = randomUUID();
  db.prepare(
    'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)',
  ).run(id, migration.checksum, migration.name, Date.now());
  db.exec(migration.script);
  const violations = db.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) {
    throw new MigrationError(`Migration ${migration.name} leaves ${violations.length} foreign key violation(s)`);
  }
  db.prepare('UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?').run(Date.now(), id);
  return migration.name;
}

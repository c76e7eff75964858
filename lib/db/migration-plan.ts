import type { LocalMigration } from './local-migrations';

/** A row of _prisma_migrations, as far as deciding what to apply needs it. */
export interface AppliedMigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/**
 * Decides which local migrations are pending, refusing (like `prisma migrate deploy`) when the history
 * cannot be trusted: an applied migration whose file changed, a failed migration nobody resolved, or a
 * database migrated by a newer Keyfort than this one.
 */
export function pendingMigrations(options: { local: LocalMigration[]; applied: AppliedMigrationRow[] }): LocalMigration[] {
  const live = options.applied.filter((row) => row.rolled_back_at === null || row.rolled_back_at === undefined);

  const failed = live.find((row) => row.finished_at === null || row.finished_at === undefined);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} started but did not finish; fix the database and mark it rolled back ` +
        'or applied (prisma migrate resolve) before starting Keyfort.',
    );
  }

  const byName = new Map(options.local.map((migration) => [migration.name, migration]));
  for (const row of live) {
    const local = byName.get(row.migration_name);
    if (!local) {
      throw new MigrationError(
        `The database has migration ${row.migration_name}, which this version of Keyfort does not know; run a version that includes it.`,
      );
    }
    if (local.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was modified after it was applied (checksum mismatch); restore the original migration.sql.`,
      );
    }
  }

  return missingMigrations({ local: options.local, applied: live });
}

/**
 * The local migrations not recorded as applied (finished and not rolled back). Unlike pendingMigrations it
 * never throws: readiness asks only whether everything this build needs is there, and a database restored
 * from an old backup must read as not ready rather than as an error.
 */
export function missingMigrations<T extends Pick<LocalMigration, 'name'>>(options: { local: T[]; applied: AppliedMigrationRow[] }): T[] {
  const done = new Set(
    options.applied
      .filter((row) => row.finished_at !== null && row.finished_at !== undefined && (row.rolled_back_at === null || row.rolled_back_at === undefined))
      .map((row) => row.migration_name),
  );
  return options.local.filter((migration) => !done.has(migration.name));
}

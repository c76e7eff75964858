import { readLocalMigrations } from './local-migrations';
import { migratePostgresql } from './migrate-postgresql';
import { migrateSqlite } from './migrate-sqlite';
import { type DatabaseTarget, defaultMigrationsDir } from './target';

export { MigrationError } from './migration-plan';

export interface TMigrateOptions {
  target: DatabaseTarget;
  /** Defaults to prisma/<provider>/migrations under the working directory. */
  migrationsDir?: string;
}

/**
 * Brings the database up to the committed migrations (prisma/<provider>/migrations), recording them in
 * _prisma_migrations exactly as Prisma Migrate does. Safe to run from several instances at once.
 * Returns the names of the migrations it applied (empty when the database was up to date).
 */
export async function migrateDatabase(options: TMigrateOptions): Promise<string[]> {
  const { target } = options;
  const local = readLocalMigrations({ migrationsDir: options.migrationsDir ?? defaultMigrationsDir(target.provider) });
  if (target.provider === 'postgresql') return migratePostgresql({ url: target.url, local });
  return migrateSqlite({ file: target.file, local });
}

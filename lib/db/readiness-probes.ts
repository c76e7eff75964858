import { readLocalMigrations } from './local-migrations';
import { type AppliedMigrationRow, missingMigrations } from './migration-plan';
import type { Database } from './client';
import { defaultMigrationsDir } from './target';

/**
 * What readiness asks of the database (lib/server/health.ts): does it answer, and does its history hold
 * every migration this build ships. The migration names are read from disk once: they are part of the build.
 */
export function databaseReadinessProbes(options: { getDatabase: () => Promise<Database>; migrationsDir?: string }) {
  let localNames: { name: string }[] | undefined;
  const local = (database: Database) =>
    (localNames ??= readLocalMigrations({ migrationsDir: options.migrationsDir ?? defaultMigrationsDir(database.provider) }).map(({ name }) => ({ name })));

  return {
    async database(): Promise<void> {
      const { prisma } = await options.getDatabase();
      await prisma.$queryRaw`SELECT 1`;
    },
    async migrationsApplied(): Promise<boolean> {
      const database = await options.getDatabase();
      const applied = await database.prisma.$queryRawUnsafe<AppliedMigrationRow[]>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
      );
      return missingMigrations({ local: local(database), applied }).length === 0;
    },
  };
}

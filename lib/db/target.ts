import path from 'node:path';

export type DatabaseProvider = 'sqlite' | 'postgresql';

/** Where the data lives: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseTarget = { provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };

export interface TDatabaseTargetOptions {
  /** postgresql://… or postgres://… selects PostgreSQL; unset or empty, the embedded SQLite file. */
  databaseUrl?: string;
  dataDir: string;
}

export const SQLITE_FILE_NAME = 'keyfort.db';

export function resolveDatabaseTarget(options: TDatabaseTargetOptions): DatabaseTarget {
  const url = options.databaseUrl?.trim();
  if (!url) return { provider: 'sqlite', file: path.resolve(options.dataDir, SQLITE_FILE_NAME) };
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: 'postgresql', url };
  // A typo (or another database's URL) must not silently put keys in a local file nobody backs up.
  throw new Error('DATABASE_URL must start with postgresql:// or postgres:// (leave it unset for embedded SQLite)');
}

/** Default migrations folder of a provider, in Prisma's own layout (prisma/<provider>/migrations). */
export function defaultMigrationsDir(provider: DatabaseProvider): string {
  return path.resolve(process.cwd(), 'prisma', provider, 'migrations');
}

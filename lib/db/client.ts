import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresqlPrismaClient } from './generated/postgresql/client';
import { PrismaClient as SqlitePrismaClient } from './generated/sqlite/client';
import { migrateDatabase } from './migrate';
import { KeyfortSqliteAdapterFactory } from './sqlite-adapter';
import { type DatabaseProvider, resolveDatabaseTarget, type TDatabaseTargetOptions } from './target';

/**
 * Both generated clients have the same model API; code is typed against the SQLite one. The few calls that
 * differ per provider (isolation levels, skipDuplicates, case-insensitive mode) branch on `provider`.
 */
export type KeyfortPrismaClient = SqlitePrismaClient;

export interface Database {
  provider: DatabaseProvider;
  prisma: KeyfortPrismaClient;
  /** PostgreSQL's connection string (for connections outside the pool: LISTEN); null for SQLite. */
  postgresUrl: string | null;
  close(): Promise<void>;
}

export interface TCreateDatabaseOptions extends TDatabaseTargetOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Overrides prisma/<provider>/migrations (tests). */
  migrationsDir?: string;
}

/**
 * A database that stopped answering must fail requests within seconds (they are answered 503, see
 * database-unavailable.ts) instead of holding them: a connection attempt gives up after 5 s, a query
 * without an answer after 30 s (Prisma's own transaction limit), and TCP keep-alive notices a peer that
 * vanished without closing. Idle connections are closed after 10 s, so after an outage none lingers half-dead.
 */
export const POSTGRESQL_POOL_OPTIONS = {
  connectionTimeoutMillis: 5_000,
  query_timeout: 30_000,
  keepAlive: true,
  idleTimeoutMillis: 10_000,
} as const;

/** Opens (and by default migrates) the database selected by databaseUrl: PostgreSQL, or embedded SQLite. */
export async function createDatabase(options: TCreateDatabaseOptions): Promise<Database> {
  const target = resolveDatabaseTarget(options);
  if (options.migrate !== false) await migrateDatabase({ target, migrationsDir: options.migrationsDir });

  const prisma =
    target.provider === 'postgresql'
      ? (new PostgresqlPrismaClient({
          adapter: new PrismaPg({ connectionString: target.url, ...POSTGRESQL_POOL_OPTIONS }),
        }) as unknown as KeyfortPrismaClient)
      : new SqlitePrismaClient({ adapter: new KeyfortSqliteAdapterFactory({ file: target.file }) });
  const postgresUrl = target.provider === 'postgresql' ? target.url : null;
  return { provider: target.provider, prisma, postgresUrl, close: () => prisma.$disconnect() };
}

// On globalThis: Next dev reloads modules and bundles server code more than once; every copy must share
// one client (one SQLite connection, one PostgreSQL pool) and migrate once.
const DATABASE = Symbol.for('keyfort.database');
type Holder = { [DATABASE]?: Promise<Database> };

/**
 * The process-wide database, from the environment: DATABASE_URL (postgresql://…) selects PostgreSQL,
 * otherwise ${KEYFORT_DATA_DIR:-./data}/keyfort.db. The first call migrates; every call awaits that.
 */
export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  holder[DATABASE] ??= createDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.KEYFORT_DATA_DIR?.trim() || './data',
  }).catch((error: unknown) => {
    // A later call may retry (e.g. PostgreSQL was not up yet); start-up reports the first failure.
    delete holder[DATABASE];
    throw error;
  });
  return holder[DATABASE];
}

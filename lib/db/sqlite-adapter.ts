import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { fileMutex, type Mutex } from './file-mutex';

export const SQLITE_BUSY_TIMEOUT_MS = 5000;
export const SQLITE_CACHE_KIB = 64 * 1024;

/**
 * Per-connection settings. WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL on every
 * commit, because a KMS must not lose a committed change on power loss; foreign_keys makes ON DELETE
 * CASCADE (aliases, import tokens) real; busy_timeout waits for another process's write lock; cache_size
 * (64 MiB, the default is 2) keeps the indexes the keys list reads (~25 MiB at 100,000 keys) in memory
 * instead of reading them back from the operating system on every statement.
 * No ANALYZE or PRAGMA optimize: the keys list's statements plan well with or without statistics (see
 * `npm run bench -- keys-list --analyze`), so they are not needed.
 */
export const SQLITE_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = FULL',
  `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
  'PRAGMA foreign_keys = ON',
  `PRAGMA cache_size = -${SQLITE_CACHE_KIB}`,
];

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/**
 * Prisma's better-sqlite3 adapter starts transactions with a deferred BEGIN, so two transactions that both
 * read and then write deadlock (one gets SQLITE_BUSY), and queries made outside a transaction run on the
 * same connection *inside* whatever transaction is open (they would see its uncommitted rows, and their
 * writes would roll back with it). This wrapper takes the write lock up front (BEGIN IMMEDIATE) and makes
 * every statement wait for the open transaction through one mutex per database file.
 */
export class KeyfortSqliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = 'sqlite';
  readonly adapterName = '@prisma/adapter-better-sqlite3';
  readonly #file: string;

  constructor(options: { file: string }) {
    this.#file = options.file;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const inner = await new PrismaBetterSqlite3({ url: this.#file, timeout: SQLITE_BUSY_TIMEOUT_MS }).connect();
    await inner.executeScript(SQLITE_PRAGMAS.map((pragma) => `${pragma};`).join('\n'));
    return new SerializedSqliteAdapter(inner, fileMutex(this.#file));
  }
}

class SerializedSqliteAdapter implements SqlDriverAdapter {
  readonly provider = 'sqlite';
  readonly adapterName: string;

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly mutex: Mutex,
  ) {
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.mutex.run(() => this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.mutex.run(() => this.inner.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.mutex.run(() => this.inner.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== 'SERIALIZABLE') {
      throw new Error(`SQLite transactions are always serializable (asked for ${isolationLevel})`);
    }
    const release = await this.mutex.acquire();
    try {
      await this.inner.executeRaw(statement('BEGIN IMMEDIATE'));
    } catch (error) {
      release();
      throw error;
    }
    return new SqliteTransaction(this.inner, release);
  }

  dispose(): Promise<void> {
    return this.mutex.run(() => this.inner.dispose());
  }
}

/** Prisma itself sends COMMIT / ROLLBACK (usePhantomQuery: false); commit() and rollback() only unlock. */
class SqliteTransaction implements Transaction {
  readonly provider = 'sqlite';
  readonly adapterName: string;
  readonly options = { usePhantomQuery: false };

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly release: () => void,
  ) {
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  async commit(): Promise<void> {
    this.release();
  }

  async rollback(): Promise<void> {
    this.release();
  }

  async createSavepoint(name: string): Promise<void> {
    await this.inner.executeRaw(statement(`SAVEPOINT ${name}`));
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.inner.executeRaw(statement(`ROLLBACK TO ${name}`));
  }

  async releaseSavepoint(name: string): Promise<void> {
    await this.inner.executeRaw(statement(`RELEASE SAVEPOINT ${name}`));
  }
}

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BackupError, type TBackupContents, type TBackupSummary, writeVerifiedBackup } from './backup-file';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-adapter';

/** sqlite3_backup_step's page count: every remaining page in one step (see backupSqlite). */
const ALL_PAGES = 0x7fffffff;

/**
 * An online, consistent copy of Keyfort's SQLite file while it runs, through SQLite's backup API. All pages are
 * copied in one step, inside one read transaction: in WAL mode Keyfort's writers go on meanwhile, and the copy is
 * the database as of that transaction's start. (In small steps, every write by another connection would restart
 * the copy, which under steady load might never finish.) The copy is then switched to a rollback journal, so it
 * is one self-contained file, and checked read-only.
 */
export async function backupSqlite(options: { source: string; destination: string }): Promise<TBackupSummary> {
  // Never create an empty database at a mistyped path and call it a backup.
  if (!existsSync(options.source)) throw new BackupError(`no Keyfort database at ${options.source} (check KEYFORT_DATA_DIR).`);
  return writeVerifiedBackup({
    file: options.destination,
    write: async () => {
      const source = new Database(options.source, { fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
      try {
        await source.backup(options.destination, { progress: () => ALL_PAGES });
      } finally {
        source.close();
      }
      const copy = new Database(options.destination, { fileMustExist: true });
      try {
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
    },
    verify: async () => inspectSqliteBackup(options.destination),
  });
}

/** Opens a backup read-only: it must pass integrity_check and be a Keyfort database (migration history, keys). */
export function inspectSqliteBackup(file: string): TBackupContents {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${file} does not open as a SQLite database: ${(error as Error).message}`);
  }
  try {
    const problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BackupError(`${file} fails PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}`);
    }
    const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!hasTable('_prisma_migrations') || !hasTable('Key')) {
      throw new BackupError(`${file} is not a Keyfort database (no _prisma_migrations or Key table).`);
    }
    const applied = db
      .prepare('SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name')
      .all() as { name: string }[];
    const keys = (db.prepare('SELECT count(*) AS n FROM "Key"').get() as { n: number }).n;
    return { migration: applied.at(-1)?.name ?? null, migrations: applied.length, keys };
  } finally {
    db.close();
  }
}

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TBackupSummary } from '@/lib/db/backup-file';
import { backupPostgresql } from '@/lib/db/backup-postgresql';
import { backupSqlite } from '@/lib/db/backup-sqlite';
import type { TCreateDatabaseOptions } from '@/lib/db/client';
import { resolveDatabaseTarget, SQLITE_FILE_NAME } from '@/lib/db/target';
import { TEST_POSTGRES_URL, withAdmin as admin } from './postgres';


/** An empty PostgreSQL database to restore into, named after this work (backup) so a leftover is recognisable. */
export async function emptyPostgresDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `keyfort_backup_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_POSTGRES_URL!);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))) };
}

/** `pg_restore` as the README tells operators to run it; throws with its output when it fails. */
export function pgRestore(options: { file: string; url: string; clean?: boolean }): void {
  const args = ['--no-owner', '--exit-on-error', ...(options.clean ? ['--clean', '--if-exists'] : []), `--dbname=${options.url}`, options.file];
  const result = spawnSync('pg_restore', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pg_restore ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
}

const backupFolders: string[] = [];

/** Removes every folder backUp made (call in afterAll). */
export function removeBackupFolders(): void {
  for (const folder of backupFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** `npm run backup`'s work for the suite's database, into a new file in a new folder. */
export async function backUp(options: TCreateDatabaseOptions): Promise<TBackupSummary> {
  const folder = mkdtempSync(path.join(tmpdir(), 'keyfort-backup-'));
  backupFolders.push(folder);
  const destination = path.join(folder, 'keyfort-backup');
  const target = resolveDatabaseTarget(options);
  return target.provider === 'sqlite' ? backupSqlite({ source: target.file, destination }) : backupPostgresql({ url: target.url, destination });
}

/** The README's restore into a fresh place: the SQLite file into a new data folder, or pg_restore into a new database. */
export async function restoreFresh(backup: TBackupSummary, options: TCreateDatabaseOptions): Promise<{ options: TCreateDatabaseOptions; remove(): Promise<void> }> {
  if (resolveDatabaseTarget(options).provider === 'sqlite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-restored-'));
    copyFileSync(backup.file, path.join(dataDir, SQLITE_FILE_NAME));
    return { options: { dataDir }, remove: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const database = await emptyPostgresDatabase('restore');
  pgRestore({ file: backup.file, url: database.url });
  return { options: { databaseUrl: database.url, dataDir: tmpdir() }, remove: database.drop };
}

export interface SqliteWriter {
  /** The sequence number of the last row the writer reported committed. */
  committed(): number;
  stop(): Promise<void>;
}

/**
 * Another process writing to the SQLite file in a loop, one committed row per transaction (SystemSetting
 * `backup-probe-<n>`), reporting each number once its commit returned: what a busy Keyfort does to the file.
 */
export function startSqliteWriter(file: string): SqliteWriter {
  const script = `
    import Database from 'better-sqlite3';
    const db = new Database(${JSON.stringify(file)}, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = db.prepare('INSERT INTO "SystemSetting" (name, value) VALUES (?, ?)');
    for (let n = 1; ; n++) {
      insert.run('backup-probe-' + n, String(n));
      process.stdout.write(n + '\\n');
      if (n % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let last = 0;
  let buffered = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) last = Number(line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    committed: () => {
      if (child.exitCode !== null) throw new Error(`the writer stopped (${child.exitCode}):\n${errors}`);
      return last;
    },
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

import { spawn } from 'node:child_process';
import { BackupError, type TBackupContents, type TBackupSummary, writeVerifiedBackup } from './backup-file';

export interface TCommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a client program (pg_dump, pg_restore); tests pass their own to see the arguments and environment. */
export type TRunCommand = (command: string, args: string[], env: NodeJS.ProcessEnv) => Promise<TCommandResult>;

export const runCommand: TRunCommand = (command, args, env) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new BackupError(`${command} is not installed or not on PATH (install the PostgreSQL client, the server's major version or newer).`) : error),
    );
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

/**
 * The connection for libpq's programs: the URL without its password, which goes in PGPASSWORD instead, so it
 * shows in no process list. Prisma's own `schema` parameter is not libpq's and would be refused.
 */
export function libpqConnection(url: string, env: NodeJS.ProcessEnv): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  parsed.searchParams.delete('schema');
  return { dbname: parsed.toString(), env: password ? { ...env, PGPASSWORD: password } : { ...env } };
}

/** The error output of a client program with any password it might echo masked. */
function clientError(what: string, result: TCommandResult): BackupError {
  const text = result.stderr.trim().replace(/(\w+:\/\/)[^\s/@]+@/g, '$1***@').split('\n').slice(-5).join('\n');
  return new BackupError(`${what} failed (exit code ${result.code}): ${text || 'no output'}`);
}

/** The rows of one table's COPY block in pg_restore's plain-SQL output of a single table's data. */
function copiedRows(sql: string): string[][] {
  const rows: string[][] = [];
  let inCopy = false;
  for (const line of sql.split('\n')) {
    if (!inCopy) {
      inCopy = line.startsWith('COPY ');
      continue;
    }
    if (line === '\\.') break;
    rows.push(line.split('\t'));
  }
  return rows;
}

async function tableRows(run: TRunCommand, file: string, table: string): Promise<{ header: string; rows: string[][] }> {
  const result = await run('pg_restore', ['--data-only', `--table=${table}`, '--file=-', file], process.env);
  if (result.code !== 0) throw clientError(`pg_restore of table ${table} from ${file}`, result);
  const header = result.stdout.split('\n').find((line) => line.startsWith('COPY ')) ?? '';
  if (!header) throw new BackupError(`${file} holds no data for table ${table}: not a Keyfort database dump.`);
  return { header, rows: copiedRows(result.stdout) };
}

/** Reads the dump back with pg_restore (its table of contents, then the migration history and the keys). */
export async function inspectPostgresqlBackup(file: string, run: TRunCommand = runCommand): Promise<TBackupContents> {
  const list = await run('pg_restore', ['--list', file], process.env);
  if (list.code !== 0) throw clientError(`pg_restore --list ${file}`, list);
  const migrations = await tableRows(run, file, '_prisma_migrations');
  const columns = /\((.*)\)/.exec(migrations.header)?.[1]?.split(',').map((column) => column.trim().replace(/"/g, '')) ?? [];
  const [name, finished, rolledBack] = ['migration_name', 'finished_at', 'rolled_back_at'].map((column) => columns.indexOf(column));
  if (name === undefined || name < 0) throw new BackupError(`${file}: _prisma_migrations has no migration_name column.`);
  const applied = migrations.rows
    .filter((row) => row[finished ?? -1] !== '\\N' && row[rolledBack ?? -1] === '\\N')
    .map((row) => row[name] as string)
    .sort();
  const keys = await tableRows(run, file, 'Key');
  return { migration: applied.at(-1) ?? null, migrations: applied.length, keys: keys.rows.length };
}

/**
 * `pg_dump --format=custom` of Keyfort's database into a new file (mode 0600), read back with pg_restore. pg_dump
 * reads in one snapshot (a repeatable-read transaction), so Keyfort keeps running and writing meanwhile.
 */
export async function backupPostgresql(options: { url: string; destination: string; run?: TRunCommand }): Promise<TBackupSummary> {
  const run = options.run ?? runCommand;
  const connection = libpqConnection(options.url, process.env);
  return writeVerifiedBackup({
    file: options.destination,
    write: async () => {
      const result = await run('pg_dump', ['--format=custom', `--file=${options.destination}`, `--dbname=${connection.dbname}`], connection.env);
      if (result.code !== 0) throw clientError('pg_dump', result);
    },
    verify: () => inspectPostgresqlBackup(options.destination, run),
  });
}

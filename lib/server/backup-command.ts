import { existsSync } from 'node:fs';
import path from 'node:path';
import { BackupError, type TBackupSummary } from '@/lib/db/backup-file';
import { backupPostgresql, type TRunCommand } from '@/lib/db/backup-postgresql';
import { backupSqlite } from '@/lib/db/backup-sqlite';
import { resolveDatabaseTarget } from '@/lib/db/target';
import { describeStartupError } from '@/lib/kms';
import { EXIT_CONFIGURATION_ERROR } from './exit-codes.mjs';

/** sysexits' EX_USAGE: the command line is wrong. */
export const EXIT_USAGE = 64;
const GENERATED_ROOT_KEY_FILE = 'root.key';

export const BACKUP_USAGE = `Usage: npm run backup -- <new backup file>

Writes a consistent copy of Keyfort's database while Keyfort runs, then reads it back to check it:
  SQLite (default, $KEYFORT_DATA_DIR/keyfort.db): SQLite's online backup API, one self-contained file
  PostgreSQL (DATABASE_URL=postgresql://…): pg_dump --format=custom (restore with pg_restore)
The file must not exist yet; it is created readable by its owner only. The root key is never included.`;

export interface TBackupCommandOptions {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  /** Where relative paths start: npm runs scripts in the project folder, and says where it was called from in INIT_CWD. */
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
  /** pg_dump and pg_restore (tests pass their own). */
  run?: TRunCommand;
}

export function parseBackupArguments(argv: readonly string[]): { destination: string } | { help: true } | { error: string } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const options = argv.filter((arg) => arg.startsWith('-'));
  if (options.length > 0) return { error: `unknown option ${options[0]}` };
  if (argv.length === 0 || !argv[0]?.trim()) return { error: 'the path of the new backup file is missing' };
  if (argv.length > 1) return { error: `one backup file at a time (got ${argv.length} arguments)` };
  return { destination: argv[0] };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Where the root key lives, and that it is not in the backup: losing it loses every key, finding it next to the backup gives every key away. */
function rootKeyNotice(env: Record<string, string | undefined>, dataDir: string): string {
  const generated = path.join(dataDir, GENERATED_ROOT_KEY_FILE);
  const where = env.KEYFORT_ROOT_KEY_FILE?.trim()
    ? `the file in KEYFORT_ROOT_KEY_FILE (${path.resolve(env.KEYFORT_ROOT_KEY_FILE.trim())})`
    : env.KEYFORT_ROOT_KEY?.trim()
      ? 'KEYFORT_ROOT_KEY'
      : existsSync(generated)
        ? `${generated} (generated, in the data folder)`
        : 'wherever you keep it';
  return `Root key: NOT in this backup. Back it up apart (e.g. in a secrets manager), never next to the backup: it is ${where}. A restore needs the same root key.`;
}

function describeSummary(summary: TBackupSummary, provider: string): string[] {
  return [
    `Backup written: ${summary.file} (${provider}, ${formatBytes(summary.bytes)}, ${summary.bytes} bytes, mode 0600)`,
    `Verified: ${provider === 'sqlite' ? 'integrity_check ok, ' : 'pg_restore reads it, '}migrations ${summary.migrations} (latest ${summary.migration ?? 'none'}), keys ${summary.keys}`,
  ];
}

/** `npm run backup`: returns the exit status (0 written and verified, 64 usage, 78 configuration, 1 failure). */
export async function runBackupCommand(options: TBackupCommandOptions): Promise<number> {
  const parsed = parseBackupArguments(options.argv);
  if ('help' in parsed) {
    options.out(BACKUP_USAGE);
    return 0;
  }
  if ('error' in parsed) {
    options.err(`[keyfort] backup: ${parsed.error}.\n${BACKUP_USAGE}`);
    return EXIT_USAGE;
  }
  const destination = path.resolve(options.cwd, parsed.destination);
  // Checked first, whatever else is wrong; the exclusive create (createBackupFile) still guards against a race.
  if (existsSync(destination)) {
    options.err(`[keyfort] backup refused: ${destination} already exists. Keyfort never overwrites a file; choose a new name.`);
    return 1;
  }
  const dataDir = path.resolve(options.env.KEYFORT_DATA_DIR?.trim() || 'data');
  let target;
  try {
    target = resolveDatabaseTarget({ databaseUrl: options.env.DATABASE_URL, dataDir });
  } catch (error) {
    options.err(`[keyfort] backup: ${describeStartupError(error)}`);
    return EXIT_CONFIGURATION_ERROR;
  }
  try {
    const summary =
      target.provider === 'sqlite'
        ? await backupSqlite({ source: target.file, destination })
        : await backupPostgresql({ url: target.url, destination, run: options.run });
    for (const line of describeSummary(summary, target.provider)) options.out(line);
    options.out(rootKeyNotice(options.env, dataDir));
    return 0;
  } catch (error) {
    const reason = error instanceof BackupError ? error.message : describeStartupError(error);
    options.err(`[keyfort] backup failed: ${reason}`);
    return 1;
  }
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TRunCommand } from '@/lib/db/backup-postgresql';
import { EXIT_USAGE, parseBackupArguments, runBackupCommand } from './backup-command';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'keyfort-backup-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function backup(argv: string[], env: Record<string, string> = {}, run?: TRunCommand) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runBackupCommand({ argv, env: { KEYFORT_DATA_DIR: path.join(dir, 'data'), ...env }, cwd: dir, out: (l) => out.push(l), err: (l) => err.push(l), run });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run backup: arguments', () => {
  it('takes exactly one path; none, two or an unknown option is a usage error (64) that shows the usage', async () => {
    expect(parseBackupArguments(['b.db'])).toEqual({ destination: 'b.db' });
    expect(parseBackupArguments([])).toEqual({ error: 'the path of the new backup file is missing' });
    expect(parseBackupArguments(['  '])).toEqual({ error: 'the path of the new backup file is missing' });
    expect(parseBackupArguments(['a.db', 'b.db'])).toMatchObject({ error: expect.stringContaining('one backup file at a time') });
    expect(parseBackupArguments(['--force', 'a.db'])).toEqual({ error: 'unknown option --force' });
    const missing = await backup([]);
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.err).toContain('the path of the new backup file is missing');
    expect(missing.err).toContain('Usage: npm run backup -- <new backup file>');
    expect((await backup(['--help'])).code).toBe(0);
  });

  it('refuses a path that exists and leaves that file as it was', async () => {
    const existing = path.join(dir, 'earlier-backup.db');
    writeFileSync(existing, 'an earlier backup');
    const result = await backup(['earlier-backup.db']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('already exists');
    expect(readFileSync(existing, 'utf8')).toBe('an earlier backup');
  });

  it('on SQLite, refuses a data folder without a database instead of backing up an empty one', async () => {
    const result = await backup(['new.db']);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`no Keyfort database at ${path.join(dir, 'data', 'keyfort.db')}`);
  });

  it('a DATABASE_URL of another kind is a configuration error (78), nothing is written', async () => {
    const result = await backup(['new.db'], { DATABASE_URL: 'mysql://root:hunter2@db/keyfort' });
    expect(result.code).toBe(78);
    expect(result.err).toContain('DATABASE_URL must start with postgresql://');
    expect(result.err).not.toContain('hunter2');
  });

  it('with a PostgreSQL URL runs pg_dump --format=custom into the new file, the password only in PGPASSWORD', async () => {
    const calls: { command: string; args: string[]; password: string | undefined }[] = [];
    const run: TRunCommand = async (command, args, env) => {
      calls.push({ command, args, password: env.PGPASSWORD });
      return { code: 1, stdout: '', stderr: 'pg_dump: error: connection to server failed: password authentication failed for postgresql://keyfort:s3cret@db' };
    };
    const result = await backup(['pg.dump'], { DATABASE_URL: 'postgresql://keyfort:s3cret@db.internal:5432/keyfort?schema=public&sslmode=require' }, run);
    expect(calls).toEqual([
      {
        command: 'pg_dump',
        args: ['--format=custom', `--file=${path.join(dir, 'pg.dump')}`, '--dbname=postgresql://keyfort@db.internal:5432/keyfort?sslmode=require'],
        password: 's3cret',
      },
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('pg_dump failed (exit code 1)');
    expect(result.err).not.toContain('s3cret');
    expect(result.err).toContain('was removed');
    // The file created for pg_dump goes when the dump fails: no half-written backup to be trusted later.
    expect(() => readFileSync(path.join(dir, 'pg.dump'))).toThrow();
  });
});

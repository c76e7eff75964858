import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { describeStartupError } from '@/lib/kms';

/** What a backup holds, read back from the written file itself. */
export interface TBackupContents {
  /** The newest applied migration: a restore needs a Keyfort release that knows it. */
  migration: string | null;
  migrations: number;
  keys: number;
}

export interface TBackupSummary extends TBackupContents {
  file: string;
  bytes: number;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * Creates the destination, empty, readable by its owner alone: it holds sealed key material and the audit log.
 * Exclusive, so an earlier backup (or any other file) is never overwritten, also not by a race.
 */
export function createBackupFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new BackupError(`${file} already exists: Keyfort never overwrites a file; choose a new name.`);
    if (code === 'ENOENT') throw new BackupError(`the folder of ${file} does not exist: create it first.`);
    if (code === 'EACCES') throw new BackupError(`cannot create ${file}: permission denied.`);
    throw error;
  }
}

/** Writes into the file createBackupFile made, then checks it; a failed or unverifiable backup is removed, never left to be trusted. */
export async function writeVerifiedBackup(options: {
  file: string;
  write: () => Promise<void>;
  verify: () => Promise<TBackupContents>;
}): Promise<TBackupSummary> {
  createBackupFile(options.file);
  try {
    await options.write();
    const contents = await options.verify();
    return { file: options.file, bytes: statSync(options.file).size, ...contents };
  } catch (error) {
    rmSync(options.file, { force: true });
    const reason = error instanceof BackupError ? error.message : describeStartupError(error);
    throw new BackupError(`${reason}\n${options.file} was removed: an unverified backup is never left behind.`);
  }
}

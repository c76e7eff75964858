import { randomUUID } from 'node:crypto';
import type { KeyfortPrismaClient } from '@/lib/db/client';
import { generateSetupCode, hashSetupCode, setupCodeMatches } from './setup-code';

/**
 * One SystemSetting row per printed code (`setup.code.<id>` → SHA-256 hex): instances starting together
 * each print their own code and every one of them works. All rows are deleted with the first administrator.
 */
export const SETUP_CODE_SETTING_PREFIX = 'setup.code.';

type TSettings = Pick<KeyfortPrismaClient, 'systemSetting'>;

/** Stores a fresh code's hash and returns the code itself, to be printed once and never stored. */
export async function issueSetupCode(db: TSettings): Promise<string> {
  const code = generateSetupCode();
  await db.systemSetting.create({ data: { name: `${SETUP_CODE_SETTING_PREFIX}${randomUUID()}`, value: hashSetupCode(code) } });
  return code;
}

export async function isValidSetupCode(db: TSettings, typed: string): Promise<boolean> {
  const rows = await db.systemSetting.findMany({ where: { name: { startsWith: SETUP_CODE_SETTING_PREFIX } } });
  return setupCodeMatches({ typed, storedHashes: rows.map((row) => row.value) });
}

export async function deleteSetupCodes(db: TSettings): Promise<void> {
  await db.systemSetting.deleteMany({ where: { name: { startsWith: SETUP_CODE_SETTING_PREFIX } } });
}

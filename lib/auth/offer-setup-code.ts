import { getDatabase, type KeyfortPrismaClient } from '@/lib/db/client';
import { SETUP_PAGE } from './constants';
import { deleteSetupCodes, issueSetupCode } from './setup-codes';
import { isSetupRequired } from './setup-state';

/** The block printed at start-up; tests find the code after its last line of text, `enter this set-up code:`. */
export function setupCodeBanner(options: { code: string; publicUrl: string }): string {
  const rule = '='.repeat(78);
  return [
    '',
    rule,
    'Keyfort has no administrator yet.',
    `Open ${options.publicUrl}${SETUP_PAGE} and enter this set-up code:`,
    '',
    `    ${options.code}`,
    '',
    'Anyone with this code can become the administrator: keep this log private. Every code printed',
    'at start-up works until the administrator exists; then all of them stop working.',
    rule,
    '',
  ].join('\n');
}

/**
 * At start-up: while set-up is still required, makes a one-time set-up code (only its hash is stored) and
 * returns the block to print; once an administrator exists, removes any codes left over and returns null.
 */
export async function offerSetupCode(options: { publicUrl: string; prisma?: KeyfortPrismaClient }): Promise<string | null> {
  const prisma = options.prisma ?? (await getDatabase()).prisma;
  if (!(await isSetupRequired({ prisma }))) {
    await deleteSetupCodes(prisma);
    return null;
  }
  return setupCodeBanner({ code: await issueSetupCode(prisma), publicUrl: options.publicUrl });
}

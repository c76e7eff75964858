import { getDatabase, type KeyfortPrismaClient } from '@/lib/db/client';

/** Written in the same transaction as the first administrator; its primary key makes set-up one-time. */
export const SETUP_COMPLETED_SETTING = 'setup.completed';

/** True while Keyfort has no user and set-up has never completed: the first visit shows /setup. */
export async function isSetupRequired(options: { prisma?: KeyfortPrismaClient } = {}): Promise<boolean> {
  const prisma = options.prisma ?? (await getDatabase()).prisma;
  const [users, completed] = await Promise.all([
    prisma.user.count(),
    prisma.systemSetting.findUnique({ where: { name: SETUP_COMPLETED_SETTING } }),
  ]);
  return users === 0 && completed === null;
}

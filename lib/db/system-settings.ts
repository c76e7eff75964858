import type { KeyfortPrismaClient } from './client';

/**
 * The setting's value, writing `candidate` first if the setting is absent. Insert-if-absent then read back:
 * instances starting together on one database may each propose a value, and all of them end up with
 * whichever was written first.
 */
export async function settingOrInsert(prisma: KeyfortPrismaClient, options: { name: string; candidate: string }): Promise<string> {
  const existing = await prisma.systemSetting.findUnique({ where: { name: options.name } });
  if (existing) return existing.value;
  // One statement both providers run (SQLite ≥ 3.24): a concurrent insert of the same name wins quietly,
  // where a create would fail on the unique name.
  await prisma.$executeRaw`INSERT INTO "SystemSetting" ("name", "value") VALUES (${options.name}, ${options.candidate}) ON CONFLICT ("name") DO NOTHING`;
  const row = await prisma.systemSetting.findUnique({ where: { name: options.name } });
  if (!row) throw new Error(`The system setting ${options.name} could not be read back`);
  return row.value;
}

import { getDatabase } from '@/lib/db/client';
import { settingOrInsert } from '@/lib/db/system-settings';
import { resolveHuaweiScope, type THuaweiScope } from '@/lib/huawei-api';

let pending: Promise<THuaweiScope> | undefined;

/**
 * The Huawei project and domain this process answers as: read (or first written) once, then kept; a failed
 * read (database unreachable) is not kept, so the next request asks again.
 */
export function getHuaweiScope(): Promise<THuaweiScope> {
  pending ??= getDatabase()
    .then((db) => resolveHuaweiScope({ env: process.env, settingOrInsert: (options) => settingOrInsert(db.prisma, options) }))
    .catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
  return pending;
}

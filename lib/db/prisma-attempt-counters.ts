import { randomUUID } from 'node:crypto';
import type { AttemptCounters } from '@/lib/auth/attempt-counters';
import { COUNTER_KEY_PREFIX } from '@/lib/auth/attempt-limiter';
import type { KeyfortPrismaClient } from './client';

/**
 * Attempt counters in Better Auth's `rateLimit` table (no table of their own: the shape fits, and our keys
 * carry a prefix Better Auth's `<ip><path>` keys never have). `lastRequest` holds the counter's expiry.
 * Each increment is one `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, atomic on SQLite and
 * PostgreSQL alike: concurrent attempts from any number of instances each get a distinct count.
 */
export class PrismaAttemptCounters implements AttemptCounters {
  constructor(private readonly prisma: KeyfortPrismaClient) {}

  async increment(options: { key: string; expiresAtMs: number; nowMs: number }): Promise<number> {
    // Expired counters go first; attempts are rare enough that this costs nothing worth a job.
    await this.prisma.$executeRaw`DELETE FROM "rateLimit" WHERE "key" LIKE ${`${COUNTER_KEY_PREFIX}%`} AND "lastRequest" < ${BigInt(options.nowMs)}`;
    const rows = await this.prisma.$queryRaw<{ count: number | bigint }[]>`
      INSERT INTO "rateLimit" ("id", "key", "count", "lastRequest")
      VALUES (${randomUUID()}, ${options.key}, 1, ${BigInt(options.expiresAtMs)})
      ON CONFLICT ("key") DO UPDATE SET "count" = "rateLimit"."count" + 1
      RETURNING "count"`;
    const count = rows[0]?.count;
    if (count === undefined) throw new Error('the attempt counter returned no row');
    return Number(count);
  }

  async decrement(options: { key: string }): Promise<void> {
    await this.prisma.$executeRaw`UPDATE "rateLimit" SET "count" = "count" - 1 WHERE "key" = ${options.key} AND "count" > 0`;
  }
}

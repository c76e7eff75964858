import type { KeyfortPrismaClient } from './client';
import type { Prisma } from './generated/sqlite/client';

// Import-token writes that commit on their own, outside any import's transaction. Each statement is a
// conditional UPDATE, so instances running them at once neither lose a count nor undo each other.

/**
 * Counts a failed unwrap and burns the token at the limit. The increment is `failedAttempts + 1` under
 * `failedAttempts < max` (the database adds, not us), so racing failures each count and none exceeds max.
 */
export async function recordFailedUnwrap(options: {
  tx: Prisma.TransactionClient;
  tokenId: string;
  maxFailedAttempts: number;
}): Promise<number> {
  const { tx, tokenId: id, maxFailedAttempts: max } = options;
  await tx.importToken.updateMany({
    where: { id, usedAt: null, failedAttempts: { lt: max } },
    data: { failedAttempts: { increment: 1 } },
  });
  await tx.importToken.updateMany({
    where: { id, failedAttempts: { gte: max }, privateKeyCiphertext: { not: null } },
    data: { privateKeyCiphertext: null },
  });
  const row = await tx.importToken.findUnique({ where: { id }, select: { failedAttempts: true } });
  return row?.failedAttempts ?? 0;
}

/** The sweeper's half for tokens: an expired token's private key is of no further use to anyone. */
export async function destroyExpiredTokenKeys(options: { prisma: KeyfortPrismaClient; now: Date }): Promise<number> {
  const { count } = await options.prisma.importToken.updateMany({
    where: { expiresAt: { lte: options.now }, privateKeyCiphertext: { not: null } },
    data: { privateKeyCiphertext: null },
  });
  return count;
}

import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { PasswordLinkRecord, PeopleStoreTx } from './people-store';

/** A set-password link is valid for 24 h after it was issued (SPEC §9). */
export const PASSWORD_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** SHA-256 of the token, lowercase hex: the only form in which Keyfort keeps it. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex hashes (the stored one and the one of the presented token). */
export function sameLinkHash(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(presented, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/**
 * Issues a new link for the person inside the caller's transaction, replacing any earlier one (which
 * then no longer works). Returns the token, which only the administrator ever sees: 256 random bits.
 */
export async function issueLinkInTx(tx: PeopleStoreTx, options: { userId: string; now: Date }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(options.now.getTime() + PASSWORD_LINK_TTL_MS);
  const link: PasswordLinkRecord = {
    id: randomUUID(),
    tokenHash: hashLinkToken(token),
    userId: options.userId,
    createdAt: options.now,
    expiresAt,
    usedAt: null,
  };
  await tx.replacePasswordLink(link);
  return { token, expiresAt };
}

/** What the administrator gets once: the token (to build `/set-password#<token>`) and when it stops working. */
export interface TPasswordLink {
  token: string;
  expiresAt: Date;
}

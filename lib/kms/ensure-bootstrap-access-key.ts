import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { accessKeyAuditEvent, openAccessKeySecret, sealAccessKeySecret } from './access-key-view';
import type { KmsContext } from './context';
import { SYSTEM_PRINCIPAL } from './principals';
import type { AccessKeyRecord } from './types';
import { ZEnsureBootstrapAccessKeyInput, parseInput } from './validation';

export type TEnsureBootstrapAccessKeyOptions = z.input<typeof ZEnsureBootstrapAccessKeyInput>;

/**
 * - `created`: the key did not exist and now does.
 * - `exists`: it exists with this very secret.
 * - `exists-different-secret`: it exists with another secret, which stays (the environment's is not used).
 * - `exists-revoked`: it exists and was revoked; revocation is final, so it is not brought back.
 */
export type TBootstrapAccessKeyResult = 'created' | 'exists' | 'exists-different-secret' | 'exists-revoked';

function sameSecret(stored: Buffer, given: string): boolean {
  const candidate = Buffer.from(given, 'utf8');
  try {
    return stored.length === candidate.length && timingSafeEqual(stored, candidate);
  } finally {
    candidate.fill(0);
    stored.fill(0);
  }
}

async function compareWithStored(ctx: KmsContext, record: AccessKeyRecord, secret: string): Promise<TBootstrapAccessKeyResult> {
  const stored = openAccessKeySecret(ctx.keyring, record);
  if (!stored) return 'exists-revoked';
  return sameSecret(stored, secret) ? 'exists' : 'exists-different-secret';
}

/**
 * Creates the administrator access key named by the environment at start-up, if absent (automation gets
 * API credentials without the console). Idempotent, also with several instances starting at once: the
 * store's insert decides, and the loser compares with what the winner stored. Audited as Keyfort itself.
 */
export async function ensureBootstrapAccessKey(
  ctx: KmsContext,
  options: TEnsureBootstrapAccessKeyOptions,
): Promise<TBootstrapAccessKeyResult> {
  const input = parseInput({ schema: ZEnsureBootstrapAccessKeyInput, input: options });
  const existing = await ctx.accessKeys.findAccessKey(input.accessKeyId);
  if (existing) return compareWithStored(ctx, existing, input.secretAccessKey);
  const now = ctx.clock.now();
  const record: AccessKeyRecord = {
    id: input.accessKeyId,
    secretCiphertext: sealAccessKeySecret(ctx.keyring, input.accessKeyId, input.secretAccessKey),
    role: 'ADMINISTRATOR',
    ownerName: input.ownerName,
    ownerUserId: null,
    description: 'Created at start-up from KEYFORT_BOOTSTRAP_ACCESS_KEY_ID',
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  };
  const audit = accessKeyAuditEvent({
    at: now,
    actor: SYSTEM_PRINCIPAL,
    action: 'CreateAccessKey',
    details: { accessKeyId: input.accessKeyId, role: 'ADMINISTRATOR', bootstrap: true },
  });
  if (await ctx.accessKeys.insertAccessKey(record, audit)) return 'created';
  const winner = await ctx.accessKeys.findAccessKey(input.accessKeyId);
  if (!winner) throw new Error('The bootstrap access key ID is taken, yet no such key exists');
  return compareWithStored(ctx, winner, input.secretAccessKey);
}

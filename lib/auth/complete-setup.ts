import { toAuditCreateData } from '@/lib/db/audit-record';
import { getDatabase, type KeyfortPrismaClient } from '@/lib/db/client';
import { PrismaAttemptCounters } from '@/lib/db/prisma-attempt-counters';
import type { AuditAction } from '@/lib/kms';
import type { AttemptCounters } from './attempt-counters';
import { minutesToWait, reserveAttempt, type TAttemptLimit } from './attempt-limiter';
import { createAdministrator } from './create-administrator';
import { isSetupRequired } from './setup-state';

const SETUP_WINDOW_MS = 15 * 60_000;
/** Set-up attempts per client address per 15 minutes. */
export const SETUP_ADDRESS_LIMIT: TAttemptLimit = { scope: 'setup-code.address', max: 5, windowMs: SETUP_WINDOW_MS };
/**
 * Set-up attempts from everyone together per 15 minutes: rotating addresses gains nothing. Someone who keeps
 * it exhausted delays set-up (never takes it over); KEYFORT_ADMIN_EMAIL/_PASSWORD create the administrator
 * without the page.
 */
export const SETUP_GLOBAL_LIMIT: TAttemptLimit = { scope: 'setup-code.all', max: 20, windowMs: SETUP_WINDOW_MS };

export interface TCompleteSetupOptions {
  email: string;
  name: string;
  password: string;
  setupCode: string;
  /** From clientAddress(). */
  address: string;
  prisma?: KeyfortPrismaClient;
  counters?: AttemptCounters;
  now?: () => Date;
}

export type TCompleteSetupResult =
  | { outcome: 'created' | 'already-set-up' | 'wrong-code' }
  | { outcome: 'rate-limited'; retryAfterMinutes: number };

/**
 * The set-up page's one operation. Every attempt is counted before the code is looked at (per address and
 * overall, atomically in the database, so concurrent attempts from several instances cannot exceed the
 * limits); a limited attempt is answered without checking the code. Refusals are audited with the
 * address, never with the typed code.
 */
export async function completeSetup(options: TCompleteSetupOptions): Promise<TCompleteSetupResult> {
  const prisma = options.prisma ?? (await getDatabase()).prisma;
  const counters = options.counters ?? new PrismaAttemptCounters(prisma);
  const now = options.now ?? (() => new Date());
  if (!(await isSetupRequired({ prisma }))) return { outcome: 'already-set-up' };

  const audit = (action: AuditAction, errorCode: string) =>
    prisma.auditEvent.create({
      data: toAuditCreateData({
        at: now(),
        // Nobody is signed in: the visitor is known only by address.
        actor: {
          type: 'user',
          id: options.address,
          name: options.address,
          role: 'AUDITOR',
          source: { address: options.address, userAgent: null, accessKeyId: null, via: 'console' },
        },
        action,
        keyId: null,
        result: 'FAILURE',
        errorCode,
        details: { address: options.address },
      }),
    });

  for (const [limit, subject] of [
    [SETUP_ADDRESS_LIMIT, options.address],
    [SETUP_GLOBAL_LIMIT, 'all'],
  ] as const) {
    const reservation = await reserveAttempt({ counters, limit, subject, nowMs: now().getTime() });
    if (!reservation.allowed) {
      await audit('SetupRateLimited', 'RATE_LIMITED');
      return { outcome: 'rate-limited', retryAfterMinutes: minutesToWait(reservation.retryAfterMs) };
    }
  }

  const { email, name, password, setupCode } = options;
  const outcome = await createAdministrator({ email, name, password, setupCode, via: 'setup', prisma });
  if (outcome === 'wrong-code') await audit('SetupCodeRejected', 'UNAUTHENTICATED');
  return { outcome };
}

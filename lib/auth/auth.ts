import { prismaAdapter } from 'better-auth/adapters/prisma';
import { getDatabase } from '@/lib/db/client';
import { PrismaAttemptCounters } from '@/lib/db/prisma-attempt-counters';
import { recordSignIn } from '@/lib/kms';
import { getKmsContext } from '@/lib/server/kms-context';
import { countSignIn } from '@/lib/server/metrics';
import { sessionLimitsFromEnv } from '@/lib/server/session-settings';
import { resolveAuthEnvironment } from './auth-environment';
import { resolveAuthSecret } from './auth-secret';
import { createAuth, type Auth } from './create-auth';
import { SignInThrottle } from './sign-in-throttle';
import { TotpReplayGuard } from './totp-replay-guard';

// See lib/server/kms-context.ts: one instance per process, whichever Next bundle asks first.
const AUTH = Symbol.for('keyfort.auth');
const THROTTLE = Symbol.for('keyfort.sign-in-throttle');

function onePerProcess<T>(key: symbol, build: () => Promise<T>): Promise<T> {
  const holder = globalThis as Record<symbol, Promise<T> | undefined>;
  holder[key] ??= build().catch((error: unknown) => {
    delete holder[key];
    throw error;
  });
  return holder[key];
}

/**
 * The per-address and per-account password throttle: the one Better Auth's sign-in hooks use, and the one
 * every other password typed by a signed-in person goes through (re-authentication, password change).
 */
export function getSignInThrottle(): Promise<SignInThrottle> {
  return onePerProcess(THROTTLE, async () => {
    const [database, ctx] = await Promise.all([getDatabase(), getKmsContext()]);
    return new SignInThrottle({ counters: new PrismaAttemptCounters(database.prisma), now: () => ctx.clock.now().getTime() });
  });
}

async function buildAuth(): Promise<Auth> {
  const [database, ctx, signInThrottle] = await Promise.all([getDatabase(), getKmsContext(), getSignInThrottle()]);
  const counters = new PrismaAttemptCounters(database.prisma);
  const now = () => ctx.clock.now().getTime();
  return createAuth({
    database: prismaAdapter(database.prisma, { provider: database.provider, transaction: true }),
    secret: resolveAuthSecret({ env: process.env, keyring: ctx.keyring }),
    environment: resolveAuthEnvironment({ env: process.env }),
    onSignInAttempt: (attempt) => {
      countSignIn(attempt);
      return recordSignIn(ctx, attempt);
    },
    sessionMaxAgeSeconds: sessionLimitsFromEnv(process.env).maxAgeMs / 1000,
    signInThrottle,
    totpReplayGuard: new TotpReplayGuard({ counters, now }),
  });
}

export function getAuth(): Promise<Auth> {
  return onePerProcess(AUTH, buildAuth);
}

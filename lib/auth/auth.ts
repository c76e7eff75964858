import { prismaAdapter } from 'better-auth/adapters/prisma';
import { getDatabase } from '@/lib/db/client';
import { PrismaAttemptCounters } from '@/lib/db/prisma-attempt-counters';
import { recordSignIn } from '@/lib/kms/record-sign-in';
import { getKmsContext } from '@/lib/server/kms-context';
import { sessionLimitsFromEnv } from '@/lib/server/session-settings';
import { resolveAuthEnvironment } from './auth-environment';
import { resolveAuthSecret } from './auth-secret';
import { createAuth, type Auth } from './create-auth';
import { SignInThrottle } from './sign-in-throttle';
import { TotpReplayGuard } from './totp-replay-guard';

// See lib/server/kms-context.ts: one instance per process, whichever Next bundle asks first.
const AUTH = Symbol.for('keyfort.auth');
type Holder = { [AUTH]?: Promise<Auth> };

async function buildAuth(): Promise<Auth> {
  const [database, ctx] = await Promise.all([getDatabase(), getKmsContext()]);
  const counters = new PrismaAttemptCounters(database.prisma);
  const now = () => ctx.clock.now().getTime();
  return createAuth({
    database: prismaAdapter(database.prisma, { provider: database.provider, transaction: true }),
    secret: resolveAuthSecret({ env: process.env, keyring: ctx.keyring }),
    environment: resolveAuthEnvironment({ env: process.env }),
    onSignInAttempt: (attempt) => recordSignIn(ctx, attempt),
    sessionMaxAgeSeconds: sessionLimitsFromEnv(process.env).maxAgeMs / 1000,
    signInThrottle: new SignInThrottle({ counters, now }),
    totpReplayGuard: new TotpReplayGuard({ counters, now }),
  });
}

export function getAuth(): Promise<Auth> {
  const holder = globalThis as Holder;
  holder[AUTH] ??= buildAuth().catch((error: unknown) => {
    delete holder[AUTH];
    throw error;
  });
  return holder[AUTH];
}

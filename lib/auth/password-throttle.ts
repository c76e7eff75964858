import { getDatabase } from '@/lib/db/client';
import { PrismaAttemptCounters } from '@/lib/db/prisma-attempt-counters';
import { getKmsContext } from '@/lib/server/kms-context';
import { SignInThrottle } from './sign-in-throttle';
import type { Principal } from '@/lib/kms/types';
import type { TSignInSubject } from './sign-in-throttle';

/** The sign-in throttle (its counters are in the database, shared with the sign-in page and all instances). */
export async function getPasswordThrottle(): Promise<SignInThrottle> {
  const [database, ctx] = await Promise.all([getDatabase(), getKmsContext()]);
  return new SignInThrottle({ counters: new PrismaAttemptCounters(database.prisma), now: () => ctx.clock.now().getTime() });
}

/** A signed-in person typing their password: counted per address and per account, like a sign-in. */
export function passwordSubject(actor: Principal): TSignInSubject {
  return { address: actor.source?.address ?? 'unknown', account: actor.name.toLowerCase() };
}

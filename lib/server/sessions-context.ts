import { getDatabase } from '@/lib/db/client';
import { surfaceDatabaseUnavailable } from '@/lib/db/database-unavailable';
import { PrismaSessionStore } from '@/lib/db/prisma-session-store';
import type { TSessionsContext } from '@/lib/kms';
import { getKmsContext } from './kms-context';
import { sessionLimitsFromEnv } from './session-settings';

// See kms-context.ts: one instance per process, whichever Next bundle asks first.
const SESSIONS = Symbol.for('keyfort.sessions-context');
type Holder = { [SESSIONS]?: Promise<TSessionsContext> };

async function createSessionsContext(): Promise<TSessionsContext> {
  const sessionLimits = sessionLimitsFromEnv(process.env);
  const [database, ctx] = await Promise.all([getDatabase(), getKmsContext()]);
  const sessions = surfaceDatabaseUnavailable(new PrismaSessionStore(database.prisma, database.provider));
  return { store: ctx.store, clock: ctx.clock, sessions, sessionLimits };
}

/** What the session operations run with: the domain's audit log and clock, the session table, the limits. */
export function getSessionsContext(): Promise<TSessionsContext> {
  const holder = globalThis as Holder;
  holder[SESSIONS] ??= createSessionsContext().catch((error: unknown) => {
    delete holder[SESSIONS];
    throw error;
  });
  return holder[SESSIONS];
}

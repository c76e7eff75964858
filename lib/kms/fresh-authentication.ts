import { KmsError } from './errors';
import type { Clock } from './store';
import type { Principal } from './types';

/** SPEC §9: sensitive actions need a password or code entered within the last 10 minutes. */
export const FRESH_AUTHENTICATION_MS = 10 * 60 * 1000;

/**
 * Sensitive actions (create access key, delete imported material, schedule key deletion, rotate, change a
 * person's role, remove a person) call this before anything else. It binds users only: an access key signs
 * every API request afresh, and background jobs have no one to ask. A user principal without a time (a
 * session that never proved itself) is treated as stale, so forgetting to fill it in fails closed.
 */
export function requireFreshAuthentication(clock: Clock, actor: Principal): void {
  if (actor.type !== 'user') return;
  const provedAt = actor.authenticatedAt?.getTime();
  const age = provedAt === undefined ? Number.POSITIVE_INFINITY : clock.now().getTime() - provedAt;
  // A time in the future (clock skew between instances) counts as fresh only up to the window itself.
  if (age <= FRESH_AUTHENTICATION_MS && age >= -FRESH_AUTHENTICATION_MS) return;
  throw new KmsError('REAUTHENTICATION_REQUIRED', 'This action needs a password or code entered in the last 10 minutes.');
}

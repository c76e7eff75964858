import type { KmsContext } from './context';
import type { AuditEventInput, Principal } from './types';

/** Account events the sign-in library performs and Keyfort records (SPEC §9). */
export type TAccountEventAction = 'SignOut' | 'ChangePassword' | 'Reauthenticate';

export interface TRecordAccountEventOptions {
  actor: Principal;
  action: TAccountEventAction;
  /** Null for success; UNAUTHENTICATED for a wrong password; RATE_LIMITED when the throttle refused it. */
  errorCode: 'UNAUTHENTICATED' | 'RATE_LIMITED' | 'VALIDATION' | null;
  details?: AuditEventInput['details'];
}

/**
 * Audits something the person did to their own account (sign out, change password, a failed
 * re-authentication). The password itself is never recorded, only whether it was accepted. No permission
 * applies: everyone may do these to themselves, and the sign-in library has already checked the session.
 */
export async function recordAccountEvent(ctx: Pick<KmsContext, 'store' | 'clock'>, options: TRecordAccountEventOptions): Promise<void> {
  await ctx.store.insertAudit({
    at: ctx.clock.now(),
    actor: options.actor,
    action: options.action,
    keyId: null,
    result: options.errorCode === null ? 'SUCCESS' : 'FAILURE',
    errorCode: options.errorCode,
    ...(options.details === undefined ? {} : { details: options.details }),
  });
}

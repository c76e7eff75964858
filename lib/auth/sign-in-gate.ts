import { ROLES } from '@/lib/kms/types';

/** Why a person with an account may not sign in (SPEC §9). */
export type TSignInRefusal = 'disabled' | 'unknown-role';

/** The part of Better Auth's user row the gate reads. */
export interface TGateUser {
  role?: unknown;
  disabledAt?: unknown;
}

/**
 * A disabled person, or one whose role Keyfort does not know (none, a hand-edited row, a newer version's
 * role), does not sign in: fail closed. Null when nothing stands in the way (or no such account: Better
 * Auth then refuses as for a wrong password).
 */
export function signInRefusal(user: TGateUser | null | undefined): TSignInRefusal | null {
  if (!user) return null;
  if (user.disabledAt !== undefined && user.disabledAt !== null) return 'disabled';
  if (typeof user.role !== 'string' || !(ROLES as readonly string[]).includes(user.role)) return 'unknown-role';
  return null;
}

/** What Better Auth answers for an unknown email or a wrong password; a refused person gets exactly this. */
export const INVALID_CREDENTIALS = { message: 'Invalid email or password', code: 'INVALID_EMAIL_OR_PASSWORD' } as const;

import { ROLES, type Principal, type Role } from '@/lib/kms/types';

/** The part of a Better Auth session user that Keyfort reads. */
export interface TSessionUser {
  id: string;
  email: string;
  role?: unknown;
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Users act as themselves; the audit log names them by email. A role Keyfort does not know (a row edited
 * by hand, or written by a newer version) yields no principal rather than a guess: fail closed.
 */
export function toPrincipal(user: TSessionUser): Principal | null {
  if (!isRole(user.role) || user.id === '' || user.email === '') return null;
  return { type: 'user', id: user.id, name: user.email, role: user.role };
}

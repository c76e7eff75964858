import { ROLES, type Principal, type Role, type TRequestSource } from '@/lib/kms/types';

/** The part of a Better Auth session user that Keyfort reads. */
export interface TSessionUser {
  id: string;
  email: string;
  role?: unknown;
  /** Set while an administrator has disabled the person. */
  disabledAt?: Date | string | null;
}

/** The part of a Better Auth session row that Keyfort reads. */
export interface TSessionRow {
  id?: string;
  createdAt: Date;
  /** The last password or code entered in this session; null or absent means "at sign-in". */
  authenticatedAt?: Date | string | null;
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * Users act as themselves; the audit log names them by email. A role Keyfort does not know (a row edited
 * by hand, or written by a newer version) yields no principal rather than a guess: fail closed. So does a
 * disabled person, whatever sessions they still hold.
 */
export function toPrincipal(user: TSessionUser, session?: TSessionRow, source?: TRequestSource): Principal | null {
  if (!isRole(user.role) || user.id === '' || user.email === '') return null;
  if (user.disabledAt !== undefined && user.disabledAt !== null) return null;
  const principal: Principal = { type: 'user', id: user.id, name: user.email, role: user.role };
  if (session) principal.authenticatedAt = toDate(session.authenticatedAt ?? session.createdAt);
  if (session?.id) principal.sessionId = session.id;
  if (source) principal.source = source;
  return principal;
}

import { KmsError } from './errors';
import type { Principal, Role } from './types';

export const PERMISSIONS = [
  /** Describe and list keys. */
  'keys:read',
  /** Key lifecycle: create, description, aliases, enable/disable, schedule/cancel deletion, purge. */
  'keys:manage',
  /** Import parameters, import and delete of imported material. */
  'keys:import',
  /** Encrypt, decrypt, generate data keys. */
  'keys:use',
  'audit:read',
  'users:manage',
  'access-keys:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// SPEC §9. Administrators hold everything; the others exactly what their role description names.
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMINISTRATOR: PERMISSIONS,
  KEY_MANAGER: ['keys:read', 'keys:manage', 'keys:import'],
  KEY_USER: ['keys:read', 'keys:use'],
  AUDITOR: ['keys:read', 'audit:read'],
};

// Positional (actor, permission) as named in the domain contract, which the edges already call.
export function can(actor: Principal, permission: Permission): boolean {
  // Own-property lookup: a role string from a tampered session such as "__proto__" grants nothing.
  const granted = Object.hasOwn(ROLE_PERMISSIONS, actor.role) ? ROLE_PERMISSIONS[actor.role] : [];
  return granted.includes(permission);
}

/** Throws FORBIDDEN; the operation's audited() wrapper records the refusal. */
export function authorize(actor: Principal, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new KmsError('FORBIDDEN', `Role ${String(actor.role)} does not allow ${permission}.`);
  }
}

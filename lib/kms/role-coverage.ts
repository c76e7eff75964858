import { ROLE_PERMISSIONS } from './authorize';
import { ROLES, type Role } from './types';

/** True for a role Keyfort knows; anything else (a hand-edited row, a newer version's role) grants nothing. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * SPEC §9: an access key acts with a role no higher than its owner's. The roles are not a ladder (a Key
 * manager cannot use keys, a Key user cannot manage them), so "no higher" means: the owner's role holds
 * every permission of the key's role. An unknown owner role covers nothing.
 */
export function roleCovers(ownerRole: unknown, keyRole: Role): boolean {
  if (!isRole(ownerRole)) return false;
  const held = ROLE_PERMISSIONS[ownerRole];
  return ROLE_PERMISSIONS[keyRole].every((permission) => held.includes(permission));
}

/** The roles a person may give their own access keys, in ROLES order. */
export function rolesCoveredBy(ownerRole: unknown): Role[] {
  return ROLES.filter((role) => roleCovers(ownerRole, role));
}

import { can } from './authorize';
import { KmsError } from './errors';
import { isRole, roleCovers } from './role-coverage';
import type { AccessKeyRecord, Principal, Role } from './types';

// SPEC §9: access keys belong to a person. Everyone manages their own; 'access-keys:manage'
// (administrators) manages everyone's. Keys without an owner (the environment's bootstrap key) are
// administrators' business only.

/** True when the actor sees and revokes every access key, not only their own. */
export function managesAllAccessKeys(actor: Principal): boolean {
  return can(actor, 'access-keys:manage');
}

/** Anyone signed in as a person with a known role may hold access keys; other principals need the permission. */
export function authorizeOwnAccessKeys(actor: Principal): void {
  if (managesAllAccessKeys(actor)) return;
  if (actor.type === 'user' && isRole(actor.role)) return;
  throw new KmsError('FORBIDDEN', `Role ${String(actor.role)} does not allow access keys.`);
}

/** FORBIDDEN unless the actor manages all keys or owns this one. */
export function authorizeAccessKey(actor: Principal, record: Pick<AccessKeyRecord, 'ownerUserId'> | null): void {
  if (managesAllAccessKeys(actor)) return;
  if (record !== null && actor.type === 'user' && record.ownerUserId === actor.id) return;
  throw new KmsError('FORBIDDEN', 'Only administrators manage access keys of other people.');
}

/** A new key acts with a role no higher than its creator's: their role must hold every permission of it. */
export function authorizeAccessKeyRole(actor: Principal, role: Role): void {
  if (roleCovers(actor.role, role)) return;
  throw new KmsError('FORBIDDEN', `Role ${String(actor.role)} cannot issue an access key with role ${role}.`);
}

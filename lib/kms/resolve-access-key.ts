import { openAccessKeySecret } from './access-key-view';
import type { KmsContext } from './context';
import { roleCovers } from './role-coverage';
import type { AccessKeyRecord, Principal } from './types';
import { ZAccessKeyId } from './validation';

export interface TResolveAccessKeyOptions {
  accessKeyId: string;
}

export interface TResolvedAccessKey {
  /** The actor of the request: audited under the owner's name, with the access key's role. */
  principal: Principal;
  /** The secret's bytes, the SigV4 signing secret. The caller owns the buffer (zero it when dropped). */
  secret: Buffer;
}

/**
 * SPEC §9: a key acts for its owner, and only while the owner is active and their *current* role still
 * holds every permission of the key's role (a demoted, disabled or removed owner's keys stop working; the
 * API's credential cache bounds how long a change takes). A key without an owner (bootstrapped from the
 * environment) acts on its own.
 */
async function ownerAllows(ctx: KmsContext, record: AccessKeyRecord): Promise<boolean> {
  if (record.ownerUserId === null) return true;
  const owner = await ctx.people.findPerson(record.ownerUserId);
  return owner !== null && owner.disabledAt === null && roleCovers(owner.role, record.role);
}

/**
 * For SigV4 verification, before any actor exists: null for an ID that is malformed, unknown or revoked,
 * or whose owner may no longer use it, which the API reports as unrecognised credentials without saying
 * which. Not audited here: only the caller knows whether the request then authenticates.
 */
export async function resolveAccessKey(ctx: KmsContext, options: TResolveAccessKeyOptions): Promise<TResolvedAccessKey | null> {
  if (!ZAccessKeyId.safeParse(options.accessKeyId).success) return null;
  const record = await ctx.accessKeys.findAccessKey(options.accessKeyId);
  if (!record || record.revokedAt !== null) return null;
  if (!(await ownerAllows(ctx, record))) return null;
  const secret = openAccessKeySecret(ctx.keyring, record);
  if (!secret) return null;
  return {
    principal: { type: 'access-key', id: record.id, name: record.ownerName, role: record.role },
    secret,
  };
}

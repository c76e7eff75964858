import { openAccessKeySecret } from './access-key-view';
import type { KmsContext } from './context';
import type { Principal } from './types';
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
 * For SigV4 verification, before any actor exists: null for an ID that is malformed, unknown or revoked,
 * which the API reports as unrecognised credentials without saying which. Not audited here: only the
 * caller knows whether the request then authenticates.
 */
export async function resolveAccessKey(ctx: KmsContext, options: TResolveAccessKeyOptions): Promise<TResolvedAccessKey | null> {
  if (!ZAccessKeyId.safeParse(options.accessKeyId).success) return null;
  const record = await ctx.accessKeys.findAccessKey(options.accessKeyId);
  if (!record || record.revokedAt !== null) return null;
  const secret = openAccessKeySecret(ctx.keyring, record);
  if (!secret) return null;
  return {
    principal: { type: 'access-key', id: record.id, name: record.ownerName, role: record.role },
    secret,
  };
}

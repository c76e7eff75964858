import { accessKeyAuditEvent, accessKeyIdDetail, toAccessKeyView, type AccessKeyView } from './access-key-view';
import { audited } from './audited';
import { authorizeAccessKey, authorizeOwnAccessKeys } from './access-key-ownership';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import type { Principal } from './types';
import { ZAccessKeyId, parseInput } from './validation';
import { announceChange } from './change-feed';

export interface TRevokeAccessKeyOptions {
  actor: Principal;
  accessKeyId: string;
}

/**
 * Revokes for good: the sealed secret is destroyed with the same conditional update, so of two racing
 * revocations exactly one succeeds (and is audited); the other gets INVALID_STATE. The row stays, for the
 * record. Requests signed with the key are refused as soon as the change reaches each API worker's credential cache,
 * and within its TTL (500 ms) when a notification is lost.
 */
export async function revokeAccessKey(ctx: KmsContext, options: TRevokeAccessKeyOptions): Promise<AccessKeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'RevokeAccessKey',
    details: accessKeyIdDetail(options.accessKeyId),
    run: async () => {
      authorizeOwnAccessKeys(actor);
      const accessKeyId = parseInput({ schema: ZAccessKeyId, input: options.accessKeyId });
      // Someone else's key, or none: FORBIDDEN either way for a non-administrator (no probing for IDs).
      authorizeAccessKey(actor, await ctx.accessKeys.findAccessKey(accessKeyId));
      const now = ctx.clock.now();
      const audit = accessKeyAuditEvent({ at: now, actor, action: 'RevokeAccessKey', details: { accessKeyId } });
      const revoked = await ctx.accessKeys.revokeAccessKey(accessKeyId, now, audit);
      if (revoked) announceChange(ctx, { kind: 'access-key', id: accessKeyId });
      const record = await ctx.accessKeys.findAccessKey(accessKeyId);
      if (!record) throw new KmsError('NOT_FOUND', 'No access key with this ID.');
      if (!revoked) throw new KmsError('INVALID_STATE', 'The access key is already revoked.');
      return toAccessKeyView(record);
    },
  });
}

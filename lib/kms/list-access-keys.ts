import { toAccessKeyView, type AccessKeyView } from './access-key-view';
import { audited } from './audited';
import { authorizeOwnAccessKeys, managesAllAccessKeys } from './access-key-ownership';
import type { KmsContext } from './context';
import type { Principal } from './types';

export interface TListAccessKeysOptions {
  actor: Principal;
}

/**
 * Access keys, revoked ones included (they stay for the record), newest first: every key for administrators,
 * one's own for everyone else.
 */
export async function listAccessKeys(ctx: KmsContext, options: TListAccessKeysOptions): Promise<AccessKeyView[]> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListAccessKeys',
    failures: 'refusals',
    run: async () => {
      authorizeOwnAccessKeys(actor);
      const all = await ctx.accessKeys.listAccessKeys();
      const visible = managesAllAccessKeys(actor) ? all : all.filter((record) => record.ownerUserId === actor.id);
      return visible.map(toAccessKeyView);
    },
  });
}

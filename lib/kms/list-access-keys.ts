import { toAccessKeyView, type AccessKeyView } from './access-key-view';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { Principal } from './types';

export interface TListAccessKeysOptions {
  actor: Principal;
}

/** Every access key, revoked ones included (they stay for the record), newest first. */
export async function listAccessKeys(ctx: KmsContext, options: TListAccessKeysOptions): Promise<AccessKeyView[]> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListAccessKeys',
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'access-keys:manage');
      return (await ctx.accessKeys.listAccessKeys()).map(toAccessKeyView);
    },
  });
}

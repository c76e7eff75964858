import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { toKeyView, type KeyView } from './key-view';
import type { Principal } from './types';
import { ZKeyRef, parseInput } from './validation';

export interface TDescribeKeyOptions {
  actor: Principal;
  /** A key ID, or an alias name with or without `alias/`. */
  keyRef: string;
}

export async function describeKey(ctx: KmsContext, options: TDescribeKeyOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'DescribeKey',
    keyId: options.keyRef,
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'keys:read');
      const ref = parseInput({ schema: ZKeyRef, input: options.keyRef });
      const keyId = ref.keyId ?? (await ctx.store.findKeyIdByAlias(ref.alias));
      const key = keyId === null ? null : await ctx.store.findKey(keyId);
      if (!key) throw new KmsError('NOT_FOUND', ref.alias === null ? 'No key with this ID.' : 'No key with this alias.');
      return toKeyView(key, ctx.clock.now());
    },
  });
}

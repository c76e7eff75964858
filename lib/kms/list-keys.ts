import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { toKeyView, type KeyView } from './key-view';
import type { Page } from './store';
import type { Principal } from './types';
import { ZListKeysInput, parseInput } from './validation';

export type TListKeysOptions = z.input<typeof ZListKeysInput> & { actor: Principal };

/** Filters by effective state, so keys with expired material list as PENDING_IMPORT before the sweeper runs. */
export async function listKeys(ctx: KmsContext, options: TListKeysOptions): Promise<Page<KeyView>> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListKeys',
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'keys:read');
      const input = parseInput({ schema: ZListKeysInput, input: options });
      const now = ctx.clock.now();
      const page = await ctx.store.listKeys({ ...input, now });
      return { ...page, items: page.items.map((key) => toKeyView(key, now)) };
    },
  });
}

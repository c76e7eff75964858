import { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { Principal } from './types';
import { parseInput, ZKeyId } from './validation';

export interface TAliasesOfKeysOptions {
  actor: Principal;
  keyIds: readonly string[];
}

/** A page shows at most this many keys at once. */
const MAX_KEYS = 200;
const ZAliasesOfKeysInput = z.object({ keyIds: z.array(ZKeyId).max(MAX_KEYS) });

/**
 * The aliases of several keys in one read, by key ID (keys without aliases are absent): the audit log shows
 * each record's key by alias beside its ID without a query per row. Aliases are key metadata (keys:read).
 */
export async function aliasesOfKeys(ctx: KmsContext, options: TAliasesOfKeysOptions): Promise<ReadonlyMap<string, string[]>> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListAliases',
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'keys:read');
      const { keyIds } = parseInput({ schema: ZAliasesOfKeysInput, input: { keyIds: [...new Set(options.keyIds)] } });
      const byKey = new Map<string, string[]>();
      for (const alias of await ctx.store.listAliasesOfKeys(keyIds)) {
        const names = byKey.get(alias.keyId) ?? [];
        names.push(alias.name);
        byKey.set(alias.keyId, names);
      }
      return byKey;
    },
  });
}

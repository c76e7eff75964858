import { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZAlias, ZKeyId, parseInput } from './validation';

export interface TDeleteKeyAliasesOptions {
  actor: Principal;
  keyId: string;
  /** Bare alias names (no `alias/` prefix), all of them the key's. */
  aliases: string[];
}

const ZDeleteKeyAliasesInput = z.object({
  keyId: ZKeyId,
  aliases: z
    .array(ZAlias)
    .min(1, 'Give at least one alias.')
    .max(50, 'At most 50 aliases per request.')
    .refine((aliases) => new Set(aliases).size === aliases.length, 'An alias may appear only once per request.'),
});

/**
 * Huawei's DELETE aliases: removes several aliases of one key at once, all or none. Every name must be an
 * alias of this key (else NOT_FOUND, and nothing is removed), so a caller cannot remove another key's alias by
 * naming the wrong key. Allowed in every state, as deleting one alias is.
 */
export async function deleteKeyAliases(ctx: KmsContext, options: TDeleteKeyAliasesOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'DeleteAlias',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:manage');
      const input = parseInput({ schema: ZDeleteKeyAliasesInput, input: options });
      return mutateKey({
        ctx,
        actor,
        auditAction: 'DeleteAlias',
        stateAction: 'deleteAlias',
        keyId: input.keyId,
        alsoWrite: async ({ tx, key }) => {
          // The key's aliases were read in this transaction, whose conditional update on the key's version won.
          const missing = input.aliases.filter((alias) => !key.aliases.includes(alias));
          if (missing.length > 0) throw new KmsError('NOT_FOUND', `This key has no alias ${missing.join(', ')}. Nothing was deleted.`);
          for (const alias of input.aliases) {
            if (!(await tx.deleteAlias(alias, key.id))) throw new Error(`Alias ${alias} vanished inside its key's transaction`);
          }
        },
        // Alias names are not secret (SPEC §9 records them); the count says how many went.
        details: () => ({ alias: input.aliases.join(','), aliasCount: input.aliases.length }),
      });
    },
  });
}

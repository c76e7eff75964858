import { aliasDetail, audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import type { KeyView } from './key-view';
import { aliasLimitExceeded, resourceLimits } from './limits';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZAlias, ZKeyId, parseInput } from './validation';

export interface TCreateAliasOptions {
  actor: Principal;
  keyId: string;
  /** The bare alias name (no `alias/` prefix). */
  alias: string;
}

/**
 * Adds an alias to an existing key. Not allowed while the key is pending deletion (as in AWS), nor past the
 * aliases-per-key limit (LIMIT_EXCEEDED).
 */
export async function createAlias(ctx: KmsContext, options: TCreateAliasOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'CreateAlias',
    keyId: options.keyId,
    details: aliasDetail(options.alias),
    run: async () => {
      authorize(actor, 'keys:manage');
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      const alias = parseInput({ schema: ZAlias, input: options.alias });
      const { maxAliasesPerKey } = resourceLimits(ctx);
      return mutateKey({
        ctx,
        actor,
        auditAction: 'CreateAlias',
        stateAction: 'createAlias',
        keyId,
        alsoWrite: async ({ tx, key, now }) => {
          // The aliases read with the key are still all of them: the conditional update on that version
          // succeeded, every alias change bumps the version, and the row stays locked until the end.
          if (key.aliases.length >= maxAliasesPerKey) throw aliasLimitExceeded(maxAliasesPerKey);
          // The store's unique name decides races: of two concurrent creators, exactly one gets true.
          if (!(await tx.insertAlias(alias, keyId, now))) {
            throw new KmsError('ALIAS_EXISTS', `The alias ${alias} is already in use. Choose another name.`);
          }
        },
        details: () => ({ alias }),
      });
    },
  });
}

import { aliasDetail, audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZAlias, parseInput } from './validation';

export interface TDeleteAliasOptions {
  actor: Principal;
  /** The bare alias name (no `alias/` prefix). */
  alias: string;
}

/** Removes an alias; the key itself is untouched. Allowed in every state. */
export async function deleteAlias(ctx: KmsContext, options: TDeleteAliasOptions): Promise<void> {
  const { actor } = options;
  await audited({
    ctx,
    actor,
    action: 'DeleteAlias',
    details: aliasDetail(options.alias),
    run: async () => {
      authorize(actor, 'keys:manage');
      const alias = parseInput({ schema: ZAlias, input: options.alias });
      await mutateKey({
        ctx,
        actor,
        auditAction: 'DeleteAlias',
        stateAction: 'deleteAlias',
        keyId: async (tx) => {
          const keyId = await tx.findKeyIdByAlias(alias);
          if (keyId === null) throw new KmsError('NOT_FOUND', 'No such alias.');
          return keyId;
        },
        alsoWrite: async ({ tx, key }) => {
          // False only if a concurrent request removed it after our lookup; that request already won.
          if (!(await tx.deleteAlias(alias, key.id))) throw new KmsError('NOT_FOUND', 'No such alias.');
        },
        details: () => ({ alias }),
      });
    },
  });
}

import { aliasDetail, audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZAlias, ZKeyId, parseInput } from './validation';

export interface TUpdateKeyAliasOptions {
  actor: Principal;
  keyId: string;
  /** The bare alias name (no `alias/` prefix). */
  alias: string;
}

/**
 * Huawei's update-key-alias, for a model where a key has exactly one alias while Keyfort's have zero or more
 * (SPEC §1): a key without alias gets this one, a key with one alias has it replaced by this one (the old
 * name is freed), and a key with several is refused (INVALID_STATE) rather than guessing which one to
 * drop. Giving the alias the key already has changes nothing but the audit log. One transaction: the
 * old name is never gone without the new one in place, and a taken name (ALIAS_EXISTS) leaves both as they were.
 * Like adding an alias, not allowed while the key is pending deletion.
 */
export async function updateKeyAlias(ctx: KmsContext, options: TUpdateKeyAliasOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'UpdateKeyAlias',
    keyId: options.keyId,
    details: aliasDetail(options.alias),
    run: async () => {
      authorize(actor, 'keys:manage');
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      const alias = parseInput({ schema: ZAlias, input: options.alias });
      return mutateKey({
        ctx,
        actor,
        auditAction: 'UpdateKeyAlias',
        stateAction: 'createAlias',
        keyId,
        alsoWrite: async ({ tx, key, now }) => {
          // The aliases read with the key are all of them: the conditional update on its version succeeded.
          if (key.aliases.length > 1) {
            throw new KmsError(
              'INVALID_STATE',
              `This key has ${key.aliases.length} aliases, so there is no single alias to replace. Delete the aliases you no longer need first, or add this one as a further alias.`,
            );
          }
          const [previous] = key.aliases;
          if (previous === alias) return;
          if (previous !== undefined && !(await tx.deleteAlias(previous, key.id))) {
            throw new Error(`Alias ${previous} vanished inside its key's transaction`);
          }
          if (!(await tx.insertAlias(alias, key.id, now))) {
            throw new KmsError('ALIAS_EXISTS', `The alias ${alias} is already in use. Choose another name.`);
          }
        },
        details: ({ key }) => ({ alias, previousAlias: key.aliases[0] ?? null }),
      });
    },
  });
}

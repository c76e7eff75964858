import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { keyIdOfRef, keyRefDetail } from './key-ref';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal, Tag } from './types';
import { MAX_TAGS_PER_KEY, ZTagResourceInput, parseInput } from './validation';

export interface TTagResourceOptions {
  actor: Principal;
  /** A key ID, or an alias name with or without `alias/`. */
  keyRef: string;
  /** Added, or replacing the value of a tag key the key already has (AWS TagResource). */
  tags: Tag[];
}

/**
 * Adds or updates tags. The 50-tag cap counts the key's tags after the change, read inside the transaction
 * once the key's row is taken (mutateKey's conditional update), so concurrent requests cannot jointly pass it.
 * Refused while the key is pending deletion (INVALID_STATE), as in AWS.
 */
export async function tagResource(ctx: KmsContext, options: TTagResourceOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'TagResource',
    keyId: options.keyRef,
    details: keyRefDetail(options.keyRef),
    run: async () => {
      authorize(actor, 'keys:manage');
      const input = parseInput({ schema: ZTagResourceInput, input: options });
      return mutateKey({
        ctx,
        actor,
        auditAction: 'TagResource',
        stateAction: 'tag',
        keyId: (tx) => keyIdOfRef(tx, input.keyRef),
        alsoWrite: async ({ tx, key, now }) => {
          const existing = new Set((await tx.listTags(key.id)).map((tag) => tag.tagKey));
          const added = input.tags.filter((tag) => !existing.has(tag.tagKey)).length;
          if (existing.size + added > MAX_TAGS_PER_KEY) {
            throw new KmsError(
              'VALIDATION',
              `A key has at most ${MAX_TAGS_PER_KEY} tags; it has ${existing.size} and this adds ${added}. Remove some first.`,
            );
          }
          await tx.putTags(key.id, input.tags, now);
        },
        // Tag keys and values are the user's free text: only their number is recorded.
        details: () => ({ tagCount: input.tags.length }),
      });
    },
  });
}

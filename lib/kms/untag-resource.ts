import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { keyIdOfRef, keyRefDetail } from './key-ref';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZUntagResourceInput, parseInput } from './validation';

export interface TUntagResourceOptions {
  actor: Principal;
  /** A key ID, or an alias name with or without `alias/`. */
  keyRef: string;
  /** Tag keys to remove; keys the key does not have are ignored (AWS UntagResource). */
  tagKeys: string[];
}

/** Removes tags. Refused while the key is pending deletion (INVALID_STATE), as in AWS. */
export async function untagResource(ctx: KmsContext, options: TUntagResourceOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'UntagResource',
    keyId: options.keyRef,
    details: keyRefDetail(options.keyRef),
    run: async () => {
      authorize(actor, 'keys:manage');
      const input = parseInput({ schema: ZUntagResourceInput, input: options });
      const tagKeys = [...new Set(input.tagKeys)];
      return mutateKey({
        ctx,
        actor,
        auditAction: 'UntagResource',
        stateAction: 'untag',
        keyId: (tx) => keyIdOfRef(tx, input.keyRef),
        alsoWrite: ({ tx, key }) => tx.deleteTags(key.id, tagKeys),
        details: () => ({ tagKeyCount: tagKeys.length }),
      });
    },
  });
}

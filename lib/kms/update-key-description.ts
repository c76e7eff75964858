import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZDescription, ZKeyId, parseInput } from './validation';

export interface TUpdateKeyDescriptionOptions {
  actor: Principal;
  keyId: string;
  description: string;
}

/** SPEC §1: editable unless the key is pending deletion. The text itself is not audited (free-form input). */
export async function updateKeyDescription(ctx: KmsContext, options: TUpdateKeyDescriptionOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'UpdateKeyDescription',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:manage');
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      const description = parseInput({ schema: ZDescription, input: options.description });
      return mutateKey({
        ctx,
        actor,
        auditAction: 'UpdateKeyDescription',
        stateAction: 'updateDescription',
        keyId,
        patch: () => ({ description }),
      });
    },
  });
}

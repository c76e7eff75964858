import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZKeyId, parseInput } from './validation';

export interface TEnableKeyOptions {
  actor: Principal;
  keyId: string;
}

/** Disabled → Enabled. A key whose imported material expired reads as PENDING_IMPORT and cannot be enabled. */
export async function enableKey(ctx: KmsContext, options: TEnableKeyOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'EnableKey',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:manage');
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      return mutateKey({ ctx, actor, auditAction: 'EnableKey', stateAction: 'enable', keyId });
    },
  });
}

import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZKeyId, parseInput } from './validation';

export interface TDisableKeyOptions {
  actor: Principal;
  keyId: string;
}

/** Enabled → Disabled. Anything else (already disabled included) is INVALID_STATE, per the SPEC §2 table. */
export async function disableKey(ctx: KmsContext, options: TDisableKeyOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'DisableKey',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:manage');
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      return mutateKey({ ctx, actor, auditAction: 'DisableKey', stateAction: 'disable', keyId });
    },
  });
}

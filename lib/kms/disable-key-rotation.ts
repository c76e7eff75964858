import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZKeyId, parseInput } from './validation';

export interface TDisableKeyRotationOptions {
  actor: Principal;
  keyId: string;
}

/** SPEC §11, DisableKeyRotation: no more automatic rotations; past versions all stay and keep decrypting. */
export async function disableKeyRotation(ctx: KmsContext, options: TDisableKeyRotationOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'DisableKeyRotation',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:manage');
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      return mutateKey({
        ctx,
        actor,
        auditAction: 'DisableKeyRotation',
        stateAction: 'configureRotation',
        keyId,
        patch: () => ({ rotationPeriodDays: null, nextRotationAt: null }),
        details: ({ key }) => ({ previousRotationPeriodInDays: key.rotationPeriodDays }),
      });
    },
  });
}

import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import { nextRotationFrom } from './rotation';
import type { Principal } from './types';
import { ZEnableKeyRotationInput, parseInput } from './validation';

export type TEnableKeyRotationOptions = z.input<typeof ZEnableKeyRotationInput> & { actor: Principal };

/**
 * SPEC §11, EnableKeyRotation: automatic rotation of a generated key every `rotationPeriodInDays` (90–2560,
 * default 365). Turning it on schedules the first rotation a whole period from now; changing the period of
 * rotation already on keeps the last rotation as the start (AWS), so the next falls a new period after it.
 * Imported keys: UNSUPPORTED. A disabled key: DISABLED.
 */
export async function enableKeyRotation(ctx: KmsContext, options: TEnableKeyRotationOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'EnableKeyRotation',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:manage');
      const input = parseInput({ schema: ZEnableKeyRotationInput, input: options });
      const period = input.rotationPeriodInDays;
      return mutateKey({
        ctx,
        actor,
        auditAction: 'EnableKeyRotation',
        stateAction: 'configureRotation',
        keyId: input.keyId,
        patch: ({ key, now }) => {
          const lastStart =
            key.rotationPeriodDays !== null && key.nextRotationAt !== null ? nextRotationFrom(key.nextRotationAt, -key.rotationPeriodDays) : now;
          return { rotationPeriodDays: period, nextRotationAt: nextRotationFrom(lastStart, period) };
        },
        details: ({ key }) => ({ rotationPeriodInDays: period, previousRotationPeriodInDays: key.rotationPeriodDays }),
      });
    },
  });
}

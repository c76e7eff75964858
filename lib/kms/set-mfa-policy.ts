import { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { MFA_REQUIRED_SETTING, type TMfaPolicy } from './mfa-policy';
import type { Principal } from './types';
import { parseInput } from './validation';

export const ZSetMfaPolicyInput = z.object({ required: z.boolean() });

export type TSetMfaPolicyOptions = z.input<typeof ZSetMfaPolicyInput> & { actor: Principal };

/**
 * Turns "require multi-factor sign-in for everyone" on or off (administrators: users:manage). The setting
 * and its audit record are written in one transaction; setting the value it already has is still recorded,
 * so the log shows every decision.
 */
export async function setMfaPolicy(ctx: KmsContext, options: TSetMfaPolicyOptions): Promise<TMfaPolicy> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'SetMfaPolicy',
    run: async () => {
      authorize(actor, 'users:manage');
      const { required } = parseInput({ schema: ZSetMfaPolicyInput, input: options });
      await ctx.store.transaction(async (tx) => {
        await tx.putSetting(MFA_REQUIRED_SETTING, String(required));
        await tx.insertAudit({
          at: ctx.clock.now(),
          actor,
          action: 'SetMfaPolicy',
          keyId: null,
          result: 'SUCCESS',
          errorCode: null,
          details: { required },
        });
      });
      return { required };
    },
  });
}

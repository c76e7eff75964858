import type { KmsContext } from './context';

/** SystemSetting row holding the "require multi-factor sign-in for everyone" switch (`true` or `false`). */
export const MFA_REQUIRED_SETTING = 'mfa.required';

export interface TMfaPolicy {
  /** Everyone must have multi-factor sign-in on before they may do anything else. */
  required: boolean;
}

/** Absent (a fresh installation) means not required: the administrator turns it on. */
export async function readMfaPolicy(ctx: Pick<KmsContext, 'store'>): Promise<TMfaPolicy> {
  return { required: (await ctx.store.getSetting(MFA_REQUIRED_SETTING)) === 'true' };
}

/**
 * The rule the console enforces on every page and server action: under the policy, a person without
 * multi-factor sign-in may only enrol (or sign out) until they have it.
 */
export function mustEnrolMfa(policy: TMfaPolicy, person: { twoFactorEnabled: boolean }): boolean {
  return policy.required && !person.twoFactorEnabled;
}

/** AWS's placeholder account: what local KMS emulators report too. */
export const DEFAULT_AWS_ACCOUNT_ID = '000000000000';

/** KEYFORT_AWS_ACCOUNT_ID: the 12-digit account Keyfort's ARNs name. Throws on anything else. */
export function awsAccountIdFromEnv(env: Record<string, string | undefined>): string {
  const value = env.KEYFORT_AWS_ACCOUNT_ID?.trim() || DEFAULT_AWS_ACCOUNT_ID;
  if (!/^\d{12}$/.test(value)) throw new Error('KEYFORT_AWS_ACCOUNT_ID must be 12 digits');
  return value;
}

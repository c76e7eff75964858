import { createAdministrator } from './create-administrator';
import { ZSetupInput } from './validation';

/**
 * Automation: with KEYFORT_ADMIN_EMAIL and KEYFORT_ADMIN_PASSWORD set and no user yet, start-up creates the
 * administrator. Malformed values stop start-up (a silently ignored typo would leave set-up open to
 * whoever reaches the page first).
 */
export async function bootstrapAdministrator(options: {
  env: Record<string, string | undefined>;
}): Promise<'created' | 'already-set-up' | 'not-configured'> {
  const email = options.env.KEYFORT_ADMIN_EMAIL?.trim();
  const password = options.env.KEYFORT_ADMIN_PASSWORD;
  if (!email && !password) return 'not-configured';
  if (!email || !password) {
    throw new Error('Set both KEYFORT_ADMIN_EMAIL and KEYFORT_ADMIN_PASSWORD, or neither.');
  }
  const parsed = ZSetupInput.safeParse({ email, name: 'Administrator', password, confirmPassword: password });
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    // Names the problem, never the value.
    throw new Error(
      fields.includes('password')
        ? 'KEYFORT_ADMIN_PASSWORD must be 12 to 128 characters.'
        : 'KEYFORT_ADMIN_EMAIL must be an email address.',
    );
  }
  const result = await createAdministrator({ ...parsed.data, via: 'environment' });
  // Only the set-up page asks for a code, so this path is never refused for one.
  return result === 'created' ? 'created' : 'already-set-up';
}

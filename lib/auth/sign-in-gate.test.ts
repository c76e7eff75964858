import { memoryAdapter } from 'better-auth/adapters/memory';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@/lib/kms/testing/fake-clock';
import { InMemoryAttemptCounters } from './attempt-counters';
import { resolveAuthEnvironment } from './auth-environment';
import { createAuth } from './create-auth';
import type { TSignInAttempt } from './sign-in-attempt';
import { signInRefusal } from './sign-in-gate';
import { TotpReplayGuard } from './totp-replay-guard';
import { SignInThrottle } from './sign-in-throttle';

const PASSWORD = 'correct horse battery';

// Each sign-in verifies or hashes a password (scrypt) on a shared machine.
const SLOW_TEST_MS = 60_000;

async function signInAs(user: { role: unknown; disabledAt?: Date | null }) {
  const db: Record<string, Record<string, unknown>[]> = { user: [], session: [], account: [], verification: [], rateLimit: [] };
  const attempts: TSignInAttempt[] = [];
  const clock = new FakeClock('2030-01-01T00:00:00.000Z');
  const auth = createAuth({
    database: memoryAdapter(db),
    secret: 'a-test-secret-that-is-long-enough-0123456789',
    environment: resolveAuthEnvironment({ env: { PORT: '3101' } }),
    onSignInAttempt: async (attempt) => void attempts.push(attempt),
    signInThrottle: new SignInThrottle({ counters: new InMemoryAttemptCounters(), now: () => clock.now().getTime() }),
    totpReplayGuard: new TotpReplayGuard({ counters: new InMemoryAttemptCounters(), now: () => clock.now().getTime() }),
    sessionMaxAgeSeconds: 12 * 60 * 60,
  });
  const ctx = await auth.$context;
  const created = await ctx.internalAdapter.createUser(
    { email: 'kim@example.com', name: 'Kim', emailVerified: false, role: 'KEY_USER' },
    { method: 'email-password' },
  );
  await ctx.internalAdapter.linkAccount({ userId: created.id, providerId: 'credential', accountId: created.id, password: await ctx.password.hash(PASSWORD) });
  // Set straight in the table, as an administrator's change (or a hand edit) would leave it.
  Object.assign(db.user![0]!, { role: user.role, disabledAt: user.disabledAt ?? null });
  const response = await auth.handler(
    new Request(`${auth.options.baseURL as string}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({ email: 'kim@example.com', password: PASSWORD }),
    }),
  );
  return { response, attempts, sessions: db.session! };
}

describe('sign-in gate', () => {
  it('knows who may not sign in', () => {
    expect(signInRefusal({ role: 'KEY_USER', disabledAt: null })).toBeNull();
    expect(signInRefusal({ role: 'KEY_USER', disabledAt: new Date() })).toBe('disabled');
    expect(signInRefusal({ role: 'ROOT' })).toBe('unknown-role');
    expect(signInRefusal({ role: null })).toBe('unknown-role');
    expect(signInRefusal({})).toBe('unknown-role');
    expect(signInRefusal(null)).toBeNull();
  });

  it('signs in an active person with a known role', async () => {
    const { response, attempts } = await signInAs({ role: 'KEY_USER' });
    expect(response.status).toBe(200);
    expect(attempts.at(-1)).toMatchObject({ success: true });
  }, SLOW_TEST_MS);

  it.each([
    ['a disabled person', { role: 'KEY_USER', disabledAt: new Date('2029-12-31') }, 'disabled'],
    ['an unknown role', { role: 'SUPERUSER' }, 'unknown-role'],
    ['no role', { role: null }, 'unknown-role'],
  ] as const)('refuses %s with the right password exactly as a wrong password, and audits why', async (_name, user, refusal) => {
    const { response, attempts, sessions } = await signInAs(user);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' });
    expect(response.headers.getSetCookie().some((cookie) => cookie.includes('session_token='))).toBe(false);
    expect(sessions).toHaveLength(0);
    expect(attempts).toEqual([{ email: 'kim@example.com', userId: null, success: false, address: '203.0.113.7', refusal }]);
  }, SLOW_TEST_MS);
});

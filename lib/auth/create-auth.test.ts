import { memoryAdapter } from 'better-auth/adapters/memory';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '@/lib/kms/testing/fake-clock';
import { InMemoryAttemptCounters } from './attempt-counters';
import { resolveAuthEnvironment } from './auth-environment';
import { SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_FAILURES_PER_ADDRESS } from './constants';
import { createAuth, KEYFORT_OWNED_PATHS, type Auth } from './create-auth';
import type { TSignInAttempt } from './sign-in-attempt';
import { SignInThrottle } from './sign-in-throttle';
import { TotpReplayGuard } from './totp-replay-guard';

// The real Keyfort auth configuration on Better Auth's in-memory adapter: the behaviour is Better Auth's,
// the settings (cookies, sign-up, rate limit, audit hook, no cookie cache) are ours and are what is tested.
const EMAIL = 'admin@example.com';
const PASSWORD = 'correct horse battery';

// Each attempt hashes or verifies a password (scrypt): the throttle tests make dozens on a shared machine.
const SLOW_TEST_MS = 120_000;

type MemoryDb = Record<string, Record<string, unknown>[]>;

async function setUp(options: { publicUrl?: string; trustedProxies?: string; onSignInAttempt?: (attempt: TSignInAttempt) => Promise<void> } = {}) {
  const db: MemoryDb = { user: [], session: [], account: [], verification: [], rateLimit: [] };
  const attempts: TSignInAttempt[] = [];
  const clock = new FakeClock('2030-01-01T00:00:00.000Z');
  const counters = new InMemoryAttemptCounters();
  const auth = createAuth({
    database: memoryAdapter(db),
    secret: 'a-test-secret-that-is-long-enough-0123456789',
    environment: resolveAuthEnvironment({ env: { PORT: '3101', KEYFORT_PUBLIC_URL: options.publicUrl, KEYFORT_TRUSTED_PROXIES: options.trustedProxies } }),
    onSignInAttempt:
      options.onSignInAttempt ??
      (async (attempt) => {
        attempts.push(attempt);
      }),
    signInThrottle: new SignInThrottle({ counters, now: () => clock.now().getTime() }),
    totpReplayGuard: new TotpReplayGuard({ counters, now: () => clock.now().getTime() }),
    sessionMaxAgeSeconds: 12 * 60 * 60,
  });
  const ctx = await auth.$context;
  const user = await ctx.internalAdapter.createUser(
    { email: EMAIL, name: 'Admin', emailVerified: false, role: 'ADMINISTRATOR' },
    { method: 'email-password' },
  );
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: await ctx.password.hash(PASSWORD),
  });
  return { auth, db, attempts, clock, userId: user.id };
}

function post(auth: Auth, path: string, body: unknown, ip = '203.0.113.7'): Promise<Response> {
  const base = (auth.options.baseURL as string) + '/api/auth';
  return auth.handler(
    new Request(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify(body),
    }),
  );
}

function sessionCookie(response: Response): string | undefined {
  return response.headers.getSetCookie().find((cookie) => /keyfort\.session_token=/.test(cookie));
}

describe('Keyfort auth configuration', () => {
  let setup: Awaited<ReturnType<typeof setUp>>;
  beforeEach(async () => {
    setup = await setUp();
  });

  it('signs in with the right password, sets an HttpOnly SameSite=Strict cookie and audits the success', async () => {
    const response = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD });
    expect(response.status).toBe(200);
    const cookie = sessionCookie(response);
    expect(cookie).toMatch(/^keyfort\.session_token=/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(setup.attempts).toEqual([{ email: EMAIL, userId: setup.userId, success: true, address: '203.0.113.7' }]);
  });

  it('ends the session row and cookie at sign-in + 12 h and never moves that on, however active the session', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const signedInAt = new Date('2031-06-01T08:00:00.000Z');
      vi.setSystemTime(signedInAt);
      const response = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD });
      const cookie = sessionCookie(response) ?? '';
      expect(cookie).toMatch(/;\s*Max-Age=43200/i);
      const row = () => setup.db.session?.[0] as { expiresAt: Date; createdAt: Date };
      expect(row().expiresAt.getTime() - row().createdAt.getTime()).toBe(12 * 3_600_000);
      const getSession = () =>
        setup.auth.handler(new Request(`${setup.auth.options.baseURL as string}/api/auth/get-session`, { headers: { cookie: cookie.split(';')[0] ?? '' } }));

      // Better Auth's sliding refresh would move the expiry on here (a day's updateAge or less); it must not.
      vi.setSystemTime(new Date(signedInAt.getTime() + 12 * 3_600_000 - 1000));
      const late = await getSession();
      expect(await late.json()).not.toBeNull();
      expect(sessionCookie(late)).toBeUndefined();
      expect(row().expiresAt).toEqual(new Date(signedInAt.getTime() + 12 * 3_600_000));

      vi.setSystemTime(new Date(signedInAt.getTime() + 12 * 3_600_000 + 1));
      expect(await (await getSession()).json()).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('serves no session or password endpoint over HTTP (Keyfort audits and throttles its own), while auth.api still has them', async () => {
    const signIn = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD });
    const cookie = (sessionCookie(signIn) ?? '').split(';')[0] ?? '';
    const base = `${setup.auth.options.baseURL as string}/api/auth`;
    for (const path of KEYFORT_OWNED_PATHS) {
      const headers = { cookie, 'content-type': 'application/json', origin: setup.auth.options.baseURL as string };
      const response = await setup.auth.handler(new Request(`${base}${path}`, { method: 'POST', headers, body: '{}' }));
      expect(response.status, path).toBe(404);
      expect((await setup.auth.handler(new Request(`${base}${path}`, { headers }))).status, path).toBe(404);
    }
    const listed = await setup.auth.api.listSessions({ headers: new Headers({ cookie }) });
    expect(listed).toHaveLength(1);
  });

  it('makes the session cookie Secure (and __Secure- prefixed) when the public URL is https', async () => {
    const https = await setUp({ publicUrl: 'https://kms.example.com' });
    const response = await post(https.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD });
    expect(response.status).toBe(200);
    const cookie = sessionCookie(response);
    expect(cookie).toMatch(/^__Secure-keyfort\.session_token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
  });

  it('refuses a wrong password and audits a failure that names the email, not the password or the user', async () => {
    const response = await post(setup.auth, '/sign-in/email', { email: EMAIL.toUpperCase(), password: 'wrong password!' });
    expect(response.status).toBe(401);
    expect(sessionCookie(response)).toBeUndefined();
    expect(setup.attempts).toEqual([{ email: EMAIL, userId: null, success: false, address: '203.0.113.7' }]);
    expect(JSON.stringify(setup.attempts)).not.toContain('wrong password!');
  });

  it('refuses public sign-up: users come only from set-up', async () => {
    const response = await post(setup.auth, '/sign-up/email', { email: 'intruder@example.com', password: PASSWORD, name: 'X' });
    expect(response.status).toBe(400);
    expect(setup.db.user?.map((user) => user.email)).toEqual([EMAIL]);
  });

  it('refuses an address after its failures reach the limit (429 with Retry-After, audited), and not other addresses', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= SIGN_IN_FAILURES_PER_ADDRESS; attempt++) {
      statuses.push((await post(setup.auth, '/sign-in/email', { email: EMAIL, password: 'wrong password!' })).status);
    }
    expect(statuses).toEqual([...Array<number>(SIGN_IN_FAILURES_PER_ADDRESS).fill(401), 429]);
    // Even the right password is refused from that address until the window ends: it is not checked.
    const refused = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(sessionCookie(refused)).toBeUndefined();
    expect(Number(refused.headers.get('retry-after'))).toBe(15 * 60);
    expect(setup.attempts.at(-1)).toEqual({ email: EMAIL, userId: null, success: false, address: '203.0.113.7', rateLimited: true });

    const other = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD }, '198.51.100.9');
    expect(other.status).toBe(200);
    setup.clock.advance({ minutes: 15 });
    expect((await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD })).status).toBe(200);
  }, SLOW_TEST_MS);

  it('refuses an account from every address once failures from many addresses reach its limit', async () => {
    const address = (index: number) => `192.0.2.${index + 1}`;
    // Rotating addresses, each staying under its own limit.
    for (let attempt = 0; attempt < SIGN_IN_FAILURES_PER_ACCOUNT; attempt++) {
      const response = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: `guess ${attempt}` }, address(attempt));
      expect(response.status).toBe(401);
    }
    const fresh = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD }, '198.51.100.77');
    expect(fresh.status).toBe(429);
    expect(sessionCookie(fresh)).toBeUndefined();
    // Another account is not affected.
    const otherAccount = await post(setup.auth, '/sign-in/email', { email: 'nobody@example.com', password: 'x' }, '198.51.100.77');
    expect(otherAccount.status).toBe(401);
  }, SLOW_TEST_MS);

  it('never lets one address lock an account: its attempts stop at the address limit', async () => {
    for (let attempt = 0; attempt < SIGN_IN_FAILURES_PER_ACCOUNT + 5; attempt++) {
      await post(setup.auth, '/sign-in/email', { email: EMAIL, password: 'wrong password!' }, '203.0.113.66');
    }
    const owner = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD }, '198.51.100.9');
    expect(owner.status).toBe(200);
  }, SLOW_TEST_MS);

  it('does not count successful sign-ins against the limits', async () => {
    for (let attempt = 0; attempt < SIGN_IN_FAILURES_PER_ADDRESS + 2; attempt++) {
      expect((await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD })).status).toBe(200);
    }
    expect((await post(setup.auth, '/sign-in/email', { email: EMAIL, password: 'wrong password!' })).status).toBe(401);
  }, SLOW_TEST_MS);

  it('limits per the one address the front server resolved, even one inside KEYFORT_TRUSTED_PROXIES: no shared bucket', async () => {
    // scripts/serve.ts leaves exactly the client's address in X-Forwarded-For; Better Auth must not walk it again
    // (a client inside a trusted range would then leave no untrusted hop, and all such clients share one limit).
    const behindProxy = await setUp({ trustedProxies: '10.0.0.0/8' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= SIGN_IN_FAILURES_PER_ADDRESS; attempt++) {
      statuses.push((await post(behindProxy.auth, '/sign-in/email', { email: EMAIL, password: 'wrong password!' }, '10.0.0.7')).status);
    }
    expect(statuses).toEqual([...Array<number>(SIGN_IN_FAILURES_PER_ADDRESS).fill(401), 429]);
    const neighbour = await post(behindProxy.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD }, '10.0.0.8');
    expect(neighbour.status).toBe(200);
  }, SLOW_TEST_MS);

  it('reads the session row on every request: deleting it ends the session at once (no cookie cache)', async () => {
    const signIn = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD });
    const cookie = sessionCookie(signIn)?.split(';')[0] ?? '';
    const headers = new Headers({ cookie });
    const session = await setup.auth.api.getSession({ headers });
    expect(session?.user.email).toBe(EMAIL);
    expect(session?.user.role).toBe('ADMINISTRATOR');
    setup.db.session?.splice(0);
    expect(await setup.auth.api.getSession({ headers })).toBeNull();
  });

  it("carries the person's saved language with the session (one query per page), and Better Auth's own endpoints cannot set it", async () => {
    const signIn = await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD });
    const headers = new Headers({ cookie: sessionCookie(signIn)?.split(';')[0] ?? '' });
    expect((await setup.auth.api.getSession({ headers }))?.user.locale ?? null).toBeNull();
    const row = setup.db.user?.find((user) => user.id === setup.userId);
    if (row) row.locale = 'zh-CN';
    expect((await setup.auth.api.getSession({ headers }))?.user.locale).toBe('zh-CN');

    // Only Keyfort's validated action writes it (app/(console)/actions.ts).
    const base = (setup.auth.options.baseURL as string) + '/api/auth';
    const update = await setup.auth.handler(
      new Request(`${base}/update-user`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: headers.get('cookie') ?? '' }, body: JSON.stringify({ locale: '<b>x</b>' }) }),
    );
    expect(update.status).toBe(400);
    expect(await update.json()).toMatchObject({ code: 'FIELD_NOT_ALLOWED' });
    expect(row?.locale).toBe('zh-CN');
  });

  it('fails the sign-in when its audit record cannot be written: no unaudited session', async () => {
    const failing = await setUp({
      onSignInAttempt: async () => {
        throw new Error('audit store down');
      },
    });
    const response = await post(failing.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD });
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(sessionCookie(response)).toBeUndefined();
  });
});

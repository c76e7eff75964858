import { memoryAdapter } from 'better-auth/adapters/memory';
import { beforeEach, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '@/e2e/support/totp';
import { FakeClock } from '@/lib/kms/testing/fake-clock';
import { InMemoryAttemptCounters } from './attempt-counters';
import { resolveAuthEnvironment } from './auth-environment';
import { RECOVERY_CODE_COUNT, SIGN_IN_FAILURES_PER_ADDRESS } from './constants';
import { createAuth, type Auth } from './create-auth';
import { proofHolds } from './reauthentication-proof';
import type { TSignInAttempt } from './sign-in-attempt';
import { SignInThrottle } from './sign-in-throttle';
import { TotpReplayGuard } from './totp-replay-guard';

// Keyfort's auth configuration with Better Auth's two-factor plugin, on the in-memory adapter: enrolment,
// the code step of sign-in, recovery codes, and the throttle and audit around the code step.
const EMAIL = 'admin@example.com';
const PASSWORD = 'correct horse battery';
const IP = '203.0.113.7';
const SLOW_TEST_MS = 120_000;

/** Cookies as a browser keeps them: name → value, dropped when a response expires them. */
class CookieJar {
  readonly values = new Map<string, string>();
  take(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/max-age=0/i.test(line) || value === '') this.values.delete(name);
      else this.values.set(name, value);
    }
    return response;
  }
  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  has(pattern: RegExp): boolean {
    return [...this.values.keys()].some((name) => pattern.test(name));
  }
}

async function setUp() {
  const db: Record<string, Record<string, unknown>[]> = { user: [], session: [], account: [], verification: [], rateLimit: [], twoFactor: [] };
  const attempts: TSignInAttempt[] = [];
  const clock = new FakeClock('2030-01-01T00:00:00.000Z');
  const counters = new InMemoryAttemptCounters();
  const auth = createAuth({
    database: memoryAdapter(db),
    secret: 'a-test-secret-that-is-long-enough-0123456789',
    environment: resolveAuthEnvironment({ env: { PORT: '3101' } }),
    onSignInAttempt: async (attempt) => {
      attempts.push(attempt);
    },
    signInThrottle: new SignInThrottle({ counters, now: () => clock.now().getTime() }),
    totpReplayGuard: new TotpReplayGuard({ counters, now: () => clock.now().getTime() }),
    sessionMaxAgeSeconds: 12 * 60 * 60,
  });
  const ctx = await auth.$context;
  const user = await ctx.internalAdapter.createUser({ email: EMAIL, name: 'Admin', emailVerified: false, role: 'ADMINISTRATOR' }, { method: 'email-password' });
  await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: await ctx.password.hash(PASSWORD) });
  return { auth, db, attempts, userId: user.id };
}

function post(auth: Auth, path: string, body: unknown, jar?: CookieJar, ip = IP): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': ip };
  if (jar && jar.values.size > 0) headers.cookie = jar.header();
  const request = new Request(`${auth.options.baseURL as string}/api/auth${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return auth.handler(request).then((response) => (jar ? jar.take(response) : response));
}

/** An accepted code (this step or either neighbour) other than those already used. */
function unusedCode(secret: Buffer, used: string[]): string {
  const codes = [0, 30_000, -30_000].map((offset) => totp(secret, { atMs: Date.now() + offset }));
  const code = codes.find((candidate) => !used.includes(candidate));
  if (!code) throw new Error('no unused code');
  return code;
}

const SESSION = /session_token$/;
const PENDING = /two_factor$/;

/** Signs in (no MFA yet) and starts enrolment: the session's cookies, the secret and the recovery codes. */
async function startEnrolment(auth: Auth): Promise<{ jar: CookieJar; secret: Buffer; recoveryCodes: string[] }> {
  const jar = new CookieJar();
  expect((await post(auth, '/sign-in/email', { email: EMAIL, password: PASSWORD }, jar)).status).toBe(200);
  const enabled = await post(auth, '/two-factor/enable', { password: PASSWORD }, jar);
  expect(enabled.status).toBe(200);
  const { totpURI, backupCodes } = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
  const uri = new URL(totpURI);
  expect(uri.searchParams.get('issuer')).toBe('Keyfort');
  return { jar, secret: base32Decode(uri.searchParams.get('secret') ?? ''), recoveryCodes: backupCodes };
}

/** Signs in (no MFA yet), enrols and confirms: the session's cookies, the secret and the recovery codes. */
async function enrol(auth: Auth): Promise<{ jar: CookieJar; secret: Buffer; recoveryCodes: string[]; enrolmentCode: string }> {
  const started = await startEnrolment(auth);
  const enrolmentCode = totp(started.secret);
  expect((await post(auth, '/two-factor/verify-totp', { code: enrolmentCode }, started.jar)).status).toBe(200);
  return { ...started, enrolmentCode };
}

/** Password step of a sign-in with MFA on: no session, a pending sign-in cookie. */
async function startSignIn(auth: Auth, ip = IP): Promise<CookieJar> {
  const jar = new CookieJar();
  const response = await post(auth, '/sign-in/email', { email: EMAIL, password: PASSWORD }, jar, ip);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ twoFactorRedirect: true });
  expect(jar.has(SESSION)).toBe(false);
  expect(jar.has(PENDING)).toBe(true);
  return jar;
}

describe('Keyfort auth with multi-factor sign-in', () => {
  let setup: Awaited<ReturnType<typeof setUp>>;
  let enrolled: Awaited<ReturnType<typeof enrol>>;
  beforeEach(async () => {
    setup = await setUp();
    enrolled = await enrol(setup.auth);
    setup.attempts.splice(0);
  });

  it('enrols with ten recovery codes, and then a right password alone signs nobody in', async () => {
    expect(enrolled.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(setup.db.user?.[0]?.twoFactorEnabled).toBe(true);
    await startSignIn(setup.auth);
    // Not a completed sign-in: nothing recorded until the code is accepted.
    expect(setup.attempts).toEqual([]);
  });

  it('accepts the authenticator code, starts the session and audits the success then', async () => {
    const jar = await startSignIn(setup.auth);
    const response = await post(setup.auth, '/two-factor/verify-totp', { code: unusedCode(enrolled.secret, [enrolled.enrolmentCode]) }, jar);
    expect(response.status).toBe(200);
    expect(jar.has(SESSION)).toBe(true);
    expect(jar.has(PENDING)).toBe(false);
    const session = await setup.auth.api.getSession({ headers: new Headers({ cookie: jar.header() }) });
    expect(session?.user.email).toBe(EMAIL);
    expect(setup.attempts).toEqual([{ email: EMAIL, userId: setup.userId, success: true, address: IP, secondFactor: 'authenticator' }]);
  });

  it('refuses a wrong code, audits it as a failed sign-in without the code, and counts it against the address', async () => {
    const jar = await startSignIn(setup.auth);
    const wrong = totp(enrolled.secret) === '000000' ? '111111' : '000000';
    const response = await post(setup.auth, '/two-factor/verify-totp', { code: wrong }, jar);
    expect(response.status).toBe(401);
    expect(jar.has(SESSION)).toBe(false);
    expect(setup.attempts).toEqual([{ email: EMAIL, userId: null, success: false, address: IP, secondFactor: 'authenticator' }]);
    expect(JSON.stringify(setup.attempts)).not.toContain(wrong);

    // Failed codes and failed passwords share the per-address limit.
    for (let attempt = 1; attempt < SIGN_IN_FAILURES_PER_ADDRESS; attempt++) {
      expect((await post(setup.auth, '/sign-in/email', { email: EMAIL, password: 'wrong password!' })).status).toBe(401);
    }
    expect((await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD })).status).toBe(429);
    // A code, even the right one, is refused from that address too, and audited as rate-limited.
    const refused = await post(setup.auth, '/two-factor/verify-totp', { code: totp(enrolled.secret) }, jar);
    expect(refused.status).toBe(429);
    expect(setup.attempts.at(-1)).toEqual({ email: EMAIL, userId: null, success: false, address: IP, rateLimited: true, secondFactor: 'authenticator' });
  }, SLOW_TEST_MS);

  it('accepts an authenticator code once only (RFC 6238 §5.2), the one that confirmed enrolment included', async () => {
    const code = unusedCode(enrolled.secret, [enrolled.enrolmentCode]);
    const first = await startSignIn(setup.auth);
    expect((await post(setup.auth, '/two-factor/verify-totp', { code }, first)).status).toBe(200);
    const second = await startSignIn(setup.auth);
    const replayed = await post(setup.auth, '/two-factor/verify-totp', { code }, second);
    expect(replayed.status).toBe(401);
    expect(second.has(SESSION)).toBe(false);
    expect((await post(setup.auth, '/two-factor/verify-totp', { code: enrolled.enrolmentCode }, second)).status).toBe(401);
    expect(setup.attempts.map((a) => a.success)).toEqual([true, false, false]);
    // A wrong code is not remembered: the same sign-in still takes a right one.
    const fresh = unusedCode(enrolled.secret, [enrolled.enrolmentCode, code]);
    expect((await post(setup.auth, '/two-factor/verify-totp', { code: fresh }, second)).status).toBe(200);
  });

  it('accepts a recovery code once only', async () => {
    const [code] = enrolled.recoveryCodes;
    const first = await startSignIn(setup.auth);
    expect((await post(setup.auth, '/two-factor/verify-backup-code', { code }, first)).status).toBe(200);
    expect(first.has(SESSION)).toBe(true);
    const second = await startSignIn(setup.auth);
    expect((await post(setup.auth, '/two-factor/verify-backup-code', { code }, second)).status).toBe(401);
    expect(second.has(SESSION)).toBe(false);
    expect(setup.attempts.map((a) => [a.success, a.secondFactor])).toEqual([
      [true, 'recovery-code'],
      [false, 'recovery-code'],
    ]);
  });

  it('offers no "trust this device", no session-less recovery code, no email codes and no second look at the secret', async () => {
    const jar = await startSignIn(setup.auth);
    expect((await post(setup.auth, '/two-factor/verify-totp', { code: totp(enrolled.secret), trustDevice: true }, jar)).status).toBe(400);
    expect((await post(setup.auth, '/two-factor/verify-backup-code', { code: enrolled.recoveryCodes[0], disableSession: true }, jar)).status).toBe(400);
    expect((await post(setup.auth, '/two-factor/send-otp', {}, jar)).status).toBe(404);
    expect((await post(setup.auth, '/two-factor/get-totp-uri', { password: PASSWORD }, jar)).status).toBe(404);
    expect(jar.has(/trust_device$/)).toBe(false);
  });

  it('refuses a code when no sign-in waits for one, and audits that', async () => {
    const response = await post(setup.auth, '/two-factor/verify-totp', { code: totp(enrolled.secret) }, new CookieJar());
    expect(response.status).toBe(401);
    expect(setup.attempts).toEqual([{ email: '(no sign-in in progress)', userId: null, success: false, address: IP, secondFactor: 'authenticator' }]);
  });

  it('turns multi-factor off with the password only, after which the password signs in again', async () => {
    const jar = await startSignIn(setup.auth);
    expect((await post(setup.auth, '/two-factor/verify-totp', { code: unusedCode(enrolled.secret, [enrolled.enrolmentCode]) }, jar)).status).toBe(200);
    expect((await post(setup.auth, '/two-factor/disable', { password: 'wrong password!' }, jar)).status).toBe(400);
    expect((await post(setup.auth, '/two-factor/disable', { password: PASSWORD }, jar)).status).toBe(200);
    const again = new CookieJar();
    expect((await post(setup.auth, '/sign-in/email', { email: EMAIL, password: PASSWORD }, again)).status).toBe(200);
    expect(again.has(SESSION)).toBe(true);
  });
});

describe('fresh authentication (SPEC §9) by password or authenticator code', () => {
  const sessionHeaders = (jar: CookieJar) => new Headers({ cookie: jar.header(), 'x-forwarded-for': IP });

  it('takes a right authenticator code of the signed-in person once, and leaves the session as it was', async () => {
    const { auth } = await setUp();
    const { jar, secret, enrolmentCode } = await enrol(auth);
    const cookiesBefore = jar.header();
    const code = unusedCode(secret, [enrolmentCode]);
    expect(await proofHolds(auth, sessionHeaders(jar), { code })).toBe(true);
    // Accepted once only, like at sign-in; the code that confirmed enrolment was spent there.
    expect(await proofHolds(auth, sessionHeaders(jar), { code })).toBe(false);
    expect(await proofHolds(auth, sessionHeaders(jar), { code: enrolmentCode })).toBe(false);
    expect(jar.header()).toBe(cookiesBefore);
    expect((await auth.api.getSession({ headers: sessionHeaders(jar) }))?.user.email).toBe(EMAIL);
  });

  it('refuses a wrong code, a recovery code, and no session at all', async () => {
    const { auth } = await setUp();
    const { jar, secret, recoveryCodes } = await enrol(auth);
    const near = new Set([0, 30_000, -30_000].map((offset) => totp(secret, { atMs: Date.now() + offset })));
    const wrong = ['000000', '111111', '222222', '333333'].find((candidate) => !near.has(candidate)) ?? '';
    expect(await proofHolds(auth, sessionHeaders(jar), { code: wrong })).toBe(false);
    expect(await proofHolds(auth, sessionHeaders(jar), { code: recoveryCodes[0] ?? '' })).toBe(false);
    expect(await proofHolds(auth, new Headers({ 'x-forwarded-for': IP }), { code: totp(secret) })).toBe(false);
  });

  it('does not let a code finish a half-done enrolment: multi-factor stays off', async () => {
    const { auth, db } = await setUp();
    const { jar, secret } = await startEnrolment(auth);
    expect(await proofHolds(auth, sessionHeaders(jar), { code: totp(secret) })).toBe(false);
    expect(db.user?.[0]?.twoFactorEnabled).not.toBe(true);
    expect(db.twoFactor?.[0]?.verified).not.toBe(true);
  });

  it('checks the password of the signed-in person', async () => {
    const { auth } = await setUp();
    const jar = new CookieJar();
    expect((await post(auth, '/sign-in/email', { email: EMAIL, password: PASSWORD }, jar)).status).toBe(200);
    expect(await proofHolds(auth, sessionHeaders(jar), { password: PASSWORD })).toBe(true);
    expect(await proofHolds(auth, sessionHeaders(jar), { password: `${PASSWORD}!` })).toBe(false);
  });
});

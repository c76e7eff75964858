import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { twoFactor } from 'better-auth/plugins';
import type { TAuthEnvironment } from './auth-environment';
import { clientAddress } from './client-address';
import { AUTH_BASE_PATH, AUTH_COOKIE_PREFIX, MIN_ADMIN_PASSWORD_LENGTH, RECOVERY_CODE_COUNT, SIGN_IN_ENDPOINT } from './constants';
import { RECOVERY_CODE_VERIFY_ENDPOINT, TOTP_VERIFY_ENDPOINT, refuseUnofferedTwoFactor } from './second-factor';
import { isSecondFactorEndpoint, secondFactorHooks, tooManyAttempts } from './second-factor-hooks';
import { NOT_AN_EMAIL, auditableEmail, describeSignInAttempt, emailOf, type TSignInAttempt } from './sign-in-attempt';
import { INVALID_CREDENTIALS, signInRefusal, type TGateUser } from './sign-in-gate';
import type { SignInThrottle, TSignInSubject } from './sign-in-throttle';
import type { TotpReplayGuard } from './totp-replay-guard';

type DBAdapterFactory = NonNullable<BetterAuthOptions['database']>;

export interface TCreateAuthOptions {
  /** `prismaAdapter(prisma, …)` in the app; tests pass Better Auth's memory adapter. */
  database: DBAdapterFactory;
  secret: string;
  environment: TAuthEnvironment;
  /** Called for every sign-in with email and password; a throw fails the request (no unaudited sign-in). */
  onSignInAttempt: (attempt: TSignInAttempt) => Promise<void>;
  /** Per-address and per-account limits on sign-in, applied to every caller of the endpoint. */
  signInThrottle: SignInThrottle;
  /** Remembers accepted authenticator codes so none is accepted twice (RFC 6238 §5.2). */
  totpReplayGuard: TotpReplayGuard;
  /** The absolute session lifetime (KEYFORT_SESSION_MAX_HOURS); the idle timeout is Keyfort's (lib/auth/session-activity.ts). */
  sessionMaxAgeSeconds: number;
}

/** Better Auth endpoints not served over HTTP: sessions and passwords go through Keyfort's server actions. */
export const KEYFORT_OWNED_PATHS = [
  '/change-password',
  '/verify-password',
  '/list-sessions',
  '/revoke-session',
  '/revoke-sessions',
  '/revoke-other-sessions',
  '/update-session',
] as const;

type THookContext = { body?: unknown; headers?: Headers };

function signInSubject(ctx: THookContext): TSignInSubject {
  const email = auditableEmail(emailOf(ctx.body));
  return { address: clientAddress(ctx.headers), account: email === NOT_AN_EMAIL ? null : email };
}

export function createAuth(options: TCreateAuthOptions) {
  const { environment } = options;
  const codeHooks = secondFactorHooks(options);
  return betterAuth({
    appName: 'Keyfort',
    baseURL: environment.baseURL,
    basePath: AUTH_BASE_PATH,
    secret: options.secret,
    trustedOrigins: environment.trustedOrigins,
    database: options.database,
    emailAndPassword: {
      enabled: true,
      // Users come only from the first-run set-up or the env bootstrap (lib/auth/create-administrator.ts).
      disableSignUp: true,
      minPasswordLength: MIN_ADMIN_PASSWORD_LENGTH,
      maxPasswordLength: 128,
    },
    user: {
      additionalFields: {
        // No default: a row without a known role cannot act (lib/auth/principal.ts). People are created by
        // Keyfort itself (first-run set-up, env bootstrap, the People page), never by Better Auth's sign-up.
        role: { type: 'string', required: false, input: false },
        disabledAt: { type: 'date', required: false, input: false },
        lastSignInAt: { type: 'date', required: false, input: false },
        // The console language the person chose (lib/i18n); read with the session, so no second query per page.
        locale: { type: 'string', required: false, input: false },
      },
    },
    session: {
      // Every request reads the session row, so a revoked session ends at once (no cookie cache).
      cookieCache: { enabled: false },
      additionalFields: {
        lastActiveAt: { type: 'date', required: false, input: false },
        authenticatedAt: { type: 'date', required: false, input: false },
      },
      // The row and the cookie both end at sign-in + the absolute lifetime, never moved on: an active session
      // lives exactly that long, and Keyfort deletes an idle one earlier on its next request (getPrincipal).
      // Refreshing (Better Auth's sliding expiry) would let a session outlive the absolute limit.
      expiresIn: options.sessionMaxAgeSeconds,
      disableSessionRefresh: true,
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      modelName: 'rateLimit',
      window: 60,
      max: 100,
      // Sign-in has its own per-address and per-account throttle (the hooks below), which also audits.
      // So do codes finishing a sign-in (on top of the plugin's own 5 per challenge and 10 per account).
      customRules: { [SIGN_IN_ENDPOINT]: false, [TOTP_VERIFY_ENDPOINT]: false, [RECOVERY_CODE_VERIFY_ENDPOINT]: false },
    },
    advanced: {
      cookiePrefix: AUTH_COOKIE_PREFIX,
      useSecureCookies: environment.secureCookies,
      defaultCookieAttributes: {
        httpOnly: true,
        sameSite: 'strict',
        secure: environment.secureCookies,
        path: '/',
      },
      // No `ipAddress.trustedProxies`: the console's front server (scripts/serve.ts) already resolved the client
      // with KEYFORT_TRUSTED_PROXIES and left exactly that one address in X-Forwarded-For, which Better Auth
      // reads by default. Walking it again here would only harm: a client inside a trusted range (the proxy
      // host itself) would leave no untrusted hop, and Better Auth would put all such clients in one bucket.
    },
    hooks: {
      // In the hooks rather than around one caller, so the console's action and a direct POST to
      // /api/auth/sign-in/email (or a two-factor endpoint) meet the same limits.
      before: createAuthMiddleware(async (ctx) => {
        refuseUnofferedTwoFactor(ctx);
        if (ctx.path === SIGN_IN_ENDPOINT) {
          const subject = signInSubject(ctx);
          const verdict = await options.signInThrottle.admit(subject);
          if (verdict.allowed) {
            // SPEC §9: a disabled person or an unknown role is refused before the password is checked, with
            // Better Auth's own answer to a wrong password (and as long to compute), and counts as a failure.
            const found = subject.account === null ? null : await ctx.context.internalAdapter.findUserByEmail(subject.account);
            const refusal = signInRefusal(found?.user as TGateUser | undefined);
            if (refusal === null) return;
            const password = (ctx.body as { password?: unknown } | undefined)?.password;
            await ctx.context.password.hash(typeof password === 'string' ? password : '');
            await options.onSignInAttempt({ email: subject.account ?? NOT_AN_EMAIL, userId: null, success: false, address: subject.address, refusal });
            throw new APIError('UNAUTHORIZED', INVALID_CREDENTIALS);
          }
          await options.onSignInAttempt({
            email: auditableEmail(emailOf(ctx.body)),
            userId: null,
            success: false,
            address: subject.address,
            rateLimited: true,
          });
          throw tooManyAttempts(verdict.retryAfterMs);
        }
        if (isSecondFactorEndpoint(ctx.path)) await codeHooks.before(ctx);
      }),
      // Runs before the two-factor plugin's own after-hook, which is what swaps the session of a person with
      // multi-factor on for a code challenge: here that session still exists and must not count as a sign-in.
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        const failed = isAPIError(returned) || returned instanceof Error;
        const newSession = ctx.context.newSession;
        if (ctx.path === SIGN_IN_ENDPOINT) {
          const subject = signInSubject(ctx);
          if (!failed && newSession?.user.twoFactorEnabled === true) {
            // The password was right (not a failure), but nobody is signed in until the code is.
            await options.signInThrottle.forgive(subject);
            return;
          }
          const attempt = describeSignInAttempt({ body: ctx.body, failed, sessionUserId: newSession?.user.id ?? null, address: subject.address });
          await options.onSignInAttempt(attempt);
          if (attempt.success) await options.signInThrottle.forgive(subject);
          return;
        }
        if (isSecondFactorEndpoint(ctx.path)) await codeHooks.after(ctx);
      }),
    },
    // Keyfort's own pages do these through auth.api (which these do not affect), with its audit, throttle and
    // rules; over HTTP they would skip all three, and list-sessions would hand session tokens to the browser.
    disabledPaths: [...KEYFORT_OWNED_PATHS],
    telemetry: { enabled: false },
    plugins: [
      // TOTP (RFC 6238: 6 digits, 30 s, SHA-1, as authenticator apps expect) with one-time recovery codes,
      // stored encrypted under the auth secret. No "trust this device": refused in the before-hook, so every
      // sign-in asks for a code. No email/SMS codes: no otpOptions, and their endpoints are refused.
      twoFactor({
        issuer: 'Keyfort',
        backupCodeOptions: { amount: RECOVERY_CODE_COUNT, storeBackupCodes: 'encrypted' },
      }),
      // Last, as Better Auth asks: writes cookies set by auth.api calls made in server actions (sign-out).
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

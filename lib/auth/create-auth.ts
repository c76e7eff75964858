import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { twoFactor } from 'better-auth/plugins';
import type { TAuthEnvironment } from './auth-environment';
import { clientAddress } from './client-address';
import { AUTH_BASE_PATH, AUTH_COOKIE_PREFIX, MIN_ADMIN_PASSWORD_LENGTH, RECOVERY_CODE_COUNT, SIGN_IN_ENDPOINT } from './constants';
import {
  RECOVERY_CODE_VERIFY_ENDPOINT,
  SECOND_FACTOR_OF_ENDPOINT,
  TOTP_VERIFY_ENDPOINT,
  pendingSignInOf,
  refuseUnofferedTwoFactor,
  type TPendingSignIn,
} from './second-factor';
import { NOT_AN_EMAIL, NO_SIGN_IN_IN_PROGRESS, auditableEmail, describeSignInAttempt, emailOf, type TSignInAttempt } from './sign-in-attempt';
import type { SignInThrottle, TSignInSubject } from './sign-in-throttle';

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
}

type THookContext = { body?: unknown; headers?: Headers };

function signInSubject(ctx: THookContext): TSignInSubject {
  const email = auditableEmail(emailOf(ctx.body));
  return { address: clientAddress(ctx.headers), account: email === NOT_AN_EMAIL ? null : email };
}

/** A code sent to finish a sign-in: who it is for (null: no sign-in waits for it) and what the throttle counts. */
interface TCodeAttempt {
  pending: TPendingSignIn | null;
  subject: TSignInSubject;
}

function isSecondFactorEndpoint(path: string): boolean {
  return path === TOTP_VERIFY_ENDPOINT || path === RECOVERY_CODE_VERIFY_ENDPOINT;
}

function tooManyAttempts(retryAfterMs: number): APIError {
  return new APIError(
    'TOO_MANY_REQUESTS',
    { message: 'Too many sign-in attempts. Wait and try again later.', code: 'RATE_LIMITED' },
    { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
  );
}

export function createAuth(options: TCreateAuthOptions) {
  const { environment } = options;
  // Keyed by the request's auth context, which Better Auth shares between a request's before- and after-hooks.
  const codeAttempts = new WeakMap<object, TCodeAttempt>();
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
      },
    },
    session: {
      // Every request reads the session row, so a revoked session ends at once (no cookie cache).
      cookieCache: { enabled: false },
      additionalFields: {
        lastActiveAt: { type: 'date', required: false, input: false },
        authenticatedAt: { type: 'date', required: false, input: false },
      },
      expiresIn: 60 * 60 * 12,
      updateAge: 60 * 60,
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
          if (verdict.allowed) return;
          await options.onSignInAttempt({
            email: auditableEmail(emailOf(ctx.body)),
            userId: null,
            success: false,
            address: subject.address,
            rateLimited: true,
          });
          throw tooManyAttempts(verdict.retryAfterMs);
        }
        if (!isSecondFactorEndpoint(ctx.path)) return;
        // A code finishing a sign-in is a guess like a password: same per-address and per-account limits.
        const pending = await pendingSignInOf(ctx);
        if (pending === undefined) return; // signed in: confirming an enrolment, not signing in
        const subject = { address: clientAddress(ctx.headers), account: pending?.email ?? null };
        codeAttempts.set(ctx.context, { pending, subject });
        const verdict = await options.signInThrottle.admit(subject);
        if (verdict.allowed) return;
        await options.onSignInAttempt({
          email: pending?.email ?? NO_SIGN_IN_IN_PROGRESS,
          userId: null,
          success: false,
          address: subject.address,
          rateLimited: true,
          secondFactor: SECOND_FACTOR_OF_ENDPOINT[ctx.path],
        });
        throw tooManyAttempts(verdict.retryAfterMs);
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
        const code = isSecondFactorEndpoint(ctx.path) ? codeAttempts.get(ctx.context) : undefined;
        if (!code) return;
        const success = !failed && newSession !== null && newSession.user.id === code.pending?.userId;
        await options.onSignInAttempt({
          email: code.pending?.email ?? NO_SIGN_IN_IN_PROGRESS,
          userId: success ? (code.pending?.userId ?? null) : null,
          success,
          address: code.subject.address,
          secondFactor: SECOND_FACTOR_OF_ENDPOINT[ctx.path],
        });
        if (success) await options.signInThrottle.forgive(code.subject);
      }),
    },
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

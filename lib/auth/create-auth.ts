import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import type { TAuthEnvironment } from './auth-environment';
import {
  AUTH_BASE_PATH,
  AUTH_COOKIE_PREFIX,
  MIN_ADMIN_PASSWORD_LENGTH,
  SIGN_IN_ENDPOINT,
  SIGN_IN_RATE_LIMIT,
} from './constants';
import { describeSignInAttempt, type TSignInAttempt } from './sign-in-attempt';

type DBAdapterFactory = NonNullable<BetterAuthOptions['database']>;

export interface TCreateAuthOptions {
  /** `prismaAdapter(prisma, …)` in the app; tests pass Better Auth's memory adapter. */
  database: DBAdapterFactory;
  secret: string;
  environment: TAuthEnvironment;
  /** Called for every sign-in with email and password; a throw fails the request (no unaudited sign-in). */
  onSignInAttempt: (attempt: TSignInAttempt) => Promise<void>;
}

export function createAuth(options: TCreateAuthOptions) {
  const { environment } = options;
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
        role: { type: 'string', required: false, defaultValue: 'ADMINISTRATOR', input: false },
      },
    },
    session: {
      // Every request reads the session row, so a revoked session ends at once (no cookie cache).
      cookieCache: { enabled: false },
      expiresIn: 60 * 60 * 12,
      updateAge: 60 * 60,
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      modelName: 'rateLimit',
      window: 60,
      max: 100,
      customRules: { [SIGN_IN_ENDPOINT]: { ...SIGN_IN_RATE_LIMIT } },
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
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_ENDPOINT) return;
        const returned = ctx.context.returned;
        await options.onSignInAttempt(
          describeSignInAttempt({
            body: ctx.body,
            failed: isAPIError(returned) || returned instanceof Error,
            sessionUserId: ctx.context.newSession?.user.id ?? null,
          }),
        );
      }),
    },
    telemetry: { enabled: false },
    // Last, as Better Auth asks: writes cookies set by auth.api calls made in server actions (sign-out).
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

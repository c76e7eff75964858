import { APIError, isAPIError } from 'better-auth/api';
import { clientAddress } from './client-address';
import {
  RECOVERY_CODE_VERIFY_ENDPOINT,
  SECOND_FACTOR_OF_ENDPOINT,
  TOTP_VERIFY_ENDPOINT,
  codeOf,
  codeSubjectOf,
  type TPendingSignIn,
} from './second-factor';
import { NO_SIGN_IN_IN_PROGRESS, type TSignInAttempt } from './sign-in-attempt';
import type { SignInThrottle, TSignInSubject } from './sign-in-throttle';
import type { TotpReplayGuard } from './totp-replay-guard';

export interface TSecondFactorDeps {
  onSignInAttempt: (attempt: TSignInAttempt) => Promise<void>;
  signInThrottle: SignInThrottle;
  totpReplayGuard: TotpReplayGuard;
}

type THookContext = Parameters<typeof codeSubjectOf>[0] & { path?: string; body?: unknown; headers?: Headers };

/** What the before-hook learnt about a code request, for the after-hook of the same request. */
interface TCodeRequest {
  /** Set for a code finishing a sign-in (null: no sign-in waits for it); absent for an enrolment. */
  signIn?: { pending: TPendingSignIn | null; subject: TSignInSubject };
  /** An authenticator code this request claimed (RFC 6238 §5.2): released again unless it is accepted. */
  claimed?: { userId: string; code: string };
}

export function isSecondFactorEndpoint(path: string | undefined): boolean {
  return path === TOTP_VERIFY_ENDPOINT || path === RECOVERY_CODE_VERIFY_ENDPOINT;
}

export function tooManyAttempts(retryAfterMs: number): APIError {
  return new APIError(
    'TOO_MANY_REQUESTS',
    { message: 'Too many sign-in attempts. Wait and try again later.', code: 'RATE_LIMITED' },
    { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
  );
}

/**
 * The code checks around Better Auth's two-factor verification endpoints: a code finishing a sign-in is a
 * guess like a password (the same per-address and per-account limits, audited as SignIn), and an
 * authenticator code is accepted once only, at sign-in and at enrolment alike.
 */
export function secondFactorHooks(deps: TSecondFactorDeps) {
  // Keyed by the request's auth context, which Better Auth shares between a request's before- and after-hooks.
  const requests = new WeakMap<object, TCodeRequest>();

  async function audit(request: TCodeRequest, path: string, outcome: { success: boolean; rateLimited?: boolean }): Promise<void> {
    if (!request.signIn) return;
    const { pending, subject } = request.signIn;
    await deps.onSignInAttempt({
      email: pending?.email ?? NO_SIGN_IN_IN_PROGRESS,
      userId: outcome.success ? (pending?.userId ?? null) : null,
      success: outcome.success,
      address: subject.address,
      ...(outcome.rateLimited ? { rateLimited: true } : {}),
      secondFactor: SECOND_FACTOR_OF_ENDPOINT[path],
    });
  }

  async function before(ctx: THookContext): Promise<void> {
    const path = ctx.path ?? '';
    const subjectOfCode = await codeSubjectOf(ctx);
    const request: TCodeRequest = {};
    requests.set(ctx.context, request);
    let userId: string | null;
    if (subjectOfCode.kind === 'sign-in') {
      const { pending } = subjectOfCode;
      const subject = { address: clientAddress(ctx.headers), account: pending?.email ?? null };
      request.signIn = { pending, subject };
      const verdict = await deps.signInThrottle.admit(subject);
      if (!verdict.allowed) {
        await audit(request, path, { success: false, rateLimited: true });
        throw tooManyAttempts(verdict.retryAfterMs);
      }
      userId = pending?.userId ?? null;
    } else userId = subjectOfCode.userId;

    const code = codeOf(ctx.body);
    if (path !== TOTP_VERIFY_ENDPOINT || userId === null || code === null) return;
    if (await deps.totpReplayGuard.claim(userId, code)) {
      request.claimed = { userId, code };
      return;
    }
    await audit(request, path, { success: false });
    throw new APIError('UNAUTHORIZED', { message: 'This code was already used. Wait for the next one.', code: 'INVALID_CODE' });
  }

  async function after(ctx: THookContext & { context: { returned?: unknown; newSession: { user: { id: string } } | null } }): Promise<void> {
    const request = requests.get(ctx.context);
    if (!request) return;
    const returned = ctx.context.returned;
    const accepted = !isAPIError(returned) && !(returned instanceof Error);
    if (!accepted && request.claimed) await deps.totpReplayGuard.release(request.claimed.userId, request.claimed.code);
    if (!request.signIn) return;
    const newSession = ctx.context.newSession;
    const success = accepted && newSession !== null && newSession.user.id === request.signIn.pending?.userId;
    await audit(request, ctx.path ?? '', { success });
    if (success) await deps.signInThrottle.forgive(request.signIn.subject);
  }

  return { before, after };
}

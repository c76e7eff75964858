import type { AttemptCounters } from './attempt-counters';
import { reserveAttempt, counterKey, type TAttemptLimit } from './attempt-limiter';
import { SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS } from './constants';

export const SIGN_IN_ADDRESS_LIMIT: TAttemptLimit = {
  scope: 'sign-in.address',
  max: SIGN_IN_FAILURES_PER_ADDRESS,
  windowMs: SIGN_IN_WINDOW_MS,
};
export const SIGN_IN_ACCOUNT_LIMIT: TAttemptLimit = {
  scope: 'sign-in.account',
  max: SIGN_IN_FAILURES_PER_ACCOUNT,
  windowMs: SIGN_IN_WINDOW_MS,
};

export interface TSignInSubject {
  /** From clientAddress(): an IP address or `unknown`. */
  address: string;
  /** The lowercased email tried, or null when it is not an email address (no account can match). */
  account: string | null;
}

export type TSignInVerdict = { allowed: true } | { allowed: false; limitedBy: 'address' | 'account'; retryAfterMs: number };

/**
 * Sign-in throttle, per address and per account, shared by every instance through the database.
 *
 * Every attempt is counted before the password is checked (so concurrent guesses cannot slip past the
 * limit) and a successful one is taken back afterwards: what remains counted are failures.
 * - Per address: an address that failed SIGN_IN_FAILURES_PER_ADDRESS times is refused until its window ends.
 * - Per account: an account that failed SIGN_IN_FAILURES_PER_ACCOUNT times is refused from every address
 *   until the window ends, so rotating addresses cannot guess a password faster than that.
 * The account limit is a multiple of the address limit and attempts refused per address never reach the
 * account's counter, so one address alone can never lock an account. The trade-off: an attacker with
 * several addresses can keep an account locked (denial of service) — accepted, because the alternative
 * is unbounded guessing; the lock lasts one window, and another administrator can still sign in.
 */
export class SignInThrottle {
  constructor(private readonly options: { counters: AttemptCounters; now: () => number }) {}

  async admit(subject: TSignInSubject): Promise<TSignInVerdict> {
    const { counters } = this.options;
    const nowMs = this.options.now();
    const byAddress = await reserveAttempt({ counters, limit: SIGN_IN_ADDRESS_LIMIT, subject: subject.address, nowMs });
    if (!byAddress.allowed) return { allowed: false, limitedBy: 'address', retryAfterMs: byAddress.retryAfterMs };
    if (subject.account === null) return { allowed: true };
    const byAccount = await reserveAttempt({ counters, limit: SIGN_IN_ACCOUNT_LIMIT, subject: subject.account, nowMs });
    if (byAccount.allowed) return { allowed: true };
    // Not a guess (the password is never checked), so the address is not charged for the locked account.
    await counters.decrement({ key: byAddress.key });
    return { allowed: false, limitedBy: 'account', retryAfterMs: byAccount.retryAfterMs };
  }

  /**
   * A successful sign-in was not a failure: take its attempt back. Counted again from the clock, so one that
   * straddles a window boundary takes back one attempt of the new window (at most one extra attempt).
   */
  async forgive(subject: TSignInSubject): Promise<void> {
    const { counters } = this.options;
    const nowMs = this.options.now();
    await counters.decrement({ key: counterKey(SIGN_IN_ADDRESS_LIMIT, subject.address, nowMs) });
    if (subject.account !== null) await counters.decrement({ key: counterKey(SIGN_IN_ACCOUNT_LIMIT, subject.account, nowMs) });
  }
}

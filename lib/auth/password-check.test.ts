import { describe, expect, it } from 'vitest';
import { InMemoryAttemptCounters } from './attempt-counters';
import { SIGN_IN_FAILURES_PER_ADDRESS } from './constants';
import { throttledPasswordCheck } from './password-check';
import { SignInThrottle } from './sign-in-throttle';

const subject = { address: '203.0.113.7', account: 'admin@example.com' };

function setUp() {
  let nowMs = Date.parse('2030-01-01T00:00:00.000Z');
  const throttle = new SignInThrottle({ counters: new InMemoryAttemptCounters(), now: () => nowMs });
  const check = (right: boolean) => throttledPasswordCheck({ throttle, subject, verify: async () => right });
  return { throttle, check, advance: (ms: number) => (nowMs += ms) };
}

describe('throttledPasswordCheck (re-authentication and password change)', () => {
  it('accepts the right password and does not count it against the limit', async () => {
    const t = setUp();
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS * 2; i++) expect(await t.check(true)).toBe('accepted');
  });

  it('counts wrong passwords with sign-in failures: after the limit even the right one is refused unchecked', async () => {
    const t = setUp();
    let verified = 0;
    for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS; i++) expect(await t.check(false)).toBe('wrong-password');
    const outcome = await throttledPasswordCheck({ throttle: t.throttle, subject, verify: async () => ++verified > 0 });
    expect(outcome).toBe('rate-limited');
    expect(verified).toBe(0);
    // The same counters as the sign-in page: a sign-in from that address is refused too.
    expect((await t.throttle.admit(subject)).allowed).toBe(false);
    t.advance(15 * 60_000);
    expect(await t.check(true)).toBe('accepted');
  });
});

import { describe, expect, it } from 'vitest';
import { FakeClock } from '@/lib/kms/testing/fake-clock';
import { InMemoryAttemptCounters } from './attempt-counters';
import { counterKey, minutesToWait, reserveAttempt, retryAfterMs, windowStartMs, type TAttemptLimit } from './attempt-limiter';
import { SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_FAILURES_PER_ADDRESS } from './constants';
import { SignInThrottle } from './sign-in-throttle';

const LIMIT: TAttemptLimit = { scope: 'test', max: 3, windowMs: 15 * 60_000 };
const START = '2030-01-01T00:00:00.000Z';

describe('attempt windows', () => {
  it('are fixed windows aligned on multiples of their length', () => {
    const clock = new FakeClock('2030-01-01T00:14:59.999Z');
    expect(new Date(windowStartMs(LIMIT, clock.now().getTime())).toISOString()).toBe(START);
    expect(retryAfterMs(LIMIT, clock.now().getTime())).toBe(1);
    clock.advance({ ms: 1 });
    expect(new Date(windowStartMs(LIMIT, clock.now().getTime())).toISOString()).toBe('2030-01-01T00:15:00.000Z');
    expect(retryAfterMs(LIMIT, clock.now().getTime())).toBe(15 * 60_000);
  });

  it('round the wait up to whole minutes, never down to zero', () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(60_000)).toBe(1);
    expect(minutesToWait(60_001)).toBe(2);
    expect(minutesToWait(15 * 60_000)).toBe(15);
  });

  it('key counters by scope, hashed subject and window, never by the subject in clear', () => {
    const nowMs = new Date(START).getTime();
    const key = counterKey(LIMIT, 'admin@example.com', nowMs);
    expect(key).toMatch(new RegExp(`^keyfort:test:[0-9a-f]{64}:${nowMs}$`));
    expect(key).not.toContain('admin@example.com');
    expect(counterKey(LIMIT, 'admin@example.com', nowMs + LIMIT.windowMs)).not.toBe(key);
  });
});

describe('reserveAttempt', () => {
  it('allows max attempts per window, refuses the next with the time to the window end, and starts again', async () => {
    const clock = new FakeClock(START);
    const counters = new InMemoryAttemptCounters();
    const reserve = () => reserveAttempt({ counters, limit: LIMIT, subject: 'a', nowMs: clock.now().getTime() });
    for (let attempt = 0; attempt < LIMIT.max; attempt++) expect((await reserve()).allowed).toBe(true);
    clock.advance({ minutes: 10 });
    expect(await reserve()).toMatchObject({ allowed: false, retryAfterMs: 5 * 60_000 });
    clock.advance({ minutes: 5 });
    expect((await reserve()).allowed).toBe(true);
  });
});

describe('SignInThrottle', () => {
  const setUp = () => {
    const clock = new FakeClock(START);
    const counters = new InMemoryAttemptCounters();
    return { clock, throttle: new SignInThrottle({ counters, now: () => clock.now().getTime() }) };
  };

  it('refuses an address once it used its attempts, for that address only', async () => {
    const { throttle } = setUp();
    const subject = { address: '203.0.113.7', account: 'admin@example.com' };
    for (let attempt = 0; attempt < SIGN_IN_FAILURES_PER_ADDRESS; attempt++) expect((await throttle.admit(subject)).allowed).toBe(true);
    expect(await throttle.admit(subject)).toMatchObject({ allowed: false, limitedBy: 'address' });
    expect((await throttle.admit({ ...subject, address: '198.51.100.1' })).allowed).toBe(true);
  });

  it('refuses an account from every address once many addresses used its attempts, until the window ends', async () => {
    const { throttle, clock } = setUp();
    const account = 'admin@example.com';
    for (let attempt = 0; attempt < SIGN_IN_FAILURES_PER_ACCOUNT; attempt++) {
      expect((await throttle.admit({ address: `192.0.2.${attempt}`, account })).allowed).toBe(true);
    }
    expect(await throttle.admit({ address: '198.51.100.1', account })).toMatchObject({ allowed: false, limitedBy: 'account' });
    expect((await throttle.admit({ address: '198.51.100.1', account: 'other@example.com' })).allowed).toBe(true);
    clock.advance({ minutes: 15 });
    expect((await throttle.admit({ address: '198.51.100.1', account })).allowed).toBe(true);
  });

  it('never lets one address reach the account limit', async () => {
    const { throttle } = setUp();
    const subject = { address: '203.0.113.7', account: 'admin@example.com' };
    for (let attempt = 0; attempt < 3 * SIGN_IN_FAILURES_PER_ACCOUNT; attempt++) await throttle.admit(subject);
    expect((await throttle.admit({ ...subject, address: '198.51.100.1' })).allowed).toBe(true);
  });

  it('takes a successful attempt back: only failures count', async () => {
    const { throttle } = setUp();
    const subject = { address: '203.0.113.7', account: 'admin@example.com' };
    for (let attempt = 0; attempt < 3 * SIGN_IN_FAILURES_PER_ADDRESS; attempt++) {
      expect((await throttle.admit(subject)).allowed).toBe(true);
      await throttle.forgive(subject);
    }
  });

  it('counts attempts with no valid email against the address only', async () => {
    const { throttle } = setUp();
    for (let attempt = 0; attempt < SIGN_IN_FAILURES_PER_ADDRESS; attempt++) {
      expect((await throttle.admit({ address: '203.0.113.7', account: null })).allowed).toBe(true);
    }
    expect(await throttle.admit({ address: '203.0.113.7', account: null })).toMatchObject({ allowed: false, limitedBy: 'address' });
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_LIMITS, SESSION_ACTIVITY_INTERVAL_MS, sessionVerdict, type TSessionTimes } from './session-lifetime';
import { FakeClock } from './testing/fake-clock';

const MINUTE = 60_000;
const limits = DEFAULT_SESSION_LIMITS;

function verdictAfter(clock: FakeClock, session: TSessionTimes) {
  return sessionVerdict({ now: clock.now(), session, limits });
}

describe('session lifetime (idle 30 min, absolute 12 h by default)', () => {
  it('keeps a new session alive and records no activity within the first minute', () => {
    const clock = new FakeClock();
    const session = { createdAt: clock.now(), lastActiveAt: null };
    clock.advance({ seconds: 59 });
    expect(verdictAfter(clock, session)).toEqual({ alive: true, touch: false });
  });

  it('records activity once a minute has passed since the last recorded one', () => {
    const clock = new FakeClock();
    const session = { createdAt: clock.now(), lastActiveAt: null };
    clock.advance({ ms: SESSION_ACTIVITY_INTERVAL_MS });
    expect(verdictAfter(clock, session)).toEqual({ alive: true, touch: true });
  });

  it('ends a session idle for exactly 30 minutes, and keeps it one millisecond before', () => {
    const clock = new FakeClock();
    const createdAt = clock.now();
    const lastActiveAt = clock.advance({ hours: 1 });
    clock.advance({ ms: 30 * MINUTE - 1 });
    expect(verdictAfter(clock, { createdAt, lastActiveAt })).toMatchObject({ alive: true });
    clock.advance({ ms: 1 });
    expect(verdictAfter(clock, { createdAt, lastActiveAt })).toEqual({ alive: false, reason: 'idle' });
  });

  it('counts idleness from sign-in when no activity was recorded yet', () => {
    const clock = new FakeClock();
    const session = { createdAt: clock.now(), lastActiveAt: null };
    clock.advance({ minutes: 30 });
    expect(verdictAfter(clock, session)).toEqual({ alive: false, reason: 'idle' });
  });

  it('ends a session 12 hours after sign-in however active it was', () => {
    const clock = new FakeClock();
    const createdAt = clock.now();
    clock.advance({ ms: 12 * 60 * MINUTE - 1 });
    const lastActiveAt = clock.advance({ ms: -MINUTE });
    clock.advance({ ms: MINUTE });
    expect(verdictAfter(clock, { createdAt, lastActiveAt })).toMatchObject({ alive: true });
    clock.advance({ ms: 1 });
    expect(verdictAfter(clock, { createdAt, lastActiveAt: clock.now() })).toEqual({ alive: false, reason: 'age' });
  });

  it('lets a session active every few minutes live its whole 12 hours', () => {
    const clock = new FakeClock();
    const session: TSessionTimes = { createdAt: clock.now(), lastActiveAt: null };
    for (let minute = 0; minute < 12 * 60 - 5; minute += 5) {
      clock.advance({ minutes: 5 });
      const verdict = verdictAfter(clock, session);
      expect(verdict).toEqual({ alive: true, touch: true });
      session.lastActiveAt = clock.now();
    }
    clock.advance({ minutes: 5 });
    expect(verdictAfter(clock, session)).toEqual({ alive: false, reason: 'age' });
  });

  it('counts a recorded activity older than sign-in (a row edited by hand) as sign-in', () => {
    const clock = new FakeClock();
    const createdAt = clock.now();
    const lastActiveAt = new Date(createdAt.getTime() - 10 * MINUTE);
    clock.advance({ minutes: 29 });
    expect(verdictAfter(clock, { createdAt, lastActiveAt })).toMatchObject({ alive: true });
  });

  it('honours configured limits', () => {
    const clock = new FakeClock();
    const session = { createdAt: clock.now(), lastActiveAt: null };
    clock.advance({ minutes: 5 });
    expect(sessionVerdict({ now: clock.now(), session, limits: { idleMs: 5 * MINUTE, maxAgeMs: 60 * MINUTE } })).toEqual({
      alive: false,
      reason: 'idle',
    });
  });
});

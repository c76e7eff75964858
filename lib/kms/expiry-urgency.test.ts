import { describe, expect, it } from 'vitest';
import { expiryUrgency, expiryWindowMs } from './expiry-urgency';
import { FakeClock } from './testing/fake-clock';

describe('expiryUrgency', () => {
  it('grows louder as the instant nears: NONE ≥ 30 d, NOTICE < 30 d, WARNING < 7 d, CRITICAL < 24 h, EXPIRED from the instant', () => {
    const now = new FakeClock().now();
    const at = (offset: { days?: number; hours?: number; seconds?: number; ms?: number }) => new FakeClock(now).advance(offset);
    expect(expiryUrgency(null, now)).toBe('NONE');
    expect(expiryUrgency(at({ days: 60 }), now)).toBe('NONE');
    expect(expiryUrgency(at({ days: 30 }), now)).toBe('NONE');
    expect(expiryUrgency(at({ days: 30, ms: -1 }), now)).toBe('NOTICE');
    expect(expiryUrgency(at({ days: 7 }), now)).toBe('NOTICE');
    expect(expiryUrgency(at({ days: 3 }), now)).toBe('WARNING');
    expect(expiryUrgency(at({ hours: 24 }), now)).toBe('WARNING');
    expect(expiryUrgency(at({ hours: 24, ms: -1 }), now)).toBe('CRITICAL');
    expect(expiryUrgency(at({ seconds: 90 }), now)).toBe('CRITICAL');
    expect(expiryUrgency(at({ ms: 1 }), now)).toBe('CRITICAL');
    expect(expiryUrgency(now, now)).toBe('EXPIRED');
    expect(expiryUrgency(at({ seconds: -1 }), now)).toBe('EXPIRED');
  });

  it('the list filter windows are the same thresholds', () => {
    expect([expiryWindowMs('24h'), expiryWindowMs('7d'), expiryWindowMs('30d')]).toEqual([86_400_000, 7 * 86_400_000, 30 * 86_400_000]);
  });
});

import { describe, expect, it } from 'vitest';
import { InMemoryAttemptCounters } from './attempt-counters';
import { admitSetPassword, SET_PASSWORD_ADDRESS_LIMIT } from './set-password-throttle';

describe('set-password throttle', () => {
  it('refuses an address after its failures reach the limit, counts successes back, and spares other addresses', async () => {
    const counters = new InMemoryAttemptCounters();
    const nowMs = Date.parse('2030-01-01T00:00:00.000Z');
    const admit = (address: string) => admitSetPassword({ counters, address, nowMs });
    const success = await admit('203.0.113.7');
    if (!success.allowed) throw new Error('the first attempt must be allowed');
    await success.forgive();
    for (let i = 0; i < SET_PASSWORD_ADDRESS_LIMIT.max; i++) expect((await admit('203.0.113.7')).allowed).toBe(true);
    expect(await admit('203.0.113.7')).toEqual({ allowed: false, retryAfterMinutes: 15 });
    expect((await admit('198.51.100.9')).allowed).toBe(true);
  });
});

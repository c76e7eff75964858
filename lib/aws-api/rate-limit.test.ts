import { describe, expect, it } from 'vitest';
import { AwsApiError } from './protocol';
import { apiRateLimitFromEnv, createApiRateLimiter } from './rate-limit';

function limiter(options: { requestsPerSecond: number; burst: number; maxBuckets?: number }) {
  let at = 1_000_000;
  const rate = createApiRateLimiter({ ...options, now: () => at });
  const allowed = (key: string) => {
    try {
      rate.take(key);
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(AwsApiError);
      expect(error).toMatchObject({ type: 'ThrottlingException', status: 400, message: expect.stringContaining('Rate exceeded') });
      return false;
    }
  };
  return { rate, allowed, advance: (ms: number) => (at += ms) };
}

describe('API rate limiter (token bucket per access key)', () => {
  it('allows a burst, refuses the next request, and refills at the rate', () => {
    const { allowed, advance } = limiter({ requestsPerSecond: 10, burst: 3 });
    expect([allowed('A'), allowed('A'), allowed('A'), allowed('A')]).toEqual([true, true, true, false]);
    advance(99);
    expect(allowed('A')).toBe(false);
    advance(1); // 100 ms at 10/s: one token
    expect([allowed('A'), allowed('A')]).toEqual([true, false]);
    advance(10_000); // refills to the burst, never beyond
    expect([allowed('A'), allowed('A'), allowed('A'), allowed('A')]).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per access key', () => {
    const { allowed } = limiter({ requestsPerSecond: 1, burst: 1 });
    expect([allowed('A'), allowed('A'), allowed('B'), allowed('B')]).toEqual([true, false, true, false]);
  });

  it('refills nothing when the clock steps back', () => {
    const { allowed, advance } = limiter({ requestsPerSecond: 1, burst: 1 });
    expect(allowed('A')).toBe(true);
    advance(-5_000);
    expect(allowed('A')).toBe(false);
  });

  it('forgets buckets that refilled (idle keys) and holds at most maxBuckets', () => {
    const { rate, allowed, advance } = limiter({ requestsPerSecond: 1, burst: 2, maxBuckets: 3 });
    for (const key of ['A', 'B', 'C']) allowed(key);
    expect(rate.size()).toBe(3);
    advance(60_000); // every bucket is full again, so none is needed
    allowed('D');
    expect(rate.size()).toBe(1);
    for (const key of ['E', 'F', 'G', 'H']) allowed(key);
    expect(rate.size()).toBe(3);
  });
});

describe('apiRateLimitFromEnv', () => {
  it('defaults to 2000 requests per second with bursts of 4000, and 0 disables the limit', () => {
    expect(apiRateLimitFromEnv({})).toEqual({ requestsPerSecond: 2000, burst: 4000 });
    expect(apiRateLimitFromEnv({ KEYFORT_API_RATE_LIMIT: '0' })).toBeNull();
    expect(apiRateLimitFromEnv({ KEYFORT_API_RATE_LIMIT: '50' })).toEqual({ requestsPerSecond: 50, burst: 100 });
    expect(apiRateLimitFromEnv({ KEYFORT_API_RATE_LIMIT: '0.5', KEYFORT_API_RATE_BURST: '3' })).toEqual({ requestsPerSecond: 0.5, burst: 3 });
  });

  it.each([
    ['KEYFORT_API_RATE_LIMIT', '-1'],
    ['KEYFORT_API_RATE_LIMIT', 'fast'],
    ['KEYFORT_API_RATE_LIMIT', '1e3'],
    ['KEYFORT_API_RATE_BURST', '0'],
    ['KEYFORT_API_RATE_BURST', '2.5'],
  ])('stops start-up on %s=%j, naming the variable', (name, value) => {
    expect(() => apiRateLimitFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} must be`));
  });
});

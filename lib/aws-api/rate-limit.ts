import { AwsApiError } from './protocol';

// Per-access-key request rate on the AWS API: a token bucket per access key ID, in each process. Every
// cluster worker (KEYFORT_API_WORKERS) and the console's /api/aws route keep their own buckets, so an
// installation admits up to (workers + 1) × the rate per access key; the limit bounds what one client can
// make one worker do, it is not an installation-wide quota.

export interface TApiRateLimit {
  /** Tokens added per second; 0 disables the limit. */
  requestsPerSecond: number;
  /** Bucket size: requests a key may send at once after being idle. */
  burst: number;
}

export const DEFAULT_API_RATE_LIMIT: Readonly<TApiRateLimit> = Object.freeze({ requestsPerSecond: 2000, burst: 4000 });

interface TBucket {
  tokens: number;
  /** Milliseconds, the handler's clock. */
  updatedAt: number;
}

export interface ApiRateLimiter {
  /** Spends one token of the key's bucket; throws ThrottlingException (HTTP 400, as AWS) when it is empty. */
  take(accessKeyId: string): void;
  /** Buckets held now (tests, and proof that memory stays bounded). */
  size(): number;
}

/**
 * A bucket refilled to its burst is the same as no bucket, so buckets idle that long are dropped (a sweep at
 * most once per `sweepIntervalMs`, on a request). Past `maxBuckets` even after a sweep, the oldest bucket
 * goes first: that key starts over with a full burst, which errs on the side of serving.
 */
export function createApiRateLimiter(options: TApiRateLimit & { now: () => number; maxBuckets?: number; sweepIntervalMs?: number }): ApiRateLimiter {
  const { requestsPerSecond, burst, now } = options;
  const perMs = requestsPerSecond / 1000;
  const maxBuckets = options.maxBuckets ?? 10_000;
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const buckets = new Map<string, TBucket>();
  let lastSweep = now();
  const message = `Rate exceeded: this access key sent more than ${requestsPerSecond} requests per second (bursts up to ${burst}) to one Keyfort API process. Retry with exponential back-off.`;

  function sweep(at: number): void {
    lastSweep = at;
    for (const [id, bucket] of buckets) if (bucket.tokens + (at - bucket.updatedAt) * perMs >= burst) buckets.delete(id);
  }

  return {
    take(accessKeyId) {
      const at = now();
      const bucket = buckets.get(accessKeyId);
      if (bucket) {
        // Math.max: a clock that stepped back refills nothing rather than draining.
        bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, at - bucket.updatedAt) * perMs);
        bucket.updatedAt = at;
        if (bucket.tokens < 1) throw new AwsApiError('ThrottlingException', message);
        bucket.tokens -= 1;
      } else {
        if (at - lastSweep >= sweepIntervalMs || buckets.size >= maxBuckets) sweep(at);
        if (buckets.size >= maxBuckets) buckets.delete(buckets.keys().next().value as string);
        buckets.set(accessKeyId, { tokens: burst - 1, updatedAt: at });
      }
    },
    size: () => buckets.size,
  };
}

const MAX_SETTING = 1_000_000_000;

function numberFromEnv(env: Record<string, string | undefined>, name: string, options: { fallback: number; min: number; fractions: boolean }): number {
  const raw = env[name]?.trim();
  if (!raw) return options.fallback;
  const value = Number(raw);
  const shape = options.fractions ? /^\d+(\.\d+)?$/ : /^\d+$/;
  if (!shape.test(raw) || value < options.min || value > MAX_SETTING) {
    const kind = options.fractions ? 'a number' : 'a whole number';
    throw new Error(`${name} must be ${kind} from ${options.min} to ${MAX_SETTING}, got "${raw}".`);
  }
  return value;
}

/**
 * KEYFORT_API_RATE_LIMIT (requests per second per access key and process, default 2000; fractions allowed,
 * e.g. 0.5; 0 = no limit) and KEYFORT_API_RATE_BURST (whole requests, default twice the rate, at least 1).
 * Null when disabled. Malformed values stop start-up with a message naming the variable.
 */
export function apiRateLimitFromEnv(env: Record<string, string | undefined>): TApiRateLimit | null {
  const requestsPerSecond = numberFromEnv(env, 'KEYFORT_API_RATE_LIMIT', {
    fallback: DEFAULT_API_RATE_LIMIT.requestsPerSecond,
    min: 0,
    fractions: true,
  });
  if (requestsPerSecond === 0) return null;
  const burst = numberFromEnv(env, 'KEYFORT_API_RATE_BURST', { fallback: Math.max(1, Math.ceil(requestsPerSecond * 2)), min: 1, fractions: false });
  return { requestsPerSecond, burst };
}

import { generateKeyPair } from 'node:crypto';
import { KmsError } from '../errors';
import { WRAPPING_KEY_MODULUS_BITS, WRAPPING_KEY_SPECS, parseWrappingKeySpec, type TWrappingKeySpec } from './wrapping';

// RSA key generation costs ~0.3 s (2048) to several seconds (4096) of CPU. Import parameters hand out a
// fresh pair per request, so pairs are generated ahead of time on libuv's thread pool and a request only
// takes one. Private keys stay in memory here; the caller seals them before storing anything.

export interface TWrappingKeyPair {
  publicKeyDer: Buffer; // SubjectPublicKeyInfo
  privateKeyPkcs8Der: Buffer; // the taker owns it and zeroes it once sealed
}

export type TGenerateWrappingKeyPair = (options: { modulusLength: number }) => Promise<TWrappingKeyPair>;

export interface TKeyPairPoolOptions {
  /** Pairs kept ready per spec (0–32); the caller reads these from its configuration. */
  sizes?: Partial<Record<TWrappingKeySpec, number>>;
  generate?: TGenerateWrappingKeyPair;
  /** Delay before refilling again after a failed generation. */
  retryDelayMs?: number;
  /** Takes that may wait per spec while none is ready; more are refused (THROTTLED). Default 8. */
  maxWaiters?: number;
}

export interface TKeyPairPoolStats {
  ready: number;
  target: number;
  waiting: number;
  generating: boolean;
}

export interface KeyPairPool {
  /**
   * A pair nobody else ever gets; waits for a fresh generation when none is ready. Starts a refill. With
   * maxWaiters takes already waiting for that spec, refuses at once with THROTTLED.
   */
  take(spec: TWrappingKeySpec): Promise<TWrappingKeyPair>;
  /** Fills every spec to its size (nothing is generated before the first warm() or take()). */
  warm(): Promise<void>;
  /** Drops and zeroes ready pairs, fails waiting takes, clears timers; resolves once nothing is generating. */
  stop(): Promise<void>;
  stats(): Record<TWrappingKeySpec, TKeyPairPoolStats>;
}

export const DEFAULT_KEY_PAIR_POOL_SIZE = 2;
/**
 * Generations run one at a time per spec (seconds each for RSA_4096), so each waiter waits for all those
 * before it: past a few, a caller would wait minutes, and the queue would let one client book unbounded
 * work. ThrottlingException is what AWS answers for request-rate problems, and what SDKs retry with back-off.
 */
export const DEFAULT_MAX_KEY_PAIR_WAITERS = 8;
const MAX_POOL_SIZE = 32;

export function generateWrappingKeyPair(options: { modulusLength: number }): Promise<TWrappingKeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength: options.modulusLength,
        publicExponent: 0x10001,
        publicKeyEncoding: { type: 'spki', format: 'der' },
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
      },
      (error, publicKeyDer, privateKeyPkcs8Der) =>
        error ? reject(error) : resolve({ publicKeyDer, privateKeyPkcs8Der }),
    );
  });
}

interface TSlot {
  target: number;
  ready: TWrappingKeyPair[];
  waiters: { resolve: (pair: TWrappingKeyPair) => void; reject: (error: unknown) => void }[];
  whenFull: { resolve: () => void; reject: (error: unknown) => void }[];
  inFlight: Promise<void> | null;
  retryTimer: NodeJS.Timeout | null;
}

function discard(pair: TWrappingKeyPair): void {
  pair.privateKeyPkcs8Der.fill(0);
}

export function createKeyPairPool(options: TKeyPairPoolOptions = {}): KeyPairPool {
  const generate = options.generate ?? generateWrappingKeyPair;
  const retryDelayMs = options.retryDelayMs ?? 5_000;
  const maxWaiters = options.maxWaiters ?? DEFAULT_MAX_KEY_PAIR_WAITERS;
  let stopped = false;
  const slots = {} as Record<TWrappingKeySpec, TSlot>;
  for (const spec of WRAPPING_KEY_SPECS) {
    const target = options.sizes?.[spec] ?? DEFAULT_KEY_PAIR_POOL_SIZE;
    if (!Number.isInteger(target) || target < 0 || target > MAX_POOL_SIZE) {
      throw new RangeError(`Key pair pool size for ${spec} must be an integer from 0 to ${MAX_POOL_SIZE}`);
    }
    slots[spec] = { target, ready: [], waiters: [], whenFull: [], inFlight: null, retryTimer: null };
  }

  function settleWhenFull(slot: TSlot): void {
    if (stopped || slot.ready.length >= slot.target) slot.whenFull.splice(0).forEach((waiter) => waiter.resolve());
  }

  // One generation per spec at a time: a burst of takes must not queue dozens of multi-second jobs on
  // libuv's four-thread pool, which file I/O and DNS share (and the target machine has two cores).
  function refill(spec: TWrappingKeySpec): void {
    const slot = slots[spec];
    settleWhenFull(slot);
    if (stopped || slot.inFlight || slot.retryTimer) return;
    if (slot.waiters.length === 0 && slot.ready.length >= slot.target) return;
    const generated = new Promise<TWrappingKeyPair>((resolve) => resolve(generate({ modulusLength: WRAPPING_KEY_MODULUS_BITS[spec] })));
    slot.inFlight = generated.then(
      (pair) => {
        slot.inFlight = null;
        if (stopped) return discard(pair);
        const waiter = slot.waiters.shift();
        if (waiter) waiter.resolve(pair);
        else slot.ready.push(pair);
        refill(spec);
      },
      (error: unknown) => {
        slot.inFlight = null;
        // Whoever is waiting now gets the failure rather than an unbounded wait; the pool retries later.
        slot.waiters.splice(0).forEach((waiter) => waiter.reject(error));
        slot.whenFull.splice(0).forEach((waiter) => waiter.reject(error));
        if (stopped) return;
        slot.retryTimer = setTimeout(() => {
          slot.retryTimer = null;
          refill(spec);
        }, retryDelayMs);
        slot.retryTimer.unref();
      },
    );
  }

  return {
    async take(spec) {
      const slot = slots[parseWrappingKeySpec(spec)];
      if (stopped) throw new Error('The key pair pool has been stopped');
      if (slot.ready.length === 0 && slot.waiters.length >= maxWaiters) {
        throw new KmsError(
          'THROTTLED',
          `Too many requests are already waiting for a new ${spec} wrapping key pair (at most ${maxWaiters}). Try again in a few seconds.`,
        );
      }
      const pair = slot.ready.shift();
      const taken = pair
        ? Promise.resolve(pair)
        : new Promise<TWrappingKeyPair>((resolve, reject) => slot.waiters.push({ resolve, reject }));
      if (!pair && slot.retryTimer) {
        // Someone is waiting: try again now instead of after the back-off.
        clearTimeout(slot.retryTimer);
        slot.retryTimer = null;
      }
      refill(spec);
      return taken;
    },

    async warm() {
      await Promise.all(
        WRAPPING_KEY_SPECS.map((spec) => {
          const full = new Promise<void>((resolve, reject) => slots[spec].whenFull.push({ resolve, reject }));
          refill(spec);
          return full;
        }),
      );
    },

    async stop() {
      stopped = true;
      const pending: Promise<void>[] = [];
      for (const slot of Object.values(slots)) {
        if (slot.retryTimer) clearTimeout(slot.retryTimer);
        slot.retryTimer = null;
        slot.ready.splice(0).forEach(discard);
        slot.waiters.splice(0).forEach((waiter) => waiter.reject(new Error('The key pair pool has been stopped')));
        settleWhenFull(slot);
        if (slot.inFlight) pending.push(slot.inFlight);
      }
      // A generation already on the thread pool cannot be cancelled; its pair is zeroed when it lands.
      await Promise.all(pending);
    },

    stats() {
      const result = {} as Record<TWrappingKeySpec, TKeyPairPoolStats>;
      for (const spec of WRAPPING_KEY_SPECS) {
        const slot = slots[spec];
        result[spec] = {
          ready: slot.ready.length,
          target: slot.target,
          waiting: slot.waiters.length,
          generating: slot.inFlight !== null,
        };
      }
      return result;
    },
  };
}

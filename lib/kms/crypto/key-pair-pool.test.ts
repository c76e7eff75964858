import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyPairPool, type KeyPairPool, type TGenerateWrappingKeyPair, type TWrappingKeyPair } from './key-pair-pool';
import { unwrapKeyMaterial } from './wrapping';

const NONE = { RSA_2048: 0, RSA_3072: 0, RSA_4096: 0 };

/** A generator the test completes by hand, recording what it was asked for and what it handed over. */
function manualGenerator() {
  type TCall = { modulusLength: number; done: boolean; resolve: () => void; reject: (error: Error) => void };
  const calls: TCall[] = [];
  const produced: TWrappingKeyPair[] = [];
  let serial = 0;
  const generate: TGenerateWrappingKeyPair = ({ modulusLength }) =>
    new Promise((resolve, reject) => {
      const id = serial++;
      const pair = { publicKeyDer: Buffer.from(`public-${modulusLength}-${id}`), privateKeyPkcs8Der: randomBytes(16) };
      calls.push({ modulusLength, done: false, resolve: () => (produced.push(pair), resolve(pair)), reject });
    });
  // Completes the oldest unfinished generation for that size.
  const finish = async (modulusLength: number) => {
    const call = calls.find((c) => c.modulusLength === modulusLength && !c.done);
    if (!call) throw new Error(`no generation in flight for ${modulusLength}`);
    call.done = true;
    call.resolve();
    await flush();
  };
  const fail = (index: number, message: string) => {
    calls[index]!.done = true;
    calls[index]!.reject(new Error(message));
  };
  return { generate, calls, produced, finish, fail };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A generator that answers on its own after a tick, like the real one, with unique pairs. */
function autoGenerator() {
  let serial = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const generate: TGenerateWrappingKeyPair = async ({ modulusLength }) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await flush();
    inFlight -= 1;
    return { publicKeyDer: Buffer.from(`public-${modulusLength}-${serial++}`), privateKeyPkcs8Der: randomBytes(16) };
  };
  return { generate, maxInFlight: () => maxInFlight, count: () => serial };
}

let pool: KeyPairPool | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await pool?.stop();
  pool = undefined;
});

describe('key pair pool', () => {
  it('hands every pair out exactly once, also to concurrent takes beyond the pool size', async () => {
    const gen = autoGenerator();
    pool = createKeyPairPool({ sizes: { ...NONE, RSA_2048: 2 }, generate: gen.generate });
    await pool.warm();
    const pairs = await Promise.all(Array.from({ length: 7 }, () => pool!.take('RSA_2048')));
    const ids = pairs.map((pair) => pair.publicKeyDer.toString());
    expect(new Set(ids).size).toBe(7);
    expect(ids.every((id) => id.startsWith('public-2048-'))).toBe(true);
    const next = await pool.take('RSA_2048');
    expect(ids).not.toContain(next.publicKeyDer.toString());
  });

  it('makes an empty pool wait for a fresh generation instead of failing', async () => {
    const gen = manualGenerator();
    pool = createKeyPairPool({ sizes: NONE, generate: gen.generate });
    let taken: TWrappingKeyPair | undefined;
    void pool.take('RSA_4096').then((pair) => (taken = pair));
    await flush();
    expect(taken).toBeUndefined();
    expect(pool.stats().RSA_4096).toEqual({ ready: 0, target: 0, waiting: 1, generating: true });
    await gen.finish(4096);
    expect(taken).toBe(gen.produced[0]);
    expect(pool.stats().RSA_4096).toEqual({ ready: 0, target: 0, waiting: 0, generating: false });
  });

  it('starts refilling when a pair is taken, back up to the pool size', async () => {
    const gen = manualGenerator();
    pool = createKeyPairPool({ sizes: { ...NONE, RSA_3072: 2 }, generate: gen.generate });
    expect(gen.calls).toHaveLength(0);
    const warmed = pool.warm();
    await gen.finish(3072);
    await gen.finish(3072);
    await warmed;
    expect(pool.stats().RSA_3072).toMatchObject({ ready: 2, generating: false });
    expect(await pool.take('RSA_3072')).toBe(gen.produced[0]);
    expect(pool.stats().RSA_3072).toMatchObject({ ready: 1, generating: true });
    await gen.finish(3072);
    expect(pool.stats().RSA_3072).toMatchObject({ ready: 2, generating: false });
    expect(gen.calls).toHaveLength(3);
  });

  it('runs at most one generation per spec at a time, however many takes wait', async () => {
    const gen = autoGenerator();
    pool = createKeyPairPool({ sizes: NONE, generate: gen.generate });
    const pairs = await Promise.all(Array.from({ length: 5 }, () => pool!.take('RSA_2048')));
    expect(new Set(pairs.map((pair) => pair.publicKeyDer.toString())).size).toBe(5);
    expect(gen.maxInFlight()).toBe(1);
    expect(gen.count()).toBe(5);
  });

  it('refuses takes beyond maxWaiters for an empty spec with THROTTLED, queueing no generation for them', async () => {
    const generator = manualGenerator();
    pool = createKeyPairPool({ sizes: NONE, generate: generator.generate, maxWaiters: 2 });
    const waiting = [pool.take('RSA_4096'), pool.take('RSA_4096')];
    await expect(pool.take('RSA_4096')).rejects.toMatchObject({ code: 'THROTTLED', message: expect.stringContaining('RSA_4096') });
    expect(pool.stats().RSA_4096).toMatchObject({ waiting: 2, generating: true });
    // Another spec has its own waiters.
    const other = pool.take('RSA_2048');
    await generator.finish(4096);
    expect(pool.stats().RSA_4096.waiting).toBe(1);
    // A waiter served makes room for one more.
    const third = pool.take('RSA_4096');
    await generator.finish(4096);
    await generator.finish(4096);
    await generator.finish(2048);
    const pairs = await Promise.all([...waiting, third, other]);
    expect(new Set(pairs.map((pair) => pair.publicKeyDer.toString())).size).toBe(4);
    expect(generator.calls.filter((call) => call.modulusLength === 4096)).toHaveLength(3);
  });

  it('lets 8 takes wait by default and refuses the 9th', async () => {
    const generator = manualGenerator();
    pool = createKeyPairPool({ sizes: NONE, generate: generator.generate });
    const waiting = Array.from({ length: 8 }, () => pool!.take('RSA_3072'));
    await expect(pool.take('RSA_3072')).rejects.toMatchObject({ code: 'THROTTLED' });
    for (let i = 0; i < 8; i++) await generator.finish(3072);
    expect(await Promise.all(waiting)).toHaveLength(8);
  });

  it('fails a waiting take when generation fails, and retries at once for the next take', async () => {
    const gen = manualGenerator();
    pool = createKeyPairPool({ sizes: NONE, generate: gen.generate, retryDelayMs: 60_000 });
    const first = pool.take('RSA_2048');
    gen.fail(0, 'out of entropy');
    await expect(first).rejects.toThrow('out of entropy');
    const second = pool.take('RSA_2048');
    await flush();
    await gen.finish(2048);
    await expect(second).resolves.toBe(gen.produced[0]);
  });

  it('stop zeroes ready private keys, fails waiting takes and leaves no timer or generation behind', async () => {
    // The back-off timer is unref'd (invisible to getActiveResourcesInfo), so count it with fake timers.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const gen = manualGenerator();
    pool = createKeyPairPool({ sizes: { ...NONE, RSA_2048: 1, RSA_3072: 1 }, generate: gen.generate, retryDelayMs: 60_000 });
    const warmed = pool.warm();
    await gen.finish(2048);
    await gen.finish(3072);
    await warmed;
    const [taken, ready] = [await pool.take('RSA_2048'), gen.produced[1]!];
    gen.fail(2, 'boom'); // the refill after the take fails: a back-off timer is pending
    await flush();
    expect(vi.getTimerCount()).toBe(1);
    const waiting = pool.take('RSA_4096');
    await flush();
    const stopped = pool.stop();
    await expect(waiting).rejects.toThrow('stopped');
    expect(pool.stats().RSA_4096.generating).toBe(true);
    await gen.finish(4096); // lands after stop
    await stopped;
    expect(vi.getTimerCount()).toBe(0);
    expect(ready.privateKeyPkcs8Der.equals(Buffer.alloc(16))).toBe(true);
    expect(gen.produced[2]!.privateKeyPkcs8Der.equals(Buffer.alloc(16))).toBe(true);
    expect(taken.privateKeyPkcs8Der.equals(Buffer.alloc(16))).toBe(false); // handed out before stop: the taker's
    expect(Object.values(pool.stats()).every((s) => s.ready === 0 && !s.generating && s.waiting === 0)).toBe(true);
    await expect(pool.take('RSA_2048')).rejects.toThrow('stopped');
  });

  it('retries a failed refill after the back-off delay', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const gen = manualGenerator();
    pool = createKeyPairPool({ sizes: { ...NONE, RSA_2048: 1 }, generate: gen.generate, retryDelayMs: 1_000 });
    const warmed = pool.warm();
    gen.fail(0, 'boom');
    await expect(warmed).rejects.toThrow('boom');
    vi.advanceTimersByTime(999);
    expect(gen.calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(gen.calls).toHaveLength(2);
    await gen.finish(2048);
    expect(pool.stats().RSA_2048).toMatchObject({ ready: 1, generating: false });
  });

  it('refuses sizes that are not small non-negative integers and specs that do not exist', async () => {
    for (const size of [-1, 1.5, 33, Number.NaN]) {
      expect(() => createKeyPairPool({ sizes: { RSA_2048: size } })).toThrow(RangeError);
    }
    pool = createKeyPairPool({ sizes: NONE, generate: autoGenerator().generate });
    await expect(pool.take('RSA_1024' as 'RSA_2048')).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('key pair pool with real RSA generation', () => {
  it('generates RSA_4096 without blocking the event loop, then hands out a usable pair without generating again', async () => {
    pool = createKeyPairPool({ sizes: { ...NONE, RSA_4096: 1 } });
    const before = performance.eventLoopUtilization();
    await pool.warm();
    // Busy-time share of the event loop while the key was made: ~1 for a synchronous 4096-bit generation,
    // near 0 on the thread pool. Unlike wall-clock gaps, it does not rise when other test files load the CPU.
    expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.5);
    const pair = await pool.take('RSA_4096');
    // Speed of take() is measured in `npm run bench`, never here; what matters is that it drew on the
    // warm pool (the pair is the one generated by warm()) and a refill began for the next caller.
    expect(pool.stats().RSA_4096.generating).toBe(true);

    expect(createPublicKey({ key: pair.publicKeyDer, format: 'der', type: 'spki' }).asymmetricKeyDetails).toMatchObject({
      modulusLength: 4096,
      publicExponent: 65537n,
    });
    const material = randomBytes(32);
    const publicKey = createPublicKey({ key: pair.publicKeyDer, format: 'der', type: 'spki' });
    const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
    const out = unwrapKeyMaterial({ algorithm: 'RSAES_OAEP_SHA_256', privateKey: pair.privateKeyPkcs8Der, wrapped });
    expect(out.equals(material)).toBe(true);
  }, 60_000);
});

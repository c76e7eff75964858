import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KmsContext } from './context';
import { createKey } from './create-key';
import { decrypt } from './decrypt';
import { deleteAlias } from './delete-alias';
import { deleteKeyMaterial } from './delete-key-material';
import { disableKey } from './disable-key';
import { enableKey } from './enable-key';
import { encrypt } from './encrypt';
import { expireKeyMaterial } from './expire-key-material';
import { createLocalChangeFeed } from './change-feed';
import { createKeyCache, followChanges, keyCacheTtlFromEnv, type TKeySnapshot } from './key-cache';
import { SYSTEM_PRINCIPAL } from './principals';
import { cachedUsableKey } from './usable-key';
import { purgeDueKeys } from './purge-due-keys';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import type { InMemoryKeyStore } from './testing/in-memory-store';
import { codeOf, createTestContext, principal, seedImportedMaterial } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const user = principal('KEY_USER');
const TTL = 500;

afterEach(() => {
  vi.restoreAllMocks();
});

const materialIdOf = (id: Buffer) => ({ materialId: id, materialIdHex: id.toString('hex') });

function snapshot(id: string): TKeySnapshot {
  return { id, state: 'ENABLED', hasMaterial: true, materialExpiresAt: null, removal: null, ...materialIdOf(randomBytes(32)), material: randomBytes(32), otherVersions: null, hasVersion: true };
}

/** Buffers the cache copies for itself while `fn` runs (its private copies of material). */
function cacheCopiesDuring(fn: () => void): Buffer[] {
  const copies: Buffer[] = [];
  const from = Buffer.from.bind(Buffer);
  vi.spyOn(Buffer, 'from').mockImplementation(((...args: Parameters<typeof Buffer.from>) => {
    const copy = from(...(args as [Uint8Array]));
    copies.push(copy);
    return copy;
  }) as typeof Buffer.from);
  fn();
  vi.restoreAllMocks();
  return copies;
}

describe('createKeyCache', () => {
  it('uses an entry while 0 ≤ now − readAt < TTL; a clock gone backwards makes it stale', () => {
    const cache = createKeyCache({ ttlMs: TTL });
    const remember = () => {
      cache.rememberKey({ snapshot: snapshot('k'), readAt: 1_000, generation: cache.generation() });
      cache.rememberAlias({ alias: 'a', keyId: 'k', readAt: 1_000, generation: cache.generation() });
    };
    remember();
    expect(cache.key('k', 1_000 + TTL - 1)?.id).toBe('k');
    expect(cache.keyIdForAlias('a', 1_000 + TTL - 1)).toBe('k');
    expect(cache.key('k', 1_000 + TTL)).toBeUndefined();
    expect(cache.keyIdForAlias('a', 1_000 + TTL)).toBeUndefined();
    remember();
    expect(cache.key('k', 999)).toBeUndefined();
    expect(cache.keyIdForAlias('a', 999)).toBeUndefined();
  });

  it('counts key lookups answered from the cache as hits and the others as misses', () => {
    const cache = createKeyCache({ ttlMs: TTL });
    cache.key('k', 1_000);
    cache.rememberKey({ snapshot: snapshot('k'), readAt: 1_000, generation: cache.generation() });
    cache.key('k', 1_001);
    cache.key('k', 1_002);
    cache.key('k', 1_000 + TTL);
    expect(cache.stats()).toEqual({ hits: 2, misses: 2 });
  });

  it('hands out copies: callers zeroing theirs leave the cache intact, eviction zeroes only the cache’s own', () => {
    const cache = createKeyCache({ ttlMs: TTL });
    const original = snapshot('k');
    const expected = Buffer.from(original.material as Buffer);
    const [own] = cacheCopiesDuring(() => cache.rememberKey({ snapshot: original, readAt: 0, generation: 0 }));
    original.material?.fill(0);
    const handedOut = cache.key('k', 1)?.material as Buffer;
    expect(handedOut.equals(expected)).toBe(true);
    handedOut.fill(0);
    const inFlight = cache.key('k', 2)?.material as Buffer;
    expect(inFlight.equals(expected)).toBe(true);
    cache.invalidate('k');
    expect(own?.equals(Buffer.alloc(32))).toBe(true);
    expect(inFlight.equals(expected)).toBe(true);
  });

  it('invalidate drops the key and every alias resolving to it, nothing else', () => {
    const cache = createKeyCache({ ttlMs: TTL });
    for (const id of ['k1', 'k2']) cache.rememberKey({ snapshot: snapshot(id), readAt: 0, generation: 0 });
    for (const [alias, keyId] of [['a1', 'k1'], ['b1', 'k1'], ['a2', 'k2']] as const) cache.rememberAlias({ alias, keyId, readAt: 0, generation: 0 });
    cache.invalidate('k1');
    expect([cache.key('k1', 1), cache.keyIdForAlias('a1', 1), cache.keyIdForAlias('b1', 1)]).toEqual([undefined, undefined, undefined]);
    expect([cache.key('k2', 1)?.id, cache.keyIdForAlias('a2', 1)]).toEqual(['k2', 'k2']);
  });

  it('does not keep a read that started before an invalidation', () => {
    const cache = createKeyCache({ ttlMs: TTL });
    const before = cache.generation();
    cache.invalidate('k');
    cache.rememberKey({ snapshot: snapshot('k'), readAt: 0, generation: before });
    cache.rememberAlias({ alias: 'a', keyId: 'k', readAt: 0, generation: before });
    expect([cache.key('k', 1), cache.keyIdForAlias('a', 1)]).toEqual([undefined, undefined]);
  });

  it('stays within its size, evicting (and zeroing) the least recently read first', () => {
    const cache = createKeyCache({ ttlMs: TTL, maxKeys: 2 });
    const [first] = cacheCopiesDuring(() => cache.rememberKey({ snapshot: snapshot('k1'), readAt: 0, generation: 0 }));
    for (const id of ['k2', 'k3']) cache.rememberKey({ snapshot: snapshot(id), readAt: 0, generation: 0 });
    expect(['k1', 'k2', 'k3'].map((id) => cache.key(id, 1)?.id)).toEqual([undefined, 'k2', 'k3']);
    expect(first?.equals(Buffer.alloc(32))).toBe(true);
    for (const alias of ['a1', 'a2', 'a3']) cache.rememberAlias({ alias, keyId: 'k', readAt: 0, generation: 0 });
    expect(['a1', 'a2', 'a3'].map((alias) => cache.keyIdForAlias(alias, 1))).toEqual([undefined, 'k', 'k']);
  });

  it('clear forgets every key and alias, zeroing the material it held', () => {
    const cache = createKeyCache({ ttlMs: TTL });
    const kept = cacheCopiesDuring(() => {
      for (const id of ['k1', 'k2']) cache.rememberKey({ snapshot: snapshot(id), readAt: 1_000, generation: cache.generation() });
    });
    cache.rememberAlias({ alias: 'a', keyId: 'k1', readAt: 1_000, generation: cache.generation() });
    cache.clear();
    expect([cache.key('k1', 1_000), cache.key('k2', 1_000), cache.keyIdForAlias('a', 1_000)]).toEqual([undefined, undefined, undefined]);
    expect(kept.every((copy) => copy.every((byte) => byte === 0))).toBe(true);
  });

  it('keeps no refusal: a snapshot without opened material is not remembered', () => {
    const cache = createKeyCache({ ttlMs: TTL });
    cache.rememberKey({ snapshot: { ...snapshot('k'), state: 'DISABLED', material: null }, readAt: 1_000, generation: cache.generation() });
    expect(cache.key('k', 1_000)).toBeUndefined();
  });

  it('follows a change feed: a key change forgets that key, everything forgets all', () => {
    const cache = createKeyCache({ ttlMs: TTL });
    for (const id of ['k1', 'k2']) cache.rememberKey({ snapshot: snapshot(id), readAt: 1_000, generation: cache.generation() });
    followChanges(cache, { kind: 'key', id: 'k1' });
    followChanges(cache, { kind: 'access-key', id: 'k2' });
    followChanges(cache, { kind: 'people' });
    expect([cache.key('k1', 1_000)?.id, cache.key('k2', 1_000)?.id]).toEqual([undefined, 'k2']);
    followChanges(cache, { kind: 'everything' });
    expect(cache.key('k2', 1_000)).toBeUndefined();
  });

  it('refuses a TTL above 1000 ms or not a whole number; 0 caches nothing', () => {
    for (const ttlMs of [1001, -1, 1.5, Number.NaN]) expect(() => createKeyCache({ ttlMs })).toThrow(RangeError);
    const off = createKeyCache({ ttlMs: 0 });
    off.rememberKey({ snapshot: snapshot('k'), readAt: 0, generation: 0 });
    expect(off.key('k', 0)).toBeUndefined();
  });
});

describe('keyCacheTtlFromEnv', () => {
  it('defaults to 500 and accepts whole milliseconds from 0 to 1000', () => {
    expect(keyCacheTtlFromEnv({})).toBe(500);
    expect(keyCacheTtlFromEnv({ KEYFORT_KEY_CACHE_TTL_MS: ' ' })).toBe(500);
    expect(keyCacheTtlFromEnv({ KEYFORT_KEY_CACHE_TTL_MS: '0' })).toBe(0);
    expect(keyCacheTtlFromEnv({ KEYFORT_KEY_CACHE_TTL_MS: '1000' })).toBe(1000);
  });

  it.each(['1001', '-1', '1.5', '1e3', 'abc', '0x10'])('stops start-up for %s', (raw) => {
    expect(() => keyCacheTtlFromEnv({ KEYFORT_KEY_CACHE_TTL_MS: raw })).toThrow(/KEYFORT_KEY_CACHE_TTL_MS/);
  });
});

/** Records every store call made through the proxy; `holdReads` delays findKey results (read done, not yet returned). */
function countingStore(store: InMemoryKeyStore) {
  const calls: string[] = [];
  const control: { holdReads: Promise<void> | null } = { holdReads: null };
  const proxy = new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (prop !== 'findKey' || !control.holdReads) return result;
        const hold = control.holdReads;
        return (result as Promise<unknown>).then(async (read) => (await hold, read));
      };
    },
  });
  return { proxy, calls, control };
}

/** Two instances (own caches) over one store and clock; instance `a` counts its store calls. */
async function twoInstances() {
  const t = createTestContext();
  const counting = countingStore(t.store);
  const a: KmsContext = { ...t.ctx, store: counting.proxy, keyCache: createKeyCache({ ttlMs: TTL }) };
  const b: KmsContext = { ...t.ctx, keyCache: createKeyCache({ ttlMs: TTL }) };
  const { id: keyId } = await createKey(t.ctx, { actor: admin, alias: 'app', origin: 'KMS' });
  const use = (ctx: KmsContext, keyRef = 'alias/app') => encrypt(ctx, { actor: user, keyRef, plaintext: Buffer.from('x') });
  return { ...t, a, b, keyId, use, calls: counting.calls, control: counting.control };
}

describe('encrypt and decrypt through the key cache', () => {
  it('reads the store once per TTL: hits read nothing', async () => {
    const { a, clock, use, calls } = await twoInstances();
    const { ciphertextBlob } = await use(a);
    expect(calls).toEqual(['findKeyIdByAlias', 'findKey']);
    calls.length = 0;
    clock.advance({ ms: TTL - 1 });
    for (let i = 0; i < 5; i++) {
      await use(a);
      await decrypt(a, { actor: user, ciphertextBlob, keyRef: 'app' });
    }
    expect(calls).toEqual([]);
    clock.advance({ ms: 1 });
    await use(a);
    expect(calls).toEqual(['findKeyIdByAlias', 'findKey']);
  });

  it('answers a hit without a promise, with the checks of a read from the store, and leaves a miss to the store', async () => {
    const { a, keyId, use } = await twoInstances();
    expect(cachedUsableKey(a, { keyId, missing: 'NOT_FOUND' })).toBeUndefined();
    await use(a);
    const hit = cachedUsableKey(a, { keyId, missing: 'NOT_FOUND' });
    expect(hit).toMatchObject({ id: keyId, materialIdHex: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(hit!.material).toHaveLength(32);
    await disableKey(a, { actor: admin, keyId });
    await expect(use(a)).rejects.toMatchObject({ code: 'DISABLED' });
    // The refusal came from the store (refusals are never cached), and a hit would have refused alike.
    expect(cachedUsableKey(a, { keyId, missing: 'NOT_FOUND' })).toBeUndefined();
  });

  it('asks the cache once per use: a miss is counted once, then the store is read', async () => {
    const { a, keyId, use, calls } = await twoInstances();
    await use(a, keyId);
    expect(a.keyCache!.stats()).toEqual({ hits: 0, misses: 1 });
    expect(calls).toEqual(['findKey']);
    await use(a, keyId);
    expect(a.keyCache!.stats()).toEqual({ hits: 1, misses: 1 });
  });

  it('sees a change made through the same context at once', async () => {
    const { a, keyId, use } = await twoInstances();
    const { ciphertextBlob } = await use(a);
    await disableKey(a, { actor: admin, keyId });
    expect(await codeOf(use(a))).toBe('DISABLED');
    expect(await codeOf(decrypt(a, { actor: user, ciphertextBlob }))).toBe('DISABLED');
    await enableKey(a, { actor: admin, keyId });
    expect(await codeOf(use(a))).toBe('NO_ERROR');
    await deleteAlias(a, { actor: admin, alias: 'app' });
    expect(await codeOf(use(a))).toBe('NOT_FOUND');
  });

  it('sees a change made through another instance once its TTL has run, not before', async () => {
    const { a, b, keyId, clock, use } = await twoInstances();
    await use(a);
    await disableKey(b, { actor: admin, keyId });
    clock.advance({ ms: TTL - 1 });
    expect(await codeOf(use(a))).toBe('NO_ERROR');
    clock.advance({ ms: 1 });
    expect(await codeOf(use(a))).toBe('DISABLED');
    await enableKey(b, { actor: admin, keyId });
    await deleteAlias(b, { actor: admin, alias: 'app' });
    clock.advance({ ms: TTL });
    expect(await codeOf(use(a))).toBe('NOT_FOUND');
  });

  it('never answers a refusal from the cache: a key made usable through another instance is usable here at once', async () => {
    // No clock move anywhere here: every answer below comes before a's TTL could run out.
    const { a, b, keyId, use } = await twoInstances();
    await disableKey(b, { actor: admin, keyId });
    expect(await codeOf(use(a))).toBe('DISABLED');
    await enableKey(b, { actor: admin, keyId });
    expect(await codeOf(use(a))).toBe('NO_ERROR');
    const { id: byok } = await createKey(b, { actor: admin, origin: 'EXTERNAL' });
    expect(await codeOf(encrypt(a, { actor: user, keyRef: byok, plaintext: Buffer.from('x') }))).toBe('INVALID_STATE');
    await seedImportedMaterial({ ctx: b, keyId: byok, expiresAt: null });
    expect(await codeOf(encrypt(a, { actor: user, keyRef: byok, plaintext: Buffer.from('x') }))).toBe('NO_ERROR');
  });

  it('sees a change announced through a shared change feed at once, before its TTL', async () => {
    const { a, b, keyId, use } = await twoInstances();
    const feed = createLocalChangeFeed();
    const heard: string[] = [];
    feed.subscribe((change) => heard.push(change.kind));
    feed.subscribe((change) => followChanges(a.keyCache!, change));
    const bAnnouncing: KmsContext = { ...b, changes: feed };
    await use(a);
    await disableKey(bAnnouncing, { actor: admin, keyId });
    expect(await codeOf(use(a))).toBe('DISABLED');
    expect(heard).toEqual(['key']);
  });

  it('stops using material at its expiry instant, although the entry is fresh and no sweeper ran', async () => {
    const { a, clock, calls } = await twoInstances();
    const { id: keyId } = await createKey(a, { actor: admin, alias: 'byok', origin: 'EXTERNAL' });
    await seedImportedMaterial({ ctx: a, keyId, expiresAt: new Date(clock.now().getTime() + 1_000) });
    clock.advance({ ms: 999 });
    expect(await codeOf(encrypt(a, { actor: user, keyRef: keyId, plaintext: Buffer.from('x') }))).toBe('NO_ERROR');
    calls.length = 0;
    clock.advance({ ms: 1 });
    expect(await codeOf(encrypt(a, { actor: user, keyRef: keyId, plaintext: Buffer.from('x') }))).toBe('INVALID_STATE');
    expect(calls).toEqual(['insertAudit']); // decided from the cached entry: only the failure record was written
    const invalidate = vi.spyOn(a.keyCache!, 'invalidate');
    await expireKeyMaterial(a, { actor: SYSTEM_PRINCIPAL });
    expect(invalidate).toHaveBeenCalledWith(keyId);
  });

  it('does not cache a read that raced a change committed through the same context', async () => {
    const { a, keyId, use, control } = await twoInstances();
    let release = () => {};
    control.holdReads = new Promise((resolve) => (release = resolve));
    const racing = use(a, keyId);
    await new Promise((resolve) => setImmediate(resolve)); // the read happened: the key was still Enabled
    control.holdReads = null;
    await disableKey(a, { actor: admin, keyId });
    release();
    expect(await codeOf(racing)).toBe('NO_ERROR');
    expect(await codeOf(use(a, keyId))).toBe('DISABLED');
  });

  it('forgets purged keys and deleted material at once, and decrypts again after re-import of the same material', async () => {
    const { a, clock } = await twoInstances();
    const { id: keyId } = await createKey(a, { actor: admin, alias: 'byok', origin: 'EXTERNAL' });
    const { material } = await seedImportedMaterial({ ctx: a, keyId, expiresAt: null });
    const { ciphertextBlob } = await encrypt(a, { actor: user, keyRef: keyId, plaintext: Buffer.from('old') });
    await deleteKeyMaterial(a, { actor: admin, keyId });
    expect(await codeOf(decrypt(a, { actor: user, ciphertextBlob }))).toBe('INVALID_STATE');
    await seedImportedMaterial({ ctx: a, keyId, material, expiresAt: null });
    expect((await decrypt(a, { actor: user, ciphertextBlob })).plaintext).toEqual(Buffer.from('old'));
    await scheduleKeyDeletion(a, { actor: admin, keyId, pendingWindowInDays: 7 });
    clock.advance({ days: 7 });
    const invalidate = vi.spyOn(a.keyCache!, 'invalidate');
    await purgeDueKeys(a, { actor: SYSTEM_PRINCIPAL });
    expect(invalidate).toHaveBeenCalledWith(keyId);
    expect(await codeOf(decrypt(a, { actor: user, ciphertextBlob }))).toBe('CIPHERTEXT_INVALID');
  });
});

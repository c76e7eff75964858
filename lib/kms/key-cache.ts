import type { TChange } from './change-feed';
import type { KeyState, MaterialRemovalCause } from './types';

export const DEFAULT_KEY_CACHE_TTL_MS = 500;
/** The promise to operators: a change made through any instance holds on every instance within this. */
export const MAX_KEY_CACHE_TTL_MS = 1000;
export const DEFAULT_KEY_CACHE_MAX_KEYS = 10_000;

/** What the data plane needs of a key, as read from the store at one instant. */
export interface TKeySnapshot {
  id: string;
  /** Stored state; the effective state is decided at each use against the clock (usable-key.ts). */
  state: KeyState;
  hasMaterial: boolean;
  materialExpiresAt: number | null;
  /** Why the stored material went and when (ms), so refusals name the actual cause. */
  removal: { cause: MaterialRemovalCause; at: number } | null;
  /**
   * The material id's 32 raw bytes, or null before any material. Shared: never written to. From the cache,
   * the version asked for (the CURRENT one unless a decrypt names another).
   */
  materialId: Buffer | null;
  /** The same in hex, as stored and answered (KeyMaterialId): computed once per read, not per request. */
  materialIdHex: string | null;
  /** Opened material when the key was Enabled with usable material at the read; the receiver owns it. */
  material: Buffer | null;
  /**
   * Opened material of the key's other bound versions (SPEC §11), by material id in hex, read only when a
   * decrypt asked for one; null when not read. The receiver owns the buffers.
   */
  otherVersions: Map<string, Buffer> | null;
  /** False when the version asked for is not one of the key's (a decrypt of a blob naming unknown material). */
  hasVersion: boolean;
}

/**
 * Per-instance cache of alias → key ID and key ID → snapshot for encrypt, decrypt and data keys.
 * Times are the caller's clock in ms (ctx.clock), so tests drive it with the FakeClock.
 */
export interface KeyCache {
  /** Forgets the key (and aliases resolving to it). Called after every change committed through this instance. */
  invalidate(keyId: string): void;
  /** Forgets everything: changes may have been missed (a change feed lost its connection). */
  clear(): void;
  /** Taken before a store read and handed to remember…: a read older than an invalidation is not kept. */
  generation(): number;
  keyIdForAlias(alias: string, now: number): string | undefined;
  rememberAlias(options: { alias: string; keyId: string; readAt: number; generation: number }): void;
  /**
   * A hit returns a new snapshot whose material is a copy: the caller owns it and zeroes it after use.
   * `versionHex` asks for another version than the CURRENT one: a miss while the entry was read without its
   * other versions, or when it is not among them (it may be newer than the read), so the caller reads the store.
   */
  key(keyId: string, now: number, versionHex?: string): TKeySnapshot | undefined;
  /**
   * Keeps its own copy of the material; the snapshot passed in stays the caller's. Only a snapshot whose
   * material was opened (usable at the read) is kept: a refusal is never answered from the cache, so a key
   * made usable elsewhere (import, enable, cancelled deletion) is usable here at the next request, however
   * late the notification. Only the other direction (disable, delete, revoke) waits for it or for the TTL.
   */
  rememberKey(options: { snapshot: TKeySnapshot; readAt: number; generation: number }): void;
  /** How many `key` lookups the cache answered and how many went to the store, since it was created (metrics). */
  stats(): TCacheLookupStats;
}

export interface TCacheLookupStats {
  hits: number;
  misses: number;
}

interface Entry<T> {
  value: T;
  readAt: number;
}

export interface TCreateKeyCacheOptions {
  ttlMs?: number;
  maxKeys?: number;
}

/**
 * TTL semantics: an entry is used while 0 ≤ now − readAt < ttlMs, readAt being the clock just BEFORE the
 * store read, so anything committed elsewhere is seen by every instance within ttlMs of its commit. A clock
 * that went backwards makes entries stale, never fresher. Material expiry is not cached: callers compare
 * materialExpiresAt with the clock at every use, so expiry takes effect at its instant.
 *
 * Zeroing: the cache's material buffers never leave it (hits hand out copies), so eviction (invalidate,
 * staleness, replacement, size cap) zeroes them at once without touching a buffer an in-flight request holds.
 */
export function createKeyCache(options: TCreateKeyCacheOptions = {}): KeyCache {
  const ttlMs = options.ttlMs ?? DEFAULT_KEY_CACHE_TTL_MS;
  const maxKeys = options.maxKeys ?? DEFAULT_KEY_CACHE_MAX_KEYS;
  if (!Number.isInteger(ttlMs) || ttlMs < 0 || ttlMs > MAX_KEY_CACHE_TTL_MS) {
    throw new RangeError(`The key cache TTL must be a whole number of ms from 0 to ${MAX_KEY_CACHE_TTL_MS}`);
  }
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('The key cache size must be a positive whole number');

  // Maps iterate in insertion order and entries are re-inserted on every refill, so the first entry is
  // the least recently read: evicting it keeps the cache bounded without bookkeeping on hits.
  const keys = new Map<string, Entry<TKeySnapshot>>();
  const aliases = new Map<string, Entry<string>>();
  let generation = 0;

  const fresh = (entry: Entry<unknown>, now: number) => now >= entry.readAt && now - entry.readAt < ttlMs;

  const dropKey = (keyId: string) => {
    const entry = keys.get(keyId);
    entry?.value.material?.fill(0);
    for (const material of entry?.value.otherVersions?.values() ?? []) material.fill(0);
    keys.delete(keyId);
  };

  const copyVersions = (versions: Map<string, Buffer> | null) =>
    versions && new Map([...versions].map(([id, material]) => [id, Buffer.from(material)]));

  const boundSize = <T>(map: Map<string, T>, drop: (id: string) => void) => {
    for (const id of map.keys()) {
      if (map.size < maxKeys) return;
      drop(id);
    }
  };

  const cache: Omit<KeyCache, 'stats'> = {
    invalidate(keyId) {
      generation += 1;
      dropKey(keyId);
      for (const [alias, entry] of aliases) if (entry.value === keyId) aliases.delete(alias);
    },
    clear() {
      generation += 1;
      for (const keyId of [...keys.keys()]) dropKey(keyId);
      aliases.clear();
    },
    generation: () => generation,
    keyIdForAlias(alias, now) {
      const entry = aliases.get(alias);
      if (!entry) return undefined;
      if (fresh(entry, now)) return entry.value;
      aliases.delete(alias);
      return undefined;
    },
    rememberAlias({ alias, keyId, readAt, generation: readGeneration }) {
      if (ttlMs === 0 || readGeneration !== generation) return;
      aliases.delete(alias);
      boundSize(aliases, (id) => aliases.delete(id));
      aliases.set(alias, { value: keyId, readAt });
    },
    key(keyId, now, versionHex) {
      const entry = keys.get(keyId);
      if (!entry) return undefined;
      if (!fresh(entry, now)) {
        dropKey(keyId);
        return undefined;
      }
      const { material, materialIdHex, otherVersions } = entry.value;
      if (versionHex === undefined || materialIdHex === null || materialIdHex === versionHex) {
        return { ...entry.value, material: material && Buffer.from(material), otherVersions: null };
      }
      // A version this entry does not know may be newer than its read (a rotation on another instance): only
      // the store can say it is none of the key's, so that is a miss, never a refusal from the cache.
      const other = otherVersions?.get(versionHex);
      if (other === undefined) return undefined;
      const chosen = { materialId: Buffer.from(versionHex, 'hex'), materialIdHex: versionHex, material: Buffer.from(other) };
      return { ...entry.value, ...chosen, otherVersions: null, hasVersion: true };
    },
    rememberKey({ snapshot, readAt, generation: readGeneration }) {
      if (ttlMs === 0 || readGeneration !== generation) return;
      dropKey(snapshot.id);
      if (snapshot.material === null) return;
      boundSize(keys, dropKey);
      const value = { ...snapshot, material: snapshot.material && Buffer.from(snapshot.material), otherVersions: copyVersions(snapshot.otherVersions) };
      keys.set(snapshot.id, { value, readAt });
    },
  };

  const counts: TCacheLookupStats = { hits: 0, misses: 0 };
  return {
    ...cache,
    key(keyId, now, versionHex) {
      const found = cache.key(keyId, now, versionHex);
      if (found) counts.hits += 1;
      else counts.misses += 1;
      return found;
    },
    stats: () => ({ ...counts }),
  };
}

/** Keeps a key cache in step with a change feed (change-feed.ts): the kinds it holds, and everything. */
export function followChanges(cache: KeyCache, change: TChange): void {
  if (change.kind === 'key') cache.invalidate(change.id);
  else if (change.kind === 'everything') cache.clear();
}

/** KEYFORT_KEY_CACHE_TTL_MS: whole ms, 0 (no caching) to 1000, default 500. Anything else stops start-up. */
export function keyCacheTtlFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.KEYFORT_KEY_CACHE_TTL_MS?.trim();
  if (!raw) return DEFAULT_KEY_CACHE_TTL_MS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > MAX_KEY_CACHE_TTL_MS) {
    throw new Error(`KEYFORT_KEY_CACHE_TTL_MS must be a whole number of milliseconds from 0 to ${MAX_KEY_CACHE_TTL_MS}, got "${raw}".`);
  }
  return value;
}

import { apiRequestSource, auditedUserAgent, resolveAccessKey, type KmsContext } from '@/lib/kms';
import { singleHeader, type AwsApiRequest } from './protocol';
import type { Principal } from '@/lib/kms/types';

// In-process memory for the authentication hot path: a credential lookup per request would put a database
// read (and an unsealing) in front of every Encrypt. Bounds are stated in the README.

/** What a verified signature needs, and who the request then acts as. */
export interface TApiCredential {
  principal: Principal;
  secretAccessKey: string;
}

export type TResolveCredential = (accessKeyId: string) => Promise<TApiCredential | null>;

/** Revocation takes effect within this (plus one lookup's duration): the README promises ≤ 1 s. */
export const CREDENTIAL_TTL_MS = 500;
const MAX_ENTRIES = 10_000;

interface TEntry {
  value: Promise<TApiCredential | null>;
  /** The lookup's result once it is in: read synchronously, sparing the hot path an await. */
  settled?: TApiCredential | null;
  expiresAt: number;
}

/**
 * Caches lookups, unknown keys included, for `ttlMs` counted from when the lookup started, so a revocation
 * committed at any moment is seen by lookups started ttlMs later. Concurrent requests for one key share a
 * lookup. A failed lookup is not cached.
 */
export function createCredentialCache(options: { resolve: TResolveCredential; ttlMs?: number; now?: () => number }) {
  const ttlMs = options.ttlMs ?? CREDENTIAL_TTL_MS;
  if (ttlMs > CREDENTIAL_TTL_MS) throw new RangeError(`Credential cache TTL must be at most ${CREDENTIAL_TTL_MS} ms`);
  const now = options.now ?? Date.now;
  const entries = new Map<string, TEntry>();
  // For metrics: a lookup answered without asking the store (a settled or shared one) is a hit.
  const counts = { hits: 0, misses: 0 };

  return {
    /**
     * Forgets one access key (created or revoked elsewhere), or all (`null`: an owner's role or status
     * changed, or changes may have been missed). A lookup in flight finishes for its waiters but is not kept.
     */
    forget(accessKeyId: string | null): void {
      if (accessKeyId === null) entries.clear();
      else entries.delete(accessKeyId);
    },
    /** A fresh, settled entry without waiting; undefined when the caller must `get`. */
    peek(accessKeyId: string): TApiCredential | null | undefined {
      const entry = entries.get(accessKeyId);
      const settled = entry && entry.expiresAt > now() ? entry.settled : undefined;
      if (settled !== undefined) counts.hits += 1;
      return settled;
    },
    get(accessKeyId: string): Promise<TApiCredential | null> {
      const at = now();
      const entry = entries.get(accessKeyId);
      if (entry && entry.expiresAt > at) {
        counts.hits += 1;
        return entry.value;
      }
      counts.misses += 1;
      if (entry) entries.delete(accessKeyId);
      if (entries.size >= MAX_ENTRIES) {
        // Insertion order: drop the oldest; a flood of made-up IDs must not grow memory without bound.
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      const value = options.resolve(accessKeyId);
      const fresh: TEntry = { value, expiresAt: at + ttlMs };
      entries.set(accessKeyId, fresh);
      value.then(
        (result) => {
          if (entries.get(accessKeyId) === fresh) fresh.settled = result;
        },
        () => {
          if (entries.get(accessKeyId) === fresh) entries.delete(accessKeyId);
        },
      );
      return value;
    },
    stats: () => ({ ...counts }),
  };
}

/**
 * Allows one event per key per interval (per process): last-use recording and failed-authentication
 * audits both use it so that neither a busy client nor a flood of bad requests costs a write per request.
 * `maxKeys` bounds memory; past it, keys not seen in an interval are forgotten first, and if all are
 * recent, the event is refused (a flood of distinct keys gets no writes rather than unbounded ones).
 */
export function createPerKeyThrottle(options: { intervalMs: number; maxKeys?: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const last = new Map<string, number>();

  return {
    /** True when the caller may act now (and records that it did). */
    take(key: string): boolean {
      const at = now();
      const previous = last.get(key);
      if (previous !== undefined && at - previous < options.intervalMs) return false;
      if (previous === undefined && last.size >= maxKeys) {
        for (const [seen, when] of last) if (at - when >= options.intervalMs) last.delete(seen);
        if (last.size >= maxKeys) return false;
      }
      last.delete(key);
      last.set(key, at);
      return true;
    },
  };
}

/**
 * The credential cache's source for both APIs: the access key's owner and secret from the domain. The signers
 * take the secret as a string; the buffer it came in is zeroed, not kept.
 */
export function resolveApiCredential(ctx: KmsContext): TResolveCredential {
  return async (accessKeyId) => {
    const resolved = await resolveAccessKey(ctx, { accessKeyId });
    if (!resolved) return null;
    const secretAccessKey = resolved.secret.toString('utf8');
    resolved.secret.fill(0);
    return { principal: resolved.principal, secretAccessKey };
  };
}

/**
 * The actor of an authenticated request: the access key owner's principal plus the request's source (which
 * API, address, user agent, access key ID). The last one made from each credential is kept: a client keeps
 * calling from one address with one user agent, so it is the same object request after request instead of
 * per-request garbage. Frozen, as it is shared; keyed by the credential object, so a re-resolved credential
 * (the cache's TTL, a changed owner) gets a fresh one.
 */
export function createApiActors(via: 'aws-api' | 'huawei-api') {
  const actors = new WeakMap<TApiCredential, Readonly<Principal>>();
  return function actorFor(credential: TApiCredential, request: AwsApiRequest, accessKeyId: string): Readonly<Principal> {
    const address = request.clientAddress ?? null;
    const userAgent = singleHeader(request.headers, 'user-agent');
    const kept = actors.get(credential);
    const source = kept?.source;
    if (kept && source && source.address === address && source.userAgent === auditedUserAgent(userAgent) && source.accessKeyId === accessKeyId) return kept;
    const actor = Object.freeze({ ...credential.principal, source: Object.freeze(apiRequestSource({ via, address, userAgent, accessKeyId })) });
    actors.set(credential, actor);
    return actor;
  };
}

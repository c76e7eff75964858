import { expiryWindowMs, type ExpiryWindow } from './expiry-urgency';
import { hasUsableMaterial } from './key-view';
import type { KeySort } from './store';
import type { KeyRecord } from './types';

/*
 * The keys list's order and expiry window as rules on records: the definition the SQL in lib/db implements
 * (and the in-memory store and the store's tests follow).
 */

const byId = (a: KeyRecord, b: KeyRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const created = (a: KeyRecord, b: KeyRecord) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b);

/**
 * createdAt: by creation, ties by key ID. expiresAt:asc: keys with a stored expiry first, soonest first (so
 * material past its instant and not yet swept leads), ties by key ID; then keys without one, newest first.
 */
export function compareKeysForList(sort: KeySort): (a: KeyRecord, b: KeyRecord) => number {
  if (sort === 'createdAt:asc') return created;
  if (sort === 'createdAt:desc') return (a, b) => created(b, a);
  return (a, b) => {
    const ea = a.materialExpiresAt?.getTime() ?? null;
    const eb = b.materialExpiresAt?.getTime() ?? null;
    if (ea !== null && eb !== null) return ea - eb || byId(a, b);
    if (ea !== null || eb !== null) return ea !== null ? -1 : 1;
    return created(b, a);
  };
}

/** Material still held whose expiry lies after now and less than the window away. */
export function expiresWithin(key: KeyRecord, window: ExpiryWindow, now: Date): boolean {
  if (key.materialExpiresAt === null || !hasUsableMaterial(key, now)) return false;
  return key.materialExpiresAt.getTime() - now.getTime() < expiryWindowMs(window);
}

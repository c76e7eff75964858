import type { TChange, TPublishedChange } from '@/lib/kms';

// One short line per change, the same over IPC and PostgreSQL NOTIFY (whose payloads are text under 8000
// bytes): `k:<key id>`, `a:<access key id>`, `p`. IDs are Keyfort's own (UUIDs, access key IDs), never input.
const ID = /^[A-Za-z0-9-]{1,64}$/;

export function encodeChange(change: TPublishedChange): string {
  if (change.kind === 'key') return `k:${change.id}`;
  if (change.kind === 'access-key') return `a:${change.id}`;
  return 'p';
}

/** Null for anything else: a peer of another version, or garbage, must not reach the caches as a change. */
export function decodeChange(line: unknown): TChange | null {
  if (typeof line !== 'string') return null;
  if (line === 'p') return { kind: 'people' };
  const id = line.slice(2);
  if (!ID.test(id)) return null;
  if (line.startsWith('k:')) return { kind: 'key', id };
  if (line.startsWith('a:')) return { kind: 'access-key', id };
  return null;
}

// What the database really holds about keys, read beside Keyfort, and the invariant every committed change
// keeps: a key's material columns are the summary of its versions (lib/kms/material-summary.ts) and its
// state matches its material. A change cut off half-way (a process killed mid-transaction) would break it.
import { summarizeVersions } from '@/lib/kms';
import type { MaterialVersionRecord } from '@/lib/kms/types';
import type { Cluster } from './cluster';

interface TKeyRow {
  id: string;
  state: string;
  origin: string;
  materialCiphertext: Buffer | null;
  materialId: string | null;
  materialImportedAt: Date | null;
  materialExpiresAt: Date | null;
  materialRemovedReason: string | null;
  materialRemovedAt: Date | null;
}

const time = (value: Date | null | undefined) => value?.getTime() ?? null;
const hex = (value: Uint8Array | null | undefined) => (value ? Buffer.from(value).toString('hex') : null);

/** Every way the stored key `id` breaks the invariant; empty when it holds. */
export async function invariantBreaches(cluster: Cluster, keyIds: readonly string[]): Promise<string[]> {
  const keys = await cluster.sql<TKeyRow>(
    `SELECT id, state, origin, "materialCiphertext", "materialId", "materialImportedAt", "materialExpiresAt", "materialRemovedReason", "materialRemovedAt"
       FROM "Key" WHERE id = ANY($1)`,
    [keyIds],
  );
  const versions = await cluster.sql<MaterialVersionRecord>(`SELECT * FROM "KeyMaterial" WHERE "keyId" = ANY($1) ORDER BY sequence`, [keyIds]);
  const breaches: string[] = [];
  for (const id of keyIds) if (!keys.some((key) => key.id === id)) breaches.push(`${id}: no Key row`);
  for (const key of keys) {
    const own = versions.filter((version) => version.keyId === key.id);
    const current = own.filter((version) => version.state === 'CURRENT');
    if (own.length > 0 && current.length !== 1) breaches.push(`${key.id}: ${current.length} CURRENT versions`);
    const summary = summarizeVersions(own);
    const expected = {
      materialId: summary.materialId ?? null,
      materialCiphertext: hex(summary.materialCiphertext),
      materialImportedAt: time(summary.materialImportedAt),
      materialExpiresAt: time(summary.materialExpiresAt),
      materialRemovedReason: summary.materialRemovedReason,
      materialRemovedAt: time(summary.materialRemovedAt),
    };
    const stored = {
      materialId: key.materialId,
      materialCiphertext: hex(key.materialCiphertext),
      materialImportedAt: time(key.materialImportedAt),
      materialExpiresAt: time(key.materialExpiresAt),
      materialRemovedReason: key.materialRemovedReason,
      materialRemovedAt: time(key.materialRemovedAt),
    };
    for (const column of Object.keys(expected) as (keyof typeof expected)[]) {
      if (expected[column] !== stored[column]) breaches.push(`${key.id}: Key.${column} is not the summary of its versions`);
    }
    const usable = key.materialCiphertext !== null;
    if ((key.state === 'ENABLED' || key.state === 'DISABLED') && !usable) breaches.push(`${key.id}: ${key.state} without material`);
    if (key.state === 'PENDING_IMPORT' && usable) breaches.push(`${key.id}: PENDING_IMPORT with material`);
  }
  return breaches;
}

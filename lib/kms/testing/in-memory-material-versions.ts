import type { MaterialVersionRecord } from '../types';
import type { InMemoryKeyStore, InMemoryTx } from './in-memory-store';

// Material version rows of the in-memory store; in-memory-store.ts holds transactions, commits and locks.

/** The primary key (keyId, materialId) as one map key. */
export const versionRowId = (keyId: string, materialId: string): string => JSON.stringify([keyId, materialId]);

export const copyVersion = (row: MaterialVersionRecord): MaterialVersionRecord => ({
  ...row,
  materialCiphertext: row.materialCiphertext && new Uint8Array(row.materialCiphertext),
  createdAt: new Date(row.createdAt),
  importedAt: row.importedAt && new Date(row.importedAt),
  expiresAt: row.expiresAt && new Date(row.expiresAt),
  removedAt: row.removedAt && new Date(row.removedAt),
  rotationDate: row.rotationDate && new Date(row.rotationDate),
});

/** The versions of one key among `rows`, by sequence, as the databases return them. */
export function versionsOfKey(rows: Iterable<MaterialVersionRecord>, keyId: string): MaterialVersionRecord[] {
  return [...rows].filter((row) => row.keyId === keyId).sort((a, b) => a.sequence - b.sequence).map(copyVersion);
}

/** The version rows of one in-memory transaction: its writes overlay the committed rows until commit. */
export class InMemoryVersionRows {
  readonly writes = new Map<string, MaterialVersionRecord | null>();

  constructor(
    private readonly store: InMemoryKeyStore,
    private readonly tx: InMemoryTx,
  ) {}

  /** Committed rows overlaid with this transaction's writes. */
  visible(): MaterialVersionRecord[] {
    const ids = new Set([...this.store.versions.keys(), ...this.writes.keys()]);
    return [...ids].flatMap((id) => {
      const row = this.writes.has(id) ? this.writes.get(id) : this.store.versions.get(id);
      return row ? [row] : [];
    });
  }

  list(keyId: string): MaterialVersionRecord[] {
    return versionsOfKey(this.visible(), keyId);
  }

  /** INSERT … ON CONFLICT (keyId, materialId) DO UPDATE, with the (keyId, sequence) uniqueness a database keeps. */
  async put(version: MaterialVersionRecord): Promise<void> {
    const id = versionRowId(version.keyId, version.materialId);
    await this.store.acquire(this.tx, `version:${id}`);
    if (!this.store.readKey(version.keyId, this.tx)) throw new Error(`Foreign key constraint failed: KeyMaterial.keyId ${version.keyId}`);
    const clash = this.list(version.keyId).find((row) => row.sequence === version.sequence && row.materialId !== version.materialId);
    if (clash) throw new Error(`Unique constraint failed: KeyMaterial (keyId, sequence) ${version.keyId} ${version.sequence}`);
    this.writes.set(id, copyVersion(version));
  }

  async delete(keyId: string, materialId: string): Promise<void> {
    const id = versionRowId(keyId, materialId);
    await this.store.acquire(this.tx, `version:${id}`);
    this.writes.set(id, null);
  }

  /** ON DELETE CASCADE of the key's row. */
  async deleteAllOf(keyId: string): Promise<void> {
    for (const row of this.list(keyId)) await this.delete(keyId, row.materialId);
  }
}

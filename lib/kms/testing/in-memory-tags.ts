import { compareByteOrder } from '../byte-order';
import type { Tag } from '../types';
import type { InMemoryKeyStore, InMemoryTx } from './in-memory-store';

// Tag rows of the in-memory store; in-memory-store.ts holds transactions, commits and locks.

export interface TagRow extends Tag {
  keyId: string;
  createdAt: Date;
}

/** The primary key (keyId, tagKey) as one map key; JSON keeps the two parts apart whatever they hold. */
export const tagRowId = (keyId: string, tagKey: string): string => JSON.stringify([keyId, tagKey]);

const copyTagRow = (row: TagRow): TagRow => ({ ...row, createdAt: new Date(row.createdAt) });

/** The tags of one key among `rows`, ordered by tag key as the databases order them (byte order). */
export function tagsOfKey(rows: Iterable<TagRow>, keyId: string): Tag[] {
  return [...rows]
    .filter((row) => row.keyId === keyId)
    .sort((a, b) => compareByteOrder(a.tagKey, b.tagKey))
    .map(({ tagKey, tagValue }) => ({ tagKey, tagValue }));
}

/** The tag rows of one in-memory transaction: its writes overlay the committed rows until commit. */
export class InMemoryTagRows {
  readonly writes = new Map<string, TagRow | null>();

  constructor(
    private readonly store: InMemoryKeyStore,
    private readonly tx: InMemoryTx,
  ) {}

  /** Committed rows overlaid with this transaction's writes. */
  visible(): TagRow[] {
    const ids = new Set([...this.store.tags.keys(), ...this.writes.keys()]);
    return [...ids].flatMap((id) => {
      const row = this.writes.has(id) ? this.writes.get(id) : this.store.tags.get(id);
      return row ? [copyTagRow(row)] : [];
    });
  }

  list(keyId: string): Tag[] {
    return tagsOfKey(this.visible(), keyId);
  }

  /** Like INSERT … ON CONFLICT (keyId, tagKey) DO UPDATE SET tagValue: the first createdAt stays. */
  async put(keyId: string, tags: Tag[], now: Date): Promise<void> {
    for (const tag of tags) {
      const id = tagRowId(keyId, tag.tagKey);
      await this.store.acquire(this.tx, `tag:${id}`);
      if (!this.store.readKey(keyId, this.tx)) throw new Error(`Foreign key constraint failed: Tag.keyId ${keyId}`);
      const current = this.writes.has(id) ? this.writes.get(id) : this.store.tags.get(id);
      this.writes.set(id, { keyId, tagKey: tag.tagKey, tagValue: tag.tagValue, createdAt: new Date(current?.createdAt ?? now) });
    }
  }

  async delete(keyId: string, tagKeys: string[]): Promise<void> {
    for (const tagKey of tagKeys) {
      const id = tagRowId(keyId, tagKey);
      await this.store.acquire(this.tx, `tag:${id}`);
      if (this.visible().some((row) => tagRowId(row.keyId, row.tagKey) === id)) this.writes.set(id, null);
    }
  }

  /** ON DELETE CASCADE of the key's row. */
  async deleteAllOf(keyId: string): Promise<void> {
    await this.delete(keyId, this.list(keyId).map((tag) => tag.tagKey));
  }
}

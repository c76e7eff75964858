import type { KeyPatch, KeyStoreTx, NewImportToken, NewKey } from '../store';
import type { AuditEventInput, ImportTokenRecord, KeyRecord, MaterialVersionRecord, Tag } from '../types';
import type { InMemoryKeyStore } from './in-memory-store';
import { InMemoryVersionRows } from './in-memory-material-versions';
import { InMemoryTagRows } from './in-memory-tags';
import { InMemoryTokenRows } from './in-memory-tokens';

export type StoredKey = Omit<KeyRecord, 'aliases'>;
export interface AliasRow {
  keyId: string;
  createdAt: Date;
}
export type TxMethod = keyof KeyStoreTx;

export const copyKey = (key: StoredKey): StoredKey => ({
  ...key,
  createdAt: new Date(key.createdAt),
  updatedAt: new Date(key.updatedAt),
  deletionDate: key.deletionDate && new Date(key.deletionDate),
  materialCiphertext: key.materialCiphertext && new Uint8Array(key.materialCiphertext),
  materialImportedAt: key.materialImportedAt && new Date(key.materialImportedAt),
  materialExpiresAt: key.materialExpiresAt && new Date(key.materialExpiresAt),
  materialRemovedAt: key.materialRemovedAt && new Date(key.materialRemovedAt),
  nextRotationAt: key.nextRotationAt && new Date(key.nextRotationAt),
});

/** @internal One transaction of InMemoryKeyStore: its writes, its row locks, and the KeyStoreTx calls. */
export class InMemoryTx implements KeyStoreTx {
  readonly keyWrites = new Map<string, StoredKey | null>();
  readonly aliasWrites = new Map<string, AliasRow | null>();
  readonly tokens: InMemoryTokenRows;
  readonly tags: InMemoryTagRows;
  readonly versions: InMemoryVersionRows;
  readonly audits: AuditEventInput[] = [];
  readonly settingWrites = new Map<string, string>();
  readonly held = new Set<string>();
  closed = false;

  constructor(private readonly store: InMemoryKeyStore) {
    this.tokens = new InMemoryTokenRows(store, this);
    this.tags = new InMemoryTagRows(store, this);
    this.versions = new InMemoryVersionRows(store, this);
  }

  private async begin(method: TxMethod): Promise<void> {
    // Like an interactive Prisma transaction: using it after commit or rollback is a bug, not a no-op.
    if (this.closed) throw new Error(`${method} called on a finished transaction`);
    await this.store.enter(method);
  }

  async findKey(id: string): Promise<KeyRecord | null> {
    await this.begin('findKey');
    return this.store.readKey(id, this);
  }

  async findKeyIdByAlias(alias: string): Promise<string | null> {
    await this.begin('findKeyIdByAlias');
    return this.store.readAlias(alias, this)?.keyId ?? null;
  }

  async insertKey(key: NewKey): Promise<void> {
    await this.begin('insertKey');
    await this.store.acquire(this, `key:${key.id}`);
    if (this.store.readKey(key.id, this)) throw new Error(`Unique constraint failed: Key.id ${key.id}`);
    this.keyWrites.set(key.id, copyKey({ ...key, materialRemovedReason: null, materialRemovedAt: null, rotationPeriodDays: null, nextRotationAt: null, removedMaterialSequence: 0, version: 0 }));
  }

  async updateKey(id: string, expectedVersion: number, patch: KeyPatch): Promise<boolean> {
    await this.begin('updateKey');
    await this.store.acquire(this, `key:${id}`);
    const current = this.store.readKey(id, this);
    if (!current || current.version !== expectedVersion) return false;
    const { aliases: _aliases, ...row } = current;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.keyWrites.set(id, copyKey({ ...row, ...defined, version: expectedVersion + 1 }));
    return true;
  }

  async deleteKey(id: string, expectedVersion: number): Promise<boolean> {
    await this.begin('deleteKey');
    await this.store.acquire(this, `key:${id}`);
    const current = this.store.readKey(id, this);
    if (!current || current.version !== expectedVersion) return false;
    this.keyWrites.set(id, null);
    for (const alias of current.aliases) {
      await this.store.acquire(this, `alias:${alias}`);
      this.aliasWrites.set(alias, null); // ON DELETE CASCADE
    }
    for (const tokenId of this.store.tokenIds(this, (token) => token.keyId === id)) {
      await this.store.acquire(this, `token:${tokenId}`);
      this.tokens.writes.set(tokenId, null); // ON DELETE CASCADE
    }
    await this.tags.deleteAllOf(id); // ON DELETE CASCADE
    await this.versions.deleteAllOf(id); // ON DELETE CASCADE
    return true;
  }

  async insertAlias(alias: string, keyId: string, createdAt: Date): Promise<boolean> {
    await this.begin('insertAlias');
    await this.store.acquire(this, `key:${keyId}`);
    await this.store.acquire(this, `alias:${alias}`);
    if (!this.store.readKey(keyId, this)) throw new Error(`Foreign key constraint failed: Alias.keyId ${keyId}`);
    if (this.store.readAlias(alias, this)) return false;
    this.aliasWrites.set(alias, { keyId, createdAt: new Date(createdAt) });
    return true;
  }

  async deleteAlias(alias: string, keyId: string): Promise<boolean> {
    await this.begin('deleteAlias');
    await this.store.acquire(this, `key:${keyId}`);
    await this.store.acquire(this, `alias:${alias}`);
    if (this.store.readAlias(alias, this)?.keyId !== keyId) return false;
    this.aliasWrites.set(alias, null);
    return true;
  }

  async insertAudit(event: AuditEventInput): Promise<void> {
    await this.begin('insertAudit');
    this.audits.push({ ...event, at: new Date(event.at), details: event.details && { ...event.details } });
  }

  async putSetting(name: string, value: string): Promise<void> {
    await this.begin('putSetting');
    this.settingWrites.set(name, value);
  }

  async insertImportToken(token: NewImportToken): Promise<void> {
    await this.begin('insertImportToken');
    await this.tokens.insert(token);
  }

  async findImportTokenByHash(tokenHash: string): Promise<ImportTokenRecord | null> {
    await this.begin('findImportTokenByHash');
    return this.tokens.findByHash(tokenHash);
  }

  async consumeImportToken(id: string, now: Date): Promise<boolean> {
    await this.begin('consumeImportToken');
    return this.tokens.consume(id, now);
  }

  async lockKeyCreation(): Promise<void> {
    await this.begin('lockKeyCreation');
    // Like pg_advisory_xact_lock: a lock on no row, held to the end of the transaction.
    await this.store.acquire(this, 'installation:key-creation');
  }

  async countKeys(): Promise<number> {
    await this.begin('countKeys');
    return this.store.keyIds(this).length;
  }

  async lockKey(id: string): Promise<boolean> {
    await this.begin('lockKey');
    await this.store.acquire(this, `key:${id}`);
    return this.store.readKey(id, this) !== null;
  }

  async countActiveImportTokens(keyId: string, now: Date): Promise<number> {
    await this.begin('countActiveImportTokens');
    return this.store.tokenIds(this, (t) => t.keyId === keyId && t.usedAt === null && t.privateKeyCiphertext !== null && t.expiresAt > now).length;
  }

  async listTags(keyId: string): Promise<Tag[]> {
    await this.begin('listTags');
    return this.tags.list(keyId);
  }

  async putTags(keyId: string, tags: Tag[], now: Date): Promise<void> {
    await this.begin('putTags');
    await this.tags.put(keyId, tags, now);
  }

  async deleteTags(keyId: string, tagKeys: string[]): Promise<void> {
    await this.begin('deleteTags');
    await this.tags.delete(keyId, tagKeys);
  }

  async listMaterialVersions(keyId: string): Promise<MaterialVersionRecord[]> {
    await this.begin('listMaterialVersions');
    return this.versions.list(keyId);
  }

  async putMaterialVersion(version: MaterialVersionRecord): Promise<void> {
    await this.begin('putMaterialVersion');
    await this.versions.put(version);
  }

  async deleteMaterialVersion(keyId: string, materialId: string): Promise<void> {
    await this.begin('deleteMaterialVersion');
    await this.versions.delete(keyId, materialId);
  }
}

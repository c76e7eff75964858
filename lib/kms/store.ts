import type { ExpiryWindow } from './expiry-urgency';
import type {
  AccessKeyRecord,
  AliasRecord,
  AuditEvent,
  AuditEventInput,
  AuditResult,
  ImportTokenRecord,
  KeyOrigin,
  KeyRecord,
  KeyState,
  MaterialVersionRecord,
  Tag,
} from './types';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** expiresAt:asc: soonest expiry first (material already past it, not yet swept, leads), then keys without expiry, newest first. */
export type KeySort = 'createdAt:desc' | 'createdAt:asc' | 'expiresAt:asc';

export interface ListKeysQuery {
  /** Matches a key ID prefix or an alias substring. */
  search?: string;
  /** Effective state (expired material counts as PENDING_IMPORT). */
  state?: KeyState;
  origin?: KeyOrigin;
  /** Usable material expiring after now and within this window (lib/kms/expiry-urgency.ts). */
  expiresWithin?: ExpiryWindow;
  sort: KeySort;
  page: number; // 1-based
  pageSize: number;
  /** Needed to compute effective state in queries. */
  now: Date;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Which audit records: every field given must match exactly. */
export interface AuditFilter {
  keyId?: string;
  action?: string;
  result?: AuditResult;
  /** The actor as shown (email for people, owner for access keys). */
  actorName?: string;
  sourceAddress?: string;
}

export interface ListAuditQuery extends AuditFilter {
  page: number;
  pageSize: number;
}

/** Newest first, from just below `before` (keyset paging: records written meanwhile shift nothing). */
export interface ScanAuditQuery extends AuditFilter {
  before?: { at: Date; id: string };
  limit: number;
}

/**
 * Fields a mutation may change. Only what is present is written. `materialId` can be set but never
 * cleared: the first material binds the key for good (README "Binding"), so null is not a value here.
 */
export type KeyPatch = Partial<
  Pick<
    KeyRecord,
    | 'description'
    | 'state'
    | 'deletionDate'
    | 'materialCiphertext'
    | 'materialImportedAt'
    | 'materialExpiresAt'
    | 'materialRemovedReason'
    | 'materialRemovedAt'
    | 'rotationPeriodDays'
    | 'nextRotationAt'
    | 'removedMaterialSequence'
    | 'updatedAt'
  > & {
    materialId: string;
  }
>;

/** A new key has never lost material (the removal columns start empty) and starts with automatic rotation off. */
export interface NewKey
  extends Omit<KeyRecord, 'aliases' | 'version' | 'materialRemovedReason' | 'materialRemovedAt' | 'rotationPeriodDays' | 'nextRotationAt' | 'removedMaterialSequence'
  > {}

export interface NewImportToken extends Omit<ImportTokenRecord, 'failedAttempts' | 'usedAt'> {}

/**
 * Everything a mutation may do, inside one database transaction. Conditional writes return false when the
 * row was not in the expected version (someone else won a race); the operation then re-reads or fails.
 */
export interface KeyStoreTx {
  findKey(id: string): Promise<KeyRecord | null>;
  findKeyIdByAlias(alias: string): Promise<string | null>;
  insertKey(key: NewKey): Promise<void>;
  /** UPDATE … WHERE id = ? AND version = expectedVersion, bumping version. */
  updateKey(id: string, expectedVersion: number, patch: KeyPatch): Promise<boolean>;
  /** DELETE … WHERE id = ? AND version = expectedVersion (aliases and tokens go with it). */
  deleteKey(id: string, expectedVersion: number): Promise<boolean>;
  /** Returns false when the alias is taken (also when a concurrent transaction took it first). */
  insertAlias(alias: string, keyId: string, createdAt: Date): Promise<boolean>;
  /** Returns false when no such alias exists for that key. */
  deleteAlias(alias: string, keyId: string): Promise<boolean>;
  insertAudit(event: AuditEventInput): Promise<void>;
  insertImportToken(token: NewImportToken): Promise<void>;
  /** A plain read: whoever then uses the token must win consumeImportToken. */
  findImportTokenByHash(tokenHash: string): Promise<ImportTokenRecord | null>;
  /**
   * Marks the token used and destroys its private key: UPDATE … WHERE id = ? AND usedAt IS NULL AND
   * privateKeyCiphertext IS NOT NULL AND expiresAt > now. False when another request used it first, or it
   * was burned or expired meanwhile.
   */
  consumeImportToken(id: string, now: Date): Promise<boolean>;
  /**
   * Orders key creations across instances until this transaction ends, so a count of keys taken after it
   * stays true until the insert commits (PostgreSQL: a transaction-level advisory lock; SQLite: the write
   * lock the transaction already holds). A count alone would not do at READ COMMITTED: two creators would
   * both see room for one more.
   */
  lockKeyCreation(): Promise<void>;
  /** Every key, whatever its state. */
  countKeys(): Promise<number>;
  /** SELECT … FOR UPDATE on the key's row (held to the end); false when no such key. */
  lockKey(id: string): Promise<boolean>;
  /** The key's tokens that are unused, still hold their private key, and expire after `now`. */
  countActiveImportTokens(keyId: string, now: Date): Promise<number>;
  /** The key's tags, ordered by tagKey (byte order). */
  listTags(keyId: string): Promise<Tag[]>;
  /** Inserts each tag, or replaces the value of an existing tag key. */
  putTags(keyId: string, tags: Tag[], now: Date): Promise<void>;
  /** Removes the named tag keys; absent ones are ignored (AWS UntagResource). */
  deleteTags(keyId: string, tagKeys: string[]): Promise<void>;
  /** Inserts or replaces one SystemSetting row (e.g. the multi-factor policy), with its audit record. */
  putSetting(name: string, value: string): Promise<void>;
  /** The key's material versions, by sequence. */
  listMaterialVersions(keyId: string): Promise<MaterialVersionRecord[]>;
  /**
   * Inserts the version, or replaces the row with the same (keyId, materialId). Only ever called together
   * with the key's conditional update (material-versions.ts), which is what serialises racing writers.
   */
  putMaterialVersion(version: MaterialVersionRecord): Promise<void>;
  /** Removes a version's row (a PENDING_ROTATION version deleted or expired: it was never bound). */
  deleteMaterialVersion(keyId: string, materialId: string): Promise<void>;
}

export interface ListAliasesQuery {
  /** Only this key's aliases. */
  keyId?: string;
  /** Names strictly greater than this (byte order): the marker of the previous page. */
  after?: string;
  limit: number;
}

export interface KeyStore {
  /** Runs fn in one transaction; a thrown error rolls everything back. */
  transaction<T>(fn: (tx: KeyStoreTx) => Promise<T>): Promise<T>;
  findKey(id: string): Promise<KeyRecord | null>;
  findKeyIdByAlias(alias: string): Promise<string | null>;
  listKeys(query: ListKeysQuery): Promise<Page<KeyRecord>>;
  /** Keys in PENDING_DELETION whose deletionDate <= now, oldest first. */
  findKeysDueForPurge(now: Date, limit: number): Promise<KeyRecord[]>;
  /** IDs of keys with a version still holding sealed material whose expiresAt <= now (any state), soonest expiry first. */
  findKeyIdsWithExpiredMaterial(now: Date, limit: number): Promise<string[]>;
  /**
   * IDs of Enabled keys whose automatic rotation is due (nextRotationAt <= now), soonest first. Disabled keys
   * stay due but are not listed: they rotate once enabled again, and never use up a run's limit meanwhile.
   */
  findKeyIdsDueForRotation(now: Date, limit: number): Promise<string[]>;
  /** The key's material versions, by sequence. */
  listMaterialVersions(keyId: string): Promise<MaterialVersionRecord[]>;
  findMaterialVersion(keyId: string, materialId: string): Promise<MaterialVersionRecord | null>;
  /** Versions that hold material but no key check value yet (migrated ones), for the backfill job. */
  findVersionsWithoutKcv(limit: number): Promise<MaterialVersionRecord[]>;
  /**
   * Sets a version's KCV where it is still null and the version still holds material (a plain column fill:
   * the KCV follows from the material, so racing writers write the same value). False when nothing matched.
   */
  fillKcv(options: { keyId: string; materialId: string; kcv: string }): Promise<boolean>;
  /**
   * In its own transaction, so it survives the failed import's rollback: increments failedAttempts of an
   * unused token below the limit (an atomic `failedAttempts + 1 WHERE failedAttempts < max`, so racing
   * failures each count) and destroys the private key once the count reaches the limit. Returns the count.
   */
  recordFailedUnwrap(options: { tokenId: string; maxFailedAttempts: number }): Promise<number>;
  /** Nulls the private key of every token whose expiresAt <= now; returns how many were destroyed. */
  destroyExpiredTokenKeys(now: Date): Promise<number>;
  /** Ordered by name (byte order). */
  listAliases(query: ListAliasesQuery): Promise<AliasRecord[]>;
  listTags(keyId: string): Promise<Tag[]>;
  listAudit(query: ListAuditQuery): Promise<Page<AuditEvent>>;
  /** For exports: a page without a count, ordered (at, id) descending. */
  scanAudit(query: ScanAuditQuery): Promise<AuditEvent[]>;
  findAudit(id: string): Promise<AuditEvent | null>;
  /** The aliases of these keys, in one read (the audit page's key column). */
  listAliasesOfKeys(keyIds: readonly string[]): Promise<AliasRecord[]>;
  /** Writes one audit record in its own transaction (for failures, whose transaction rolled back). */
  insertAudit(event: AuditEventInput): Promise<void>;
  getSetting(name: string): Promise<string | null>;
  /** Inserts only when absent; returns the value that is stored afterwards (first writer wins). */
  putSettingIfAbsent(name: string, value: string): Promise<string>;
}

/** Access keys of the AWS-compatible API. Each call is its own transaction (audit record included). */
export interface AccessKeyStore {
  /** Returns false when the ID is taken (also when a concurrent insert took it first). */
  insertAccessKey(record: AccessKeyRecord, audit: AuditEventInput): Promise<boolean>;
  findAccessKey(id: string): Promise<AccessKeyRecord | null>;
  /** Newest first. */
  listAccessKeys(): Promise<AccessKeyRecord[]>;
  /**
   * UPDATE … SET revokedAt = now, secretCiphertext = NULL WHERE id = ? AND revokedAt IS NULL, and the audit
   * record, in one transaction; false (nothing written) when no such unrevoked key exists.
   */
  revokeAccessKey(id: string, now: Date, audit: AuditEventInput): Promise<boolean>;
  /**
   * Records a use: UPDATE … SET lastUsedAt = now WHERE id = ? AND revokedAt IS NULL AND (lastUsedAt IS NULL
   * OR lastUsedAt <= now - minIntervalMs), so a busy key costs one write per interval, not per request.
   */
  touchAccessKey(id: string, now: Date, minIntervalMs: number): Promise<void>;
}

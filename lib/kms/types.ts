import type { TWrappingAlgorithm, TWrappingKeySpec } from './crypto/wrapping';

export const KEY_STATES = ['ENABLED', 'DISABLED', 'PENDING_DELETION', 'PENDING_IMPORT'] as const;
export type KeyState = (typeof KEY_STATES)[number];

export const KEY_ORIGINS = ['KMS', 'EXTERNAL'] as const;
export type KeyOrigin = (typeof KEY_ORIGINS)[number];

export const MATERIAL_REMOVAL_CAUSES = ['DELETED', 'EXPIRED'] as const;
export type MaterialRemovalCause = (typeof MATERIAL_REMOVAL_CAUSES)[number];

/** SPEC §11: the one CURRENT version encrypts; NON_CURRENT ones decrypt; a PENDING_ROTATION one waits for RotateKeyOnDemand. */
export const MATERIAL_VERSION_STATES = ['CURRENT', 'NON_CURRENT', 'PENDING_ROTATION'] as const;
export type MaterialVersionState = (typeof MATERIAL_VERSION_STATES)[number];

export const ROTATION_TYPES = ['AUTOMATIC', 'ON_DEMAND'] as const;
export type RotationType = (typeof ROTATION_TYPES)[number];

export const ROLES = ['ADMINISTRATOR', 'KEY_MANAGER', 'KEY_USER', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

/** Who performs an operation. Every domain operation takes one explicitly. */
export interface Principal {
  type: 'user' | 'access-key' | 'system';
  id: string;
  /** Shown in the audit log (email for users, access key id for access keys). */
  name: string;
  role: Role;
  /**
   * Users only: when this session last proved who it is (password or code). Sensitive actions need it
   * within FRESH_AUTHENTICATION_MS (SPEC §9). Absent for access keys (every request is signed) and jobs.
   */
  authenticatedAt?: Date;
  /** Users only: the console session this request came with (its id, never its token). */
  sessionId?: string;
  /** Where the request came from, recorded with every audit record it causes. */
  source?: TRequestSource;
}

/** The entry a request came through: the console, or one of the two compatible APIs. */
export type TRequestVia = 'console' | 'aws-api' | 'huawei-api';

/** Console: client address and user agent. API: the signing access key (and the address). */
export interface TRequestSource {
  address: string | null;
  userAgent: string | null;
  accessKeyId: string | null;
  /** Which entry; absent on sources built before it was recorded (read back as null). */
  via?: TRequestVia | null;
}

/** A key as stored. `state` is the stored state; read `effectiveState()` for what callers see. */
export interface KeyRecord {
  id: string;
  description: string;
  state: KeyState;
  origin: KeyOrigin;
  createdAt: Date;
  updatedAt: Date;
  deletionDate: Date | null;
  /** Material sealed under the root-derived material key; null when the key holds no material. */
  materialCiphertext: Uint8Array | null;
  /** Binding of the first imported (or generated) material; survives deletion of the material. */
  materialId: string | null;
  materialImportedAt: Date | null;
  materialExpiresAt: Date | null;
  /** Why the last material went (deleted by hand, or expired), and when; null while material is held or never was. */
  materialRemovedReason: MaterialRemovalCause | null;
  materialRemovedAt: Date | null;
  /** Automatic rotation (generated keys only): the period in days while on, and when the next one is due. */
  rotationPeriodDays: number | null;
  nextRotationAt: Date | null;
  /** The highest version sequence ever removed (a pending version deleted or expired): numbers are never reused. */
  removedMaterialSequence: number;
  /** Optimistic-concurrency counter: every mutation is a conditional update on it, material versions included. */
  version: number;
  aliases: string[];
}

/**
 * One material version of a key (SPEC §11), as stored. The key row's material columns summarise its
 * versions (material-summary.ts); a change to versions always comes with the key's conditional update.
 */
export interface MaterialVersionRecord {
  keyId: string;
  /** 64 hex, HMAC of (key ID, material): the binding, and what ciphertexts name. */
  materialId: string;
  /** 1, 2, 3… in the order the versions were added. */
  sequence: number;
  description: string;
  state: MaterialVersionState;
  /** Sealed material; null once deleted or expired (the row, and so the binding, stays). */
  materialCiphertext: Uint8Array | null;
  /** Key check value, 6 upper-case hex; null only for a version migrated without its material in hand. */
  kcv: string | null;
  createdAt: Date;
  importedAt: Date | null;
  expiresAt: Date | null;
  removedReason: MaterialRemovalCause | null;
  removedAt: Date | null;
  /** When and how this version became CURRENT by rotation; null for a key's first version (and pending ones). */
  rotationDate: Date | null;
  rotationType: RotationType | null;
}

/** One GetParametersForImport answer, as stored. The token itself is never stored, only its hash. */
export interface ImportTokenRecord {
  id: string;
  /** SHA-256 of the opaque token, lowercase hex: the only way a presented token is found. */
  tokenHash: string;
  keyId: string;
  wrappingAlgorithm: TWrappingAlgorithm;
  wrappingKeySpec: TWrappingKeySpec;
  /** DER SubjectPublicKeyInfo, as handed out. */
  publicKey: Uint8Array;
  /** PKCS #8 private key sealed under the root keyring; null once destroyed (used, expired, burned). */
  privateKeyCiphertext: Uint8Array | null;
  failedAttempts: number;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export type AuditResult = 'SUCCESS' | 'FAILURE';

export interface AuditEventInput {
  at: Date;
  actor: Principal;
  action: string;
  keyId: string | null;
  result: AuditResult;
  errorCode: string | null;
  /** Non-secret context only. Never material, tokens, private keys or plaintext. */
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditEvent extends Omit<AuditEventInput, 'actor' | 'details'> {
  id: string;
  actorType: Principal['type'];
  actorId: string;
  actorName: string;
  details: Record<string, string | number | boolean | null> | null;
  sourceAddress: string | null;
  userAgent: string | null;
  accessKeyId: string | null;
  /** The entry the request came through; null for background jobs and records older than the column. */
  via: TRequestVia | null;
}

/** One tag on a key (AWS TagResource). Tag keys are unique per key and case-sensitive. */
export interface Tag {
  tagKey: string;
  tagValue: string;
}

/** An alias row, for ListAliases. */
export interface AliasRecord {
  name: string;
  keyId: string;
  createdAt: Date;
}

/**
 * An access key for the AWS-compatible API, as stored. The secret is needed in clear to verify SigV4
 * (HMAC keyed with it), so it is sealed under the root keyring (purpose `access-key-secret`, keyId = the
 * access key ID), never hashed; it is destroyed (null) when the key is revoked.
 */
export interface AccessKeyRecord {
  /** Public identifier, e.g. `KF` + 18 base32 characters (AWS shape: 16–128 of [A-Z0-9]). */
  id: string;
  secretCiphertext: Uint8Array | null;
  /** What requests signed with this key may do (SPEC §9 roles). */
  role: Role;
  /** Who the key acts for: the actor name in the audit log (the creating user's email). */
  ownerName: string;
  /** The creating user's id, or null for a key bootstrapped from the environment. */
  ownerUserId: string | null;
  description: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

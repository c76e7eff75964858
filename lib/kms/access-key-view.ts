import { randomBytes } from 'node:crypto';
import type { AuditAction } from './audit-actions';
import type { AuditDetails } from './audited';
import type { Keyring } from './crypto/keyring';
import type { AccessKeyRecord, AuditEventInput, Principal, Role } from './types';
import { ZAccessKeyId } from './validation';

// What the access-key operations share: the view callers get, new IDs and secrets, and sealing.

/** What callers see of an access key: never its secret, sealed or not. */
export interface AccessKeyView {
  id: string;
  role: Role;
  ownerName: string;
  /** The owning person's ID; null for the environment's bootstrap key. */
  ownerUserId: string | null;
  description: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: 'ACTIVE' | 'REVOKED';
}

export function toAccessKeyView(record: AccessKeyRecord): AccessKeyView {
  return {
    id: record.id,
    role: record.role,
    ownerName: record.ownerName,
    ownerUserId: record.ownerUserId,
    description: record.description,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
    status: record.revokedAt === null ? 'ACTIVE' : 'REVOKED',
  };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `KF` + 18 base32 characters: 90 random bits, AWS's ID shape ([A-Z0-9]), recognisable as Keyfort's. */
export function newAccessKeyId(): string {
  // 256 is a multiple of 32, so masking each byte to 5 bits keeps every character equally likely.
  return `KF${[...randomBytes(18)].map((byte) => BASE32[byte & 31]).join('')}`;
}

/** 30 random bytes, 40 base64 characters, as long as an AWS secret access key. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** `{ accessKeyId }` for a failure record when the raw input is a well-formed ID. */
export function accessKeyIdDetail(raw: unknown): AuditDetails | undefined {
  return ZAccessKeyId.safeParse(raw).success ? { accessKeyId: raw as string } : undefined;
}

/** Sealed under the root keyring, bound to the access key's ID: a ciphertext copied to another row does not open. */
export function sealAccessKeySecret(keyring: Keyring, accessKeyId: string, secret: string): Buffer {
  const plaintext = Buffer.from(secret, 'utf8');
  try {
    return keyring.seal({ purpose: 'access-key-secret', keyId: accessKeyId, plaintext });
  } finally {
    plaintext.fill(0);
  }
}

/** The secret's bytes, which the caller owns (and may zero); null once revoked. */
export function openAccessKeySecret(keyring: Keyring, record: AccessKeyRecord): Buffer | null {
  if (record.secretCiphertext === null) return null;
  return keyring.open({ purpose: 'access-key-secret', keyId: record.id, sealed: record.secretCiphertext });
}

/** A success record of an access-key action: no key ID (access keys belong to no key), never the secret. */
export function accessKeyAuditEvent(options: {
  at: Date;
  actor: Principal;
  action: Extract<AuditAction, 'CreateAccessKey' | 'RevokeAccessKey'>;
  details: AuditDetails;
}): AuditEventInput {
  return { ...options, keyId: null, result: 'SUCCESS', errorCode: null };
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock, NewKey } from '@/lib/kms';
import type { AuditEventInput, MaterialVersionRecord, Principal } from '@/lib/kms/types';

/** Signed in with a password when the test clock (newClock) starts, so sensitive actions pass its first 10 minutes. */
export const TEST_ACTOR: Principal = {
  type: 'user',
  id: 'user-1',
  name: 'admin@example.com',
  role: 'ADMINISTRATOR',
  authenticatedAt: new Date('2030-01-01T00:00:00.000Z'),
};

/** TEST_ACTOR having just entered a password again: for sensitive actions after the test clock moved on. */
export const freshActor = (clock: Clock): Principal => ({ ...TEST_ACTOR, authenticatedAt: clock.now() });

/** A key row as the domain would write it: generated material, Enabled, unless overridden. */
export function newKey(overrides: Partial<NewKey> = {}): NewKey {
  const now = new Date('2026-01-01T00:00:00.123Z');
  return {
    id: randomUUID(),
    description: 'integration test key',
    state: 'ENABLED',
    origin: 'KMS',
    createdAt: now,
    updatedAt: now,
    deletionDate: null,
    materialCiphertext: new Uint8Array(randomBytes(60)),
    materialId: null,
    materialImportedAt: null,
    materialExpiresAt: null,
    ...overrides,
  };
}

/** A material version row of `key` as the domain would write it: version 1, CURRENT, holding material, unless overridden. */
export function newVersion(key: Pick<NewKey, 'id' | 'createdAt'>, overrides: Partial<MaterialVersionRecord> = {}): MaterialVersionRecord {
  return {
    keyId: key.id,
    materialId: randomBytes(32).toString('hex'),
    sequence: 1,
    description: '',
    state: 'CURRENT',
    materialCiphertext: new Uint8Array(randomBytes(60)),
    kcv: 'A1B2C3',
    createdAt: key.createdAt,
    importedAt: key.createdAt,
    expiresAt: null,
    removedReason: null,
    removedAt: null,
    rotationDate: null,
    rotationType: null,
    ...overrides,
  };
}

export function auditEvent(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    at: new Date(),
    actor: TEST_ACTOR,
    action: 'CreateKey',
    keyId: null,
    result: 'SUCCESS',
    errorCode: null,
    ...overrides,
  };
}

export const uniqueAlias = (prefix = 'it'): string => `${prefix}/${randomUUID()}`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

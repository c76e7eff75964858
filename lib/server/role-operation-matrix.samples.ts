// Inputs the role × operation matrix (role-operation-matrix.test.ts) calls each operation with: valid enough
// to pass the action's or operation's own input checks, so that what decides is the role. A refused call
// must answer FORBIDDEN; an allowed one anything else (it may still fail on the key's state, which is fine).
import { randomBytes } from 'node:crypto';
import { addPerson, createAccessKey, createAlias, createKey, encrypt } from '@/lib/kms';
import type { Permission } from '@/lib/kms';
import { createTestContext, principal, type TTestContext } from '@/lib/kms/testing/test-context';
import { API_OPERATION_RULES, CONSOLE_ACTION_RULES, CONSOLE_READ_RULES } from './operation-permissions';

export interface TMatrixFixture {
  t: TTestContext;
  /** An enabled key with material, with `alias` (a name without `alias/`) pointing at it. */
  keyId: string;
  alias: string;
  /** An EXTERNAL key awaiting import. */
  externalKeyId: string;
  accessKeyId: string;
  /** Base64 ciphertext under keyId. */
  ciphertextBlob: string;
  /** A Key user added by the administrator (no password yet). */
  personId: string;
}

/** A fresh domain per call, set up by an administrator, so that no case sees another's changes. */
export async function createMatrixFixture(): Promise<TMatrixFixture> {
  const t = createTestContext();
  const actor = principal('ADMINISTRATOR');
  const key = await createKey(t.ctx, { actor, description: 'matrix', origin: 'KMS' });
  const external = await createKey(t.ctx, { actor, origin: 'EXTERNAL' });
  const alias = 'matrix';
  await createAlias(t.ctx, { actor, keyId: key.id, alias });
  const accessKey = await createAccessKey(t.ctx, { actor, role: 'KEY_USER', description: 'matrix' });
  const sealed = await encrypt(t.ctx, { actor, keyRef: key.id, plaintext: Buffer.from('matrix') });
  const person = await addPerson(t.ctx, { actor, email: 'matrix.person@example.test', name: 'Matrix Person', role: 'KEY_USER' });
  return {
    t,
    keyId: key.id,
    alias,
    externalKeyId: external.id,
    accessKeyId: accessKey.accessKey.id,
    ciphertextBlob: sealed.ciphertextBlob.toString('base64'),
    personId: person.person.id,
  };
}

type TPermissionActionName = {
  [K in keyof typeof CONSOLE_ACTION_RULES]: (typeof CONSOLE_ACTION_RULES)[K] extends Permission ? K : never;
}[keyof typeof CONSOLE_ACTION_RULES];

const someBytes = (length: number) => randomBytes(length).toString('base64');

/** One input per console action that needs a permission (a missing one is a type error). */
export const CONSOLE_ACTION_SAMPLES: Record<TPermissionActionName, (f: TMatrixFixture) => unknown> = {
  createKeyAction: () => ({ alias: 'matrix-created', description: '', origin: 'KMS' }),
  enableKeyAction: (f) => ({ keyId: f.keyId }),
  disableKeyAction: (f) => ({ keyId: f.keyId }),
  updateKeyDescriptionAction: (f) => ({ keyId: f.keyId, description: 'changed' }),
  createAliasAction: (f) => ({ keyId: f.keyId, alias: 'matrix-second' }),
  deleteAliasAction: (f) => ({ alias: f.alias }),
  scheduleKeyDeletionAction: (f) => ({ keyId: f.keyId, pendingWindowInDays: 7 }),
  cancelKeyDeletionAction: (f) => ({ keyId: f.keyId }),
  getImportParametersAction: (f) => ({ keyId: f.externalKeyId, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048' }),
  importKeyMaterialAction: (f) => ({
    keyId: f.externalKeyId,
    importToken: someBytes(64),
    encryptedKeyMaterial: someBytes(256),
    expiration: { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
  }),
  deleteKeyMaterialAction: (f) => ({ keyId: f.externalKeyId }),
  rotateKeyOnDemandAction: (f) => ({ keyId: f.keyId }),
  enableKeyRotationAction: (f) => ({ keyId: f.keyId, rotationPeriodInDays: 180 }),
  disableKeyRotationAction: (f) => ({ keyId: f.keyId }),
  encryptTextAction: (f) => ({ keyId: f.keyId, plaintext: 'matrix', encryptionContext: [] }),
  decryptTextAction: (f) => ({ keyId: f.keyId, ciphertextBlob: f.ciphertextBlob, encryptionContext: [] }),
  addPersonAction: () => ({ email: 'matrix.added@example.test', name: 'Matrix Added', role: 'AUDITOR' }),
  issuePasswordLinkAction: (f) => ({ userId: f.personId }),
  changeRoleAction: (f) => ({ userId: f.personId, role: 'AUDITOR' }),
  disablePersonAction: (f) => ({ userId: f.personId }),
  enablePersonAction: (f) => ({ userId: f.personId }),
  removePersonAction: (f) => ({ userId: f.personId }),
  // Off: the matrix must not leave a policy that sends its later callers to enrolment.
  setMfaPolicyAction: () => ({ required: false }),
};

/** One options object (without the actor) per console read, for its domain function. */
export const CONSOLE_READ_SAMPLES: Record<keyof typeof CONSOLE_READ_RULES, (f: TMatrixFixture) => Record<string, unknown>> = {
  listKeys: () => ({ page: 1, pageSize: 10 }),
  describeKey: (f) => ({ keyRef: f.keyId }),
  listKeyRotations: (f) => ({ keyId: f.keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL' }),
  getKeyRotationStatus: (f) => ({ keyId: f.keyId }),
  aliasesOfKeys: (f) => ({ keyIds: [f.keyId, f.externalKeyId] }),
  listAuditEvents: () => ({ page: 1, pageSize: 10 }),
  getAuditEvent: (f) => ({ id: f.t.store.audit[0]!.id }),
  exportAuditEvents: () => ({ format: 'csv' }),
  listAccessKeys: () => ({}),
  listPeople: () => ({}),
};

/** One request body per API operation, AWS field names. */
export const API_OPERATION_SAMPLES: Record<keyof typeof API_OPERATION_RULES, (f: TMatrixFixture) => Record<string, unknown>> = {
  CreateKey: () => ({}),
  DescribeKey: (f) => ({ KeyId: f.keyId }),
  ListKeys: () => ({}),
  UpdateKeyDescription: (f) => ({ KeyId: f.keyId, Description: 'changed' }),
  EnableKey: (f) => ({ KeyId: f.keyId }),
  DisableKey: (f) => ({ KeyId: f.keyId }),
  ScheduleKeyDeletion: (f) => ({ KeyId: f.keyId, PendingWindowInDays: 7 }),
  CancelKeyDeletion: (f) => ({ KeyId: f.keyId }),
  CreateAlias: (f) => ({ AliasName: 'alias/matrix-api', TargetKeyId: f.keyId }),
  DeleteAlias: (f) => ({ AliasName: `alias/${f.alias}` }),
  ListAliases: () => ({}),
  GetParametersForImport: (f) => ({ KeyId: f.externalKeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
  ImportKeyMaterial: (f) => ({
    KeyId: f.externalKeyId,
    ImportToken: someBytes(64),
    EncryptedKeyMaterial: someBytes(256),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }),
  DeleteImportedKeyMaterial: (f) => ({ KeyId: f.externalKeyId }),
  RotateKeyOnDemand: (f) => ({ KeyId: f.keyId }),
  EnableKeyRotation: (f) => ({ KeyId: f.keyId, RotationPeriodInDays: 90 }),
  DisableKeyRotation: (f) => ({ KeyId: f.keyId }),
  GetKeyRotationStatus: (f) => ({ KeyId: f.keyId }),
  ListKeyRotations: (f) => ({ KeyId: f.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }),
  Encrypt: (f) => ({ KeyId: f.keyId, Plaintext: someBytes(16) }),
  Decrypt: (f) => ({ CiphertextBlob: f.ciphertextBlob }),
  GenerateDataKey: (f) => ({ KeyId: f.keyId, KeySpec: 'AES_256' }),
  GenerateDataKeyWithoutPlaintext: (f) => ({ KeyId: f.keyId, KeySpec: 'AES_256' }),
  TagResource: (f) => ({ KeyId: f.keyId, Tags: [{ TagKey: 'team', TagValue: 'matrix' }] }),
  UntagResource: (f) => ({ KeyId: f.keyId, TagKeys: ['team'] }),
  ListResourceTags: (f) => ({ KeyId: f.keyId }),
};

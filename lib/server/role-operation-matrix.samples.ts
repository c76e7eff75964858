// Inputs the role × operation matrix (role-operation-matrix.test.ts) calls each operation with: valid enough
// to pass the action's or operation's own input checks, so that what decides is the role. A refused call
// must answer FORBIDDEN; an allowed one anything else (it may still fail on the key's state, which is fine).
import { constants, createHash, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { addPerson, createAccessKey, createAlias, createKey, disableKey, encrypt, getImportParameters, importKeyMaterial, scheduleKeyDeletion } from '@/lib/kms';
import type { Permission } from '@/lib/kms';
import { createTestContext, principal, type TTestContext } from '@/lib/kms/testing/test-context';
import { API_OPERATION_RULES, CONSOLE_ACTION_RULES, CONSOLE_READ_RULES, type THuaweiRouteName } from './operation-permissions';

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

/** What a Huawei route's operation is handed (THuaweiCall), with the query as a plain record. */
export interface THuaweiSampleCall {
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  params?: Record<string, string>;
}

const admin = () => principal('ADMINISTRATOR');

/** Material for the fixture's EXTERNAL key, wrapped as Huawei's clients do (RSAES_OAEP_SHA_256), token included. */
async function wrappedMaterial(f: TMatrixFixture): Promise<{ importToken: Buffer; encryptedKeyMaterial: Buffer }> {
  const parameters = await getImportParameters(f.t.ctx, {
    actor: admin(),
    keyId: f.externalKeyId,
    wrappingAlgorithm: 'RSAES_OAEP_SHA_256',
    wrappingKeySpec: 'RSA_2048',
  });
  const publicKey = createPublicKey({ key: parameters.publicKeyDer, format: 'der', type: 'spki' });
  const encryptedKeyMaterial = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32));
  return { importToken: parameters.importToken, encryptedKeyMaterial };
}

const keyIdBody = (keyId: string): THuaweiSampleCall => ({ body: { key_id: keyId } });

/**
 * One call per Huawei route (a missing one is a type error). Unlike the AWS samples, each is meant to succeed
 * for a role that may run it: where the fixture's state would refuse (enable-key on an enabled key,
 * cancel-key-deletion with none scheduled, deleting material never imported), an administrator first puts the
 * key in the state the call needs, so the matrix can ask for success rather than merely "not refused".
 */
export const HUAWEI_ROUTE_SAMPLES: Record<THuaweiRouteName, (f: TMatrixFixture) => THuaweiSampleCall | Promise<THuaweiSampleCall>> = {
  'create-key': () => ({ body: { key_alias: 'matrix-huawei' } }),
  'describe-key': (f) => keyIdBody(f.keyId),
  'list-keys': () => ({ body: { limit: '10' } }),
  // The fixture key has exactly one alias, which this replaces.
  'update-key-alias': (f) => ({ body: { key_id: f.keyId, key_alias: 'matrix-renamed' } }),
  'update-key-description': (f) => ({ body: { key_id: f.keyId, key_description: 'changed' } }),
  'enable-key': async (f) => {
    await disableKey(f.t.ctx, { actor: admin(), keyId: f.keyId });
    return keyIdBody(f.keyId);
  },
  'disable-key': (f) => keyIdBody(f.keyId),
  'schedule-key-deletion': (f) => ({ body: { key_id: f.keyId, pending_days: '7' } }),
  'cancel-key-deletion': async (f) => {
    await scheduleKeyDeletion(f.t.ctx, { actor: admin(), keyId: f.keyId, pendingWindowInDays: 7 });
    return keyIdBody(f.keyId);
  },
  'get-parameters-for-import': (f) => ({ body: { key_id: f.externalKeyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' } }),
  'import-key-material': async (f) => {
    const { importToken, encryptedKeyMaterial } = await wrappedMaterial(f);
    return { body: { key_id: f.externalKeyId, import_token: importToken.toString('base64'), encrypted_key_material: encryptedKeyMaterial.toString('base64') } };
  },
  'delete-imported-key-material': async (f) => {
    const material = await wrappedMaterial(f);
    await importKeyMaterial(f.t.ctx, { actor: admin(), keyId: f.externalKeyId, ...material, expiration: { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } });
    return keyIdBody(f.externalKeyId);
  },
  'encrypt-data': (f) => ({ body: { key_id: f.keyId, plain_text: 'matrix' } }),
  'decrypt-data': (f) => ({ body: { cipher_text: f.ciphertextBlob } }),
  'create-datakey': (f) => ({ body: { key_id: f.keyId, key_spec: 'AES_256' } }),
  'create-datakey-without-plaintext': (f) => ({ body: { key_id: f.keyId, datakey_length: '256' } }),
  // The fixture's ciphertext seals the 6 bytes "matrix": as good a data key as any.
  'decrypt-datakey': (f) => ({
    body: { key_id: f.keyId, cipher_text: Buffer.from(f.ciphertextBlob, 'base64').toString('hex'), datakey_cipher_length: '6' },
  }),
  'encrypt-datakey': (f) => {
    const dataKey = randomBytes(32);
    const plainText = Buffer.concat([dataKey, createHash('sha256').update(dataKey).digest()]).toString('hex');
    return { body: { key_id: f.keyId, plain_text: plainText, datakey_plain_length: '32' } };
  },
  'enable-key-rotation': (f) => ({ body: { key_id: f.keyId, rotation_interval: 180 } }),
  'disable-key-rotation': (f) => keyIdBody(f.keyId),
  'get-key-rotation-status': (f) => keyIdBody(f.keyId),
  'update-key-rotation-interval': (f) => ({ body: { key_id: f.keyId, rotation_interval: '365' } }),
  'create-alias': (f) => ({ body: { key_id: f.keyId, alias: 'alias/matrix-huawei' } }),
  'list-aliases': (f) => ({ query: { key_id: f.keyId, limit: '10' } }),
  'delete-alias': (f) => ({ body: { key_id: f.keyId, aliases: [`alias/${f.alias}`] } }),
  'list-key-tags': (f) => ({ params: { key_id: f.keyId } }),
  'create-key-tag': (f) => ({ params: { key_id: f.keyId }, body: { tag: { key: 'team', value: 'matrix' } } }),
  'batch-create-key-tags': (f) => ({ params: { key_id: f.keyId }, body: { action: 'create', tags: [{ key: 'team', value: 'matrix' }] } }),
  'delete-key-tag': (f) => ({ params: { key_id: f.keyId, tag_key: 'team' } }),
};

/** Second calls for routes with more than one AWS twin's work: tags/action also untags. */
export const HUAWEI_ROUTE_VARIANT_SAMPLES: Array<{ name: THuaweiRouteName; variant: string; sample: (f: TMatrixFixture) => THuaweiSampleCall }> = [
  {
    name: 'batch-create-key-tags',
    variant: 'action delete',
    sample: (f) => ({ params: { key_id: f.keyId }, body: { action: 'delete', tags: [{ key: 'team' }] } }),
  },
];

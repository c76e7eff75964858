// The request and response members of material versions and rotation (SPEC §11) through the whole API
// handler, in-memory domain: how ImportType, KeyMaterialId, KeyMaterialDescription, RotationPeriodInDays,
// IncludeKeyMaterial, Limit and Marker are read, and the shapes the answers take.
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureBootstrapAccessKey, type MaterialVersionView } from '@/lib/kms';
import { createTestContext, type TTestContext } from '@/lib/kms/testing/test-context';
import { wrapKeyMaterial } from '@/lib/kms/testing/wrap-key-material';
import { createAwsApiHandler, type AwsApiHandler } from './handler';
import { toRotationsListEntry } from './operations/rotation';
import { signedRequest } from './testing/sign';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const KEY = { accessKeyId: 'KFTESTDDDDDDDDDDDDDD', secretAccessKey: 'test-secret-test-secret-test-secret-9012' };

let t: TTestContext;
let handler: AwsApiHandler;

beforeEach(async () => {
  t = createTestContext({ start: '2030-01-01T12:00:00Z' });
  await ensureBootstrapAccessKey(t.ctx, { ...KEY, ownerName: 'ops@example.test' });
  handler = createAwsApiHandler({ getContext: async () => t.ctx, accountId: ACCOUNT, now: () => t.clock.now().getTime(), log: () => {} });
});

async function call(operation: string, body: object) {
  const request = await signedRequest({ style: 'sdk', ...KEY, operation, body: JSON.stringify(body), signingDate: t.clock.now(), region: REGION });
  const response = await handler(request);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- AWS response shapes, read field by field
  return { status: response.status, json: JSON.parse(response.body) as Record<string, any> };
}

async function ok(operation: string, body: object) {
  const response = await call(operation, body);
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json;
}

const typeOf = async (operation: string, body: object) => (await call(operation, body)).json.__type as string;

/** The ImportKeyMaterial body for `material`, wrapped under fresh parameters; `extra` adds or overrides members. */
async function importBody(keyId: string, material: Buffer, extra: object = {}) {
  const parameters = await ok('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
  const publicKey = Buffer.from(parameters.PublicKey, 'base64');
  const wrapped = wrapKeyMaterial({ publicKey, algorithm: 'RSAES_OAEP_SHA_256', material });
  return { KeyId: keyId, ImportToken: parameters.ImportToken, EncryptedKeyMaterial: wrapped.toString('base64'), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ...extra };
}

async function importedKey() {
  const { KeyMetadata } = await ok('CreateKey', { Origin: 'EXTERNAL' });
  const first = await ok('ImportKeyMaterial', await importBody(KeyMetadata.KeyId, randomBytes(32)));
  return { keyId: KeyMetadata.KeyId as string, arn: KeyMetadata.Arn as string, firstMaterialId: first.KeyMaterialId as string };
}

describe('ImportKeyMaterial and DeleteImportedKeyMaterial members', () => {
  it('answers the key ARN and the version imported; NEW_KEY_MATERIAL with a description adds a pending version', async () => {
    const { keyId, arn, firstMaterialId } = await importedKey();
    expect(firstMaterialId).toMatch(/^[0-9a-f]{64}$/);
    const validTo = new Date('2031-01-01T00:00:00Z').getTime() / 1000;
    const extra = { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo };
    const second = await ok('ImportKeyMaterial', await importBody(keyId, randomBytes(32), extra));
    expect(second).toEqual({ KeyId: arn, KeyMaterialId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(second.KeyMaterialId).not.toBe(firstMaterialId);

    const listed = await ok('ListKeyRotations', { KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(listed).toEqual({
      Rotations: [
        { KeyId: arn, KeyMaterialId: firstMaterialId, KeyMaterialDescription: '', ImportState: 'IMPORTED', KeyMaterialState: 'CURRENT', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
        {
          KeyId: arn,
          KeyMaterialId: second.KeyMaterialId,
          KeyMaterialDescription: 'second',
          ImportState: 'IMPORTED',
          KeyMaterialState: 'PENDING_ROTATION',
          ExpirationModel: 'KEY_MATERIAL_EXPIRES',
          ValidTo: validTo,
        },
      ],
      Truncated: false,
    });
    // The pending version is named when deleted, and goes whole.
    expect(await ok('DeleteImportedKeyMaterial', { KeyId: keyId, KeyMaterialId: second.KeyMaterialId })).toEqual({ KeyId: arn, KeyMaterialId: second.KeyMaterialId });
    expect((await ok('ListKeyRotations', { KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations).toHaveLength(1);
  });

  it('refuses with ValidationException an unknown ImportType, a KeyMaterialId with NEW_KEY_MATERIAL, a malformed KeyMaterialId and a description over 256 characters', async () => {
    const { keyId, firstMaterialId } = await importedKey();
    const material = randomBytes(32);
    const refused = [
      { ImportType: 'ROTATE_PLEASE' },
      { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: firstMaterialId },
      { KeyMaterialId: 'AB'.repeat(32) },
      { KeyMaterialId: 7 },
      { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'x'.repeat(257) },
    ];
    for (const extra of refused) expect(await typeOf('ImportKeyMaterial', await importBody(keyId, material, extra)), JSON.stringify(extra)).toBe('ValidationException');
    expect(await typeOf('DeleteImportedKeyMaterial', { KeyId: keyId, KeyMaterialId: 'not-an-id' })).toBe('ValidationException');
    // 256 characters are allowed.
    await ok('ImportKeyMaterial', await importBody(keyId, material, { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'x'.repeat(256) }));
  });

  it('refuses a well-formed KeyMaterialId the key does not have with NotFoundException, on import and on delete', async () => {
    const { keyId, firstMaterialId } = await importedKey();
    const unknown = 'ab'.repeat(32);
    expect(await typeOf('ImportKeyMaterial', await importBody(keyId, randomBytes(32), { KeyMaterialId: unknown }))).toBe('NotFoundException');
    expect(await typeOf('DeleteImportedKeyMaterial', { KeyId: keyId, KeyMaterialId: unknown })).toBe('NotFoundException');
    expect((await ok('DescribeKey', { KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: firstMaterialId });
  });
});

describe('rotation members', () => {
  it('reads RotationPeriodInDays as an integer, and answers the period and next date only while rotation is on', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    const keyId = KeyMetadata.KeyId as string;
    expect(await ok('GetKeyRotationStatus', { KeyId: keyId })).toEqual({ KeyRotationEnabled: false, KeyId: KeyMetadata.Arn });
    for (const period of [90.5, '90', null]) expect(await typeOf('EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: period }), String(period)).toBe('ValidationException');
    expect(await ok('EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: 120 })).toEqual({});
    const next = t.clock.now().getTime() / 1000 + 120 * 86_400;
    expect(await ok('GetKeyRotationStatus', { KeyId: keyId })).toEqual({ KeyRotationEnabled: true, KeyId: KeyMetadata.Arn, RotationPeriodInDays: 120, NextRotationDate: next });
  });

  it('refuses ListKeyRotations members out of range with ValidationException, and a marker it did not hand out with InvalidMarkerException', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    const keyId = KeyMetadata.KeyId as string;
    for (const extra of [{ IncludeKeyMaterial: 'EVERYTHING' }, { Limit: 0 }, { Limit: 1001 }, { Limit: 1.5 }]) {
      expect(await typeOf('ListKeyRotations', { KeyId: keyId, ...extra }), JSON.stringify(extra)).toBe('ValidationException');
    }
    for (const marker of ['0', 'abc', '1'.repeat(10), '']) expect(await typeOf('ListKeyRotations', { KeyId: keyId, Marker: marker }), marker).toBe('InvalidMarkerException');
    expect(await ok('ListKeyRotations', { KeyId: keyId, Limit: 1000 })).toEqual({ Rotations: [], Truncated: false });
  });

  it('lists a generated key on-demand rotation without import state or expiration model, and answers RotateKeyOnDemand with the key ID', async () => {
    const { KeyMetadata } = await ok('CreateKey', {});
    expect(await ok('RotateKeyOnDemand', { KeyId: KeyMetadata.Arn })).toEqual({ KeyId: KeyMetadata.KeyId });
    const current = (await ok('DescribeKey', { KeyId: KeyMetadata.KeyId })).KeyMetadata.CurrentKeyMaterialId;
    expect(current).not.toBe(KeyMetadata.CurrentKeyMaterialId);
    const { Rotations } = await ok('ListKeyRotations', { KeyId: KeyMetadata.KeyId });
    expect(Rotations).toEqual([
      {
        KeyId: KeyMetadata.Arn,
        KeyMaterialId: current,
        KeyMaterialDescription: '',
        KeyMaterialState: 'CURRENT',
        RotationDate: t.clock.now().getTime() / 1000,
        RotationType: 'ON_DEMAND',
      },
    ]);
  });
});

describe('RotationsListEntry', () => {
  const scope = { region: REGION, accountId: ACCOUNT };
  const version: MaterialVersionView = {
    keyId: '0b7f3c4e-5a6d-4e8f-9a0b-1c2d3e4f5a6b',
    materialId: 'cd'.repeat(32),
    sequence: 2,
    description: 'rotated in',
    state: 'NON_CURRENT',
    importState: 'IMPORTED',
    kcv: 'A1B2C3',
    createdAt: new Date('2030-01-01T00:00:00Z'),
    importedAt: new Date('2030-01-01T00:00:00Z'),
    expiresAt: new Date('2030-02-01T00:00:00Z'),
    removal: null,
    rotationDate: new Date('2030-01-02T00:00:00Z'),
    rotationType: 'AUTOMATIC',
  };

  it('describes expiring imported material with its ValidTo, and material whose import was deleted as PENDING_IMPORT without expiry', () => {
    expect(toRotationsListEntry(version, scope)).toEqual({
      KeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${version.keyId}`,
      KeyMaterialId: version.materialId,
      KeyMaterialDescription: 'rotated in',
      ImportState: 'IMPORTED',
      KeyMaterialState: 'NON_CURRENT',
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: 1896134400,
      RotationDate: 1893542400,
      RotationType: 'AUTOMATIC',
    });
    const deleted = toRotationsListEntry(
      { ...version, importState: 'PENDING_IMPORT', importedAt: null, expiresAt: null, removal: { cause: 'DELETED', at: new Date('2030-01-03T00:00:00Z') } },
      scope,
    );
    expect(deleted).toMatchObject({ ImportState: 'PENDING_IMPORT', KeyMaterialState: 'NON_CURRENT' });
    expect(deleted).not.toHaveProperty('ExpirationModel');
    expect(deleted).not.toHaveProperty('ValidTo');
  });
});

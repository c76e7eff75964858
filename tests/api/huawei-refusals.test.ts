// Refusals of the Huawei KMS v1.0 API as Huawei's clients read them: the status of Huawei's error table and
// the body {"error":{"error_code","error_msg"}} (SPEC §12, shared/reference/huawei-kms-v1.md "Errors"), sent
// through Huawei's Node SDK core; roles and the audit trail as for the AWS API (SPEC §9).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordSecret } from '../support/test-logs.mjs';
import { uniqueName } from './support/client';
import { createRoleAccessKey, openInProcess, type InProcessKeyfort } from './support/domain';
import { huaweiRefusal, rawSignedPost, sharedHuaweiKms, sharedHuaweiScope, type THuaweiKms, type THuaweiScopeIds } from './support/huawei-client';

// A well-formed key ID no key has (UUIDs of Keyfort keys are random, version 4).
const UNKNOWN_KEY_ID = '00000000-0000-4000-8000-000000000000';

let keyfort: InProcessKeyfort;
let scope: THuaweiScopeIds;
let hw: THuaweiKms;
let keyId: string;

beforeAll(async () => {
  keyfort = await openInProcess();
  scope = await sharedHuaweiScope(keyfort);
  hw = sharedHuaweiKms(scope);
  keyId = (await hw.ok<{ key_info: { key_id: string } }>('create-key', { key_alias: uniqueName('hw-refusals') })).key_info.key_id;
});
afterAll(async () => {
  await keyfort?.close();
});

describe('Huawei API refusals', () => {
  it('a missing key_id is 400 KMS.0204 naming the field', async () => {
    const refused = await hw.post<{ error: { error_msg: string } }>('describe-key', {});
    expect(refused).toMatchObject(huaweiRefusal(400, 'KMS.0204'));
    expect(refused.body.error.error_msg).toContain('key_id');
  });

  it('a key_id that is not a key ID (an alias) is 400 KMS.0205', async () => {
    expect(await hw.post('describe-key', { key_id: 'alias/hw-refusals' })).toMatchObject(huaweiRefusal(400, 'KMS.0205'));
    expect(await hw.post('encrypt-data', { key_id: 'not-a-key', plain_text: 'x' })).toMatchObject(huaweiRefusal(400, 'KMS.0205'));
  });

  it('a well-formed key ID no key has is 404 KMS.0207', async () => {
    expect(await hw.post('describe-key', { key_id: UNKNOWN_KEY_ID })).toMatchObject(huaweiRefusal(404, 'KMS.0207'));
  });

  it('pending_days 3 is 400 KMS.1401 and leaves the key enabled', async () => {
    expect(await hw.post('schedule-key-deletion', { key_id: keyId, pending_days: '3' })).toMatchObject(huaweiRefusal(400, 'KMS.1401'));
    expect((await hw.ok<{ key_info: { key_state: string } }>('describe-key', { key_id: keyId })).key_info.key_state).toBe('2');
  });

  it('enable-key of an enabled key is 400 KMS.1201', async () => {
    expect(await hw.post('enable-key', { key_id: keyId })).toMatchObject(huaweiRefusal(400, 'KMS.1201'));
  });

  it('encrypt-data with a disabled key is 400 KMS.0209', async () => {
    const { key_info } = await hw.ok<{ key_info: { key_id: string } }>('create-key', { key_alias: uniqueName('hw-disabled') });
    await hw.ok('disable-key', { key_id: key_info.key_id });
    recordSecret('plaintext', 'refused while disabled');
    expect(await hw.post('encrypt-data', { key_id: key_info.key_id, plain_text: 'refused while disabled' })).toMatchObject(huaweiRefusal(400, 'KMS.0209'));
  });

  it('a cipher_text with one byte changed is 400 KMS.2201', async () => {
    recordSecret('plaintext', 'not to be tampered with');
    const { cipher_text } = await hw.ok<{ cipher_text: string }>('encrypt-data', { key_id: keyId, plain_text: 'not to be tampered with' });
    const blob = Buffer.from(cipher_text, 'base64');
    // The last byte: inside the authentication tag, so only the cipher's own check can notice.
    blob[blob.length - 1]! ^= 0x01;
    expect(await hw.post('decrypt-data', { cipher_text: blob.toString('base64') })).toMatchObject(huaweiRefusal(400, 'KMS.2201'));
  });

  it('a correctly signed body that is not JSON is 400 KMS.0202', async () => {
    const keyfort = inject('keyfort');
    const answer = await rawSignedPost({
      origin: keyfort.origin,
      projectId: scope.projectId,
      operation: 'describe-key',
      body: '{"key_id": ',
      accessKeyId: keyfort.accessKeyId,
      secretAccessKey: keyfort.secretAccessKey,
    });
    expect(answer).toMatchObject(huaweiRefusal(400, 'KMS.0202'));
  });

  it('a route Keyfort does not serve is 404 KMS.0201', async () => {
    expect(await hw.post('no-such-operation', { key_id: keyId })).toMatchObject(huaweiRefusal(404, 'KMS.0201'));
  });
});

describe('Huawei API refusals with an operation’s own code', () => {
  it('state refusals: disable of a disabled key KMS.1301, a second schedule-key-deletion KMS.1402, cancel of a key not pending deletion KMS.1501', async () => {
    const { key_info } = await hw.ok<{ key_info: { key_id: string } }>('create-key', { key_alias: uniqueName('hw-states-refused') });
    const id = key_info.key_id;
    expect(await hw.post('cancel-key-deletion', { key_id: id })).toMatchObject(huaweiRefusal(400, 'KMS.1501'));
    await hw.ok('disable-key', { key_id: id });
    expect(await hw.post('disable-key', { key_id: id })).toMatchObject(huaweiRefusal(400, 'KMS.1301'));
    await hw.ok('schedule-key-deletion', { key_id: id, pending_days: 7 });
    expect(await hw.post('schedule-key-deletion', { key_id: id, pending_days: 7 })).toMatchObject(huaweiRefusal(400, 'KMS.1402'));
  });

  it('field refusals: a taken alias KMS.1104, an alias with the alias/ prefix in create-key KMS.1101, limit 0 KMS.1601, datakey_length 7 KMS.1901', async () => {
    const taken = uniqueName('hw-taken');
    await hw.ok('create-key', { key_alias: taken });
    expect(await hw.post('create-key', { key_alias: taken })).toMatchObject(huaweiRefusal(400, 'KMS.1104'));
    expect(await hw.post('create-key', { key_alias: `alias/${uniqueName('hw-prefixed')}` })).toMatchObject(huaweiRefusal(400, 'KMS.1101'));
    expect(await hw.post('list-keys', { limit: '0' })).toMatchObject(huaweiRefusal(400, 'KMS.1601'));
    expect(await hw.post('create-datakey', { key_id: keyId, datakey_length: '7' })).toMatchObject(huaweiRefusal(400, 'KMS.1901'));
  });

  it('decrypt-data naming another key than the ciphertext’s is KMS.2201; GET on a POST operation is 405 KMS.0201', async () => {
    recordSecret('plaintext', 'which key was it');
    const { cipher_text } = await hw.ok<{ cipher_text: string }>('encrypt-data', { key_id: keyId, plain_text: 'which key was it' });
    const { key_info } = await hw.ok<{ key_info: { key_id: string } }>('create-key', { key_alias: uniqueName('hw-other') });
    expect(await hw.post('decrypt-data', { cipher_text, key_id: key_info.key_id })).toMatchObject(huaweiRefusal(400, 'KMS.2201'));
    expect(await hw.call({ method: 'GET', route: 'create-key' })).toMatchObject(huaweiRefusal(405, 'KMS.0201'));
  });

  it('import-key-material with an expiration_time already past is KMS.2602 and the key stays "5"', async () => {
    const { key_info } = await hw.ok<{ key_info: { key_id: string } }>('create-key', { key_alias: uniqueName('hw-past'), origin: 'external' });
    const parameters = await hw.ok<{ import_token: string; public_key: string }>('get-parameters-for-import', { key_id: key_info.key_id });
    const refused = await hw.post('import-key-material', {
      key_id: key_info.key_id,
      import_token: parameters.import_token,
      // Any bytes: the expiry is checked before the material is unwrapped.
      encrypted_key_material: Buffer.alloc(256, 1).toString('base64'),
      expiration_time: '1000000000',
    });
    expect(refused).toMatchObject(huaweiRefusal(400, 'KMS.2602'));
    expect((await hw.ok<{ key_info: { key_state: string } }>('describe-key', { key_id: key_info.key_id })).key_info.key_state).toBe('5');
  });
});

describe('roles and audit through the Huawei API', () => {
  it('a KEY_USER access key may encrypt-data but create-key is 403 KMS.0306', async () => {
    const keyUser = sharedHuaweiKms(scope, await createRoleAccessKey(keyfort, 'KEY_USER'));
    recordSecret('plaintext', 'key users encrypt');
    const encrypted = await keyUser.post<{ key_id: string; cipher_text: string }>('encrypt-data', { key_id: keyId, plain_text: 'key users encrypt' });
    expect(encrypted.status).toBe(200);
    expect(encrypted.body.key_id).toBe(keyId);
    expect(await keyUser.post('create-key', { key_alias: uniqueName('hw-key-user') })).toMatchObject(huaweiRefusal(403, 'KMS.0306'));
  });

  it('the audit record of a Huawei call names the signing access key and via "huawei-api"', async () => {
    const credentials = await createRoleAccessKey(keyfort, 'KEY_MANAGER');
    const manager = sharedHuaweiKms(scope, credentials);
    const { key_info } = await manager.ok<{ key_info: { key_id: string } }>('create-key', { key_alias: uniqueName('hw-audit') });
    const page = await keyfort.ctx.store.listAudit({ action: 'CreateKey', keyId: key_info.key_id, page: 1, pageSize: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      result: 'SUCCESS',
      accessKeyId: credentials.accessKeyId,
      via: 'huawei-api',
      sourceAddress: '127.0.0.1',
      userAgent: 'huaweicloud-usdk-nodejs/3.0',
    });
  });
});

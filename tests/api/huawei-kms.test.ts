// The Huawei KMS v1.0 API (SPEC §12) through Huawei's own Node SDK core, on the real API listener: key
// lifecycle, one key seen through both APIs, data keys, aliases, tags and rotation. Refusals are in
// huawei-refusals.test.ts, bring-your-own-key in huawei-import.test.ts.
import { DecryptCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSecret } from '../support/test-logs.mjs';
import { createKey, expectKmsError, kmsClient, uniqueName } from './support/client';
import { openInProcess, type InProcessKeyfort } from './support/domain';
import { huaweiKms, huaweiRefusal, sharedHuaweiKms, sharedHuaweiScope, type THuaweiKms, type THuaweiScopeIds } from './support/huawei-client';
import { randomAccessKey, randomRootKeyBase64, startApiServer, type RunningServer } from './support/server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EPOCH_MS = /^\d{13}$/;
const DAY_MS = 86_400_000;

type TKeyInfo = Record<string, string>;

let keyfort: InProcessKeyfort;
let scope: THuaweiScopeIds;
let hw: THuaweiKms;
const aws = kmsClient();

beforeAll(async () => {
  keyfort = await openInProcess();
  scope = await sharedHuaweiScope(keyfort);
  hw = sharedHuaweiKms(scope);
});
afterAll(async () => {
  await keyfort?.close();
});

async function createHuaweiKey(alias: string, extra: object = {}): Promise<string> {
  const { key_info } = await hw.ok<{ key_info: TKeyInfo }>('create-key', { key_alias: alias, ...extra });
  return key_info.key_id!;
}

async function details(keyId: string): Promise<TKeyInfo> {
  return (await hw.ok<{ key_info: TKeyInfo }>('describe-key', { key_id: keyId })).key_info;
}

describe('key lifecycle through the Huawei API', () => {
  it('create-key answers the key ID and this Keyfort’s domain_id; describe-key reports state "2", origin kms and creation_date in epoch milliseconds', async () => {
    const alias = uniqueName('hw-life');
    const before = Date.now();
    const created = await hw.ok<{ key_info: TKeyInfo }>('create-key', { key_alias: alias, key_description: 'huawei lifecycle', origin: 'kms' });
    const after = Date.now();
    expect(created.key_info).toEqual({ key_id: expect.stringMatching(UUID), domain_id: scope.domainId });
    const keyId = created.key_info.key_id!;

    const info = await details(keyId);
    expect(info).toMatchObject({
      key_id: keyId,
      domain_id: scope.domainId,
      key_alias: alias,
      key_description: 'huawei lifecycle',
      key_spec: 'AES_256',
      key_usage: 'ENCRYPT_DECRYPT',
      key_state: '2',
      origin: 'kms',
      default_key_flag: '0',
      scheduled_deletion_date: '',
      expiration_time: '',
      key_rotation_enabled: 'false',
    });
    expect(info.creation_date).toMatch(EPOCH_MS);
    // Milliseconds, not seconds: within the minute around the call (same machine, same clock).
    expect(Number(info.creation_date)).toBeGreaterThanOrEqual(before - 60_000);
    expect(Number(info.creation_date)).toBeLessThanOrEqual(after + 60_000);
  });

  it('update-key-alias replaces the only alias and update-key-description the description; describe-key shows both', async () => {
    const keyId = await createHuaweiKey(uniqueName('hw-rename'));
    const renamed = uniqueName('hw-renamed');
    expect(await hw.ok('update-key-alias', { key_id: keyId, key_alias: renamed })).toEqual({ key_info: { key_id: keyId, key_alias: renamed } });
    expect(await hw.ok('update-key-description', { key_id: keyId, key_description: 'described again' })).toEqual({
      key_info: { key_id: keyId, key_description: 'described again' },
    });
    expect(await details(keyId)).toMatchObject({ key_alias: renamed, key_description: 'described again' });
    // The old name is free again, the new one taken: AWS sees exactly one alias.
    const { KeyMetadata } = await aws.send(new DescribeKeyCommand({ KeyId: `alias/${renamed}` }));
    expect(KeyMetadata?.KeyId).toBe(keyId);
  });

  it('disable-key "3", enable-key "2", schedule-key-deletion (pending_days 7) "4" with the date 7 days on, cancel-key-deletion "3"', async () => {
    const keyId = await createHuaweiKey(uniqueName('hw-states'));
    expect(await hw.ok('disable-key', { key_id: keyId })).toEqual({ key_info: { key_id: keyId, key_state: '3' } });
    expect((await details(keyId)).key_state).toBe('3');
    expect(await hw.ok('enable-key', { key_id: keyId })).toEqual({ key_info: { key_id: keyId, key_state: '2' } });
    expect((await details(keyId)).key_state).toBe('2');

    const before = Date.now();
    // Huawei's SDKs send pending_days as a string.
    expect(await hw.ok('schedule-key-deletion', { key_id: keyId, pending_days: '7' })).toEqual({ key_id: keyId, key_state: '4' });
    const pending = await details(keyId);
    expect(pending.key_state).toBe('4');
    expect(pending.scheduled_deletion_date).toMatch(EPOCH_MS);
    expect(Number(pending.scheduled_deletion_date)).toBeGreaterThanOrEqual(before + 7 * DAY_MS - 60_000);
    expect(Number(pending.scheduled_deletion_date)).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS + 60_000);

    // As AWS's CancelKeyDeletion: the key comes back disabled (SPEC §2).
    expect(await hw.ok('cancel-key-deletion', { key_id: keyId })).toEqual({ key_id: keyId, key_state: '3' });
    expect(await details(keyId)).toMatchObject({ key_state: '3', scheduled_deletion_date: '' });
  });
});

describe('list-keys on a Keyfort of its own (only this test’s keys exist)', () => {
  const PROJECT = '0123456789abcdef0123456789abcdef';
  let server: RunningServer;
  let dataDir: string;
  let own: THuaweiKms;
  const admin = randomAccessKey('KFHWLIST');

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-huawei-list-'));
    // This suite's own port range (4700–4799), so that the shared server is left alone.
    server = await startApiServer({ dataDir, rootKeyBase64: randomRootKeyBase64(), bootstrap: admin, port: 4700, env: { KEYFORT_HUAWEI_PROJECT_ID: PROJECT } });
    own = huaweiKms({ origin: server.origin, projectId: PROJECT, ...admin });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('pages oldest first by limit and next_marker with truncated "true"/"false" and total; filters by key_state', async () => {
    const ids: string[] = [];
    for (const name of ['list-a', 'list-b', 'list-c']) {
      const { key_info } = await own.ok<{ key_info: TKeyInfo }>('create-key', { key_alias: name });
      ids.push(key_info.key_id!);
    }
    await own.ok('disable-key', { key_id: ids[1]! });

    type TList = { keys: string[]; key_details: TKeyInfo[]; next_marker: string; truncated: string; total: number };
    const first = await own.ok<TList>('list-keys', { limit: '2' });
    expect(first).toMatchObject({ keys: ids.slice(0, 2), truncated: 'true', total: 3 });
    expect(first.next_marker).not.toBe('');
    expect(first.key_details.map((d) => [d.key_id, d.key_state, d.key_alias])).toEqual([
      [ids[0], '2', 'list-a'],
      [ids[1], '3', 'list-b'],
    ]);
    const second = await own.ok<TList>('list-keys', { limit: '2', marker: first.next_marker });
    expect(second).toMatchObject({ keys: ids.slice(2), truncated: 'false', next_marker: '', total: 3 });

    expect(await own.ok<TList>('list-keys', { key_state: '3' })).toMatchObject({ keys: [ids[1]], truncated: 'false', total: 1 });
    expect(await own.ok<TList>('list-keys', { key_state: '2' })).toMatchObject({ keys: [ids[0], ids[2]], total: 2 });
    // "1" (pending activation) is a state Keyfort keys never have.
    expect(await own.ok<TList>('list-keys', { key_state: '1' })).toMatchObject({ keys: [], key_details: [], total: 0, truncated: 'false' });
  });

  it('answers as the project KEYFORT_HUAWEI_PROJECT_ID names, and refuses the shared server’s project with 403 KMS.0306', async () => {
    if (scope.projectId === PROJECT) throw new Error('the shared server happens to answer as this suite’s project');
    const other = huaweiKms({ origin: server.origin, projectId: scope.projectId, ...admin });
    expect(await other.post('list-keys', {})).toMatchObject(huaweiRefusal(403, 'KMS.0306'));
  });
});

describe('one key, two APIs', () => {
  it('a key created through Huawei is described by the AWS SDK, and one created by the AWS SDK through Huawei', async () => {
    const alias = uniqueName('hw-both');
    const huaweiKeyId = await createHuaweiKey(alias, { key_description: 'made through huawei' });
    const { KeyMetadata } = await aws.send(new DescribeKeyCommand({ KeyId: huaweiKeyId }));
    expect(KeyMetadata).toMatchObject({ KeyId: huaweiKeyId, KeyState: 'Enabled', Description: 'made through huawei', Origin: 'AWS_KMS' });
    expect((await aws.send(new DescribeKeyCommand({ KeyId: `alias/${alias}` }))).KeyMetadata?.KeyId).toBe(huaweiKeyId);

    const awsKey = await createKey(aws, { Description: 'made through aws' });
    expect(await details(awsKey.KeyId)).toMatchObject({ key_id: awsKey.KeyId, key_state: '2', origin: 'kms', key_description: 'made through aws', key_alias: '' });
    expect(Number((await details(awsKey.KeyId)).creation_date)).toBe(awsKey.CreationDate!.getTime());
  });

  it('encrypt-data output decrypts through AWS Decrypt: without AAD as it is, with AAD A only under the context {"additional_authenticated_data": A}', async () => {
    const keyId = await createHuaweiKey(uniqueName('hw-enc'));
    const plainText = `huawei to aws ${randomBytes(6).toString('hex')}`;
    recordSecret('plaintext', plainText);

    const bare = await hw.ok<{ key_id: string; cipher_text: string }>('encrypt-data', { key_id: keyId, plain_text: plainText });
    expect(bare.key_id).toBe(keyId);
    const opened = await aws.send(new DecryptCommand({ CiphertextBlob: Buffer.from(bare.cipher_text, 'base64') }));
    expect(Buffer.from(opened.Plaintext!).toString('utf8')).toBe(plainText);

    const aad = 'tenant=42';
    const bound = await hw.ok<{ cipher_text: string }>('encrypt-data', { key_id: keyId, plain_text: plainText, additional_authenticated_data: aad });
    const blob = Buffer.from(bound.cipher_text, 'base64');
    const withContext = await aws.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { additional_authenticated_data: aad } }));
    expect(Buffer.from(withContext.Plaintext!).toString('utf8')).toBe(plainText);
    await expectKmsError(aws.send(new DecryptCommand({ CiphertextBlob: blob })), 'InvalidCiphertextException');
  });

  it('AWS Encrypt output decrypts through decrypt-data (plain_text and plain_text_base64), the context given as additional_authenticated_data', async () => {
    const { KeyId } = await createKey(aws, { Description: 'aws to huawei' });
    const plaintext = Buffer.from(`aws to huawei ${randomBytes(6).toString('hex')}`);
    const aad = 'order-7';
    const { CiphertextBlob } = await aws.send(new EncryptCommand({ KeyId, Plaintext: plaintext, EncryptionContext: { additional_authenticated_data: aad } }));
    const cipherText = Buffer.from(CiphertextBlob!).toString('base64');

    expect(await hw.ok('decrypt-data', { cipher_text: cipherText, additional_authenticated_data: aad })).toEqual({
      key_id: KeyId,
      plain_text: plaintext.toString('utf8'),
      plain_text_base64: plaintext.toString('base64'),
    });
    expect(await hw.post('decrypt-data', { cipher_text: cipherText })).toMatchObject(huaweiRefusal(400, 'KMS.2201'));
  });

  it('create-datakey answers a hex data key and hex cipher_text; decrypt-datakey gives it back with its length and SHA-256, and AWS Decrypt opens the same blob', async () => {
    const keyId = await createHuaweiKey(uniqueName('hw-dk'));
    const aad = 'envelope';
    const made = await hw.ok<{ key_id: string; plain_text: string; cipher_text: string }>('create-datakey', {
      key_id: keyId,
      key_spec: 'AES_256',
      additional_authenticated_data: aad,
    });
    expect(made.key_id).toBe(keyId);
    expect(made.plain_text).toMatch(/^[0-9a-f]{64}$/);
    expect(made.cipher_text).toMatch(/^(?:[0-9a-f]{2})+$/);

    const opened = await hw.ok('decrypt-datakey', { key_id: keyId, cipher_text: made.cipher_text, datakey_cipher_length: '32', additional_authenticated_data: aad });
    expect(opened).toEqual({
      data_key: made.plain_text,
      datakey_length: '32',
      datakey_dgst: createHash('sha256').update(Buffer.from(made.plain_text, 'hex')).digest('hex'),
    });
    const viaAws = await aws.send(new DecryptCommand({ CiphertextBlob: Buffer.from(made.cipher_text, 'hex'), EncryptionContext: { additional_authenticated_data: aad } }));
    expect(Buffer.from(viaAws.Plaintext!).toString('hex')).toBe(made.plain_text);
  });

  it('create-datakey-without-plaintext answers only key_id and cipher_text, which decrypt-datakey opens to a key of the asked length', async () => {
    const keyId = await createHuaweiKey(uniqueName('hw-dkw'));
    const made = await hw.ok<{ cipher_text: string }>('create-datakey-without-plaintext', { key_id: keyId, datakey_length: '128' });
    expect(Object.keys(made).sort()).toEqual(['cipher_text', 'key_id']);
    const opened = await hw.ok<{ data_key: string; datakey_length: string }>('decrypt-datakey', { key_id: keyId, cipher_text: made.cipher_text, datakey_cipher_length: '16' });
    recordSecret('data-key', opened.data_key);
    expect(opened.data_key).toMatch(/^[0-9a-f]{32}$/);
    expect(opened.datakey_length).toBe('16');
  });

  it('encrypt-datakey seals Huawei’s form (data key hex followed by its SHA-256) and decrypt-datakey gives the data key back; a wrong digest is KMS.2101', async () => {
    const keyId = await createHuaweiKey(uniqueName('hw-edk'));
    const dataKey = randomBytes(32);
    recordSecret('data-key', dataKey);
    const digest = createHash('sha256').update(dataKey).digest();
    const sealed = await hw.ok<{ key_id: string; cipher_text: string; datakey_length: string }>('encrypt-datakey', {
      key_id: keyId,
      plain_text: Buffer.concat([dataKey, digest]).toString('hex'),
      datakey_plain_length: '32',
    });
    expect(sealed).toMatchObject({ key_id: keyId, datakey_length: '32' });
    expect(await hw.ok('decrypt-datakey', { key_id: keyId, cipher_text: sealed.cipher_text, datakey_cipher_length: '32' })).toMatchObject({
      data_key: dataKey.toString('hex'),
      datakey_dgst: digest.toString('hex'),
    });
    const wrongDigest = Buffer.concat([dataKey, Buffer.alloc(32)]).toString('hex');
    expect(await hw.post('encrypt-datakey', { key_id: keyId, plain_text: wrongDigest, datakey_plain_length: '32' })).toMatchObject(huaweiRefusal(400, 'KMS.2101'));
  });
});

describe('aliases, tags and rotation routes', () => {
  it('POST aliases adds an alias/ name, GET aliases?key_id= lists it with its URN and times, DELETE aliases removes it', async () => {
    const first = uniqueName('hw-al1');
    const keyId = await createHuaweiKey(first);
    const second = uniqueName('hw-al2');
    expect((await hw.call({ method: 'POST', route: 'aliases', body: { key_id: keyId, alias: `alias/${second}` } })).status).toBe(200);

    type TAliases = { aliases: Array<Record<string, string>>; page_info: { next_marker: string; current_count: number } };
    const listed = await hw.call<TAliases>({ method: 'GET', route: 'aliases', query: { key_id: keyId } });
    expect(listed.status).toBe(200);
    expect(listed.body.aliases.map((a) => a.alias).sort()).toEqual([`alias/${first}`, `alias/${second}`].sort());
    expect(listed.body.page_info.current_count).toBe(2);
    const entry = listed.body.aliases.find((a) => a.alias === `alias/${second}`)!;
    expect(entry).toMatchObject({ key_id: keyId, alias_urn: `kms::${scope.domainId}:alias/${second}` });
    expect(entry.create_time).toMatch(EPOCH_MS);

    expect((await hw.call({ method: 'DELETE', route: 'aliases', body: { key_id: keyId, aliases: [`alias/${second}`] } })).status).toBe(200);
    const after = await hw.call<TAliases>({ method: 'GET', route: 'aliases', query: { key_id: keyId } });
    expect(after.body.aliases.map((a) => a.alias)).toEqual([`alias/${first}`]);
  });

  it('POST {key_id}/tags adds one tag, tags/action creates and deletes several, DELETE {key_id}/tags/{key} removes one; GET lists what is left', async () => {
    const keyId = await createHuaweiKey(uniqueName('hw-tags'));
    type TTags = { tags: Array<{ key: string; value: string }>; existTagsNum: number };
    expect((await hw.call({ method: 'POST', route: `${keyId}/tags`, body: { tag: { key: 'team', value: 'payments' } } })).status).toBe(204);
    const batch = { action: 'create', tags: [{ key: 'env', value: 'prod' }, { key: 'cost', value: '12' }, { key: 'tmp', value: 'x' }] };
    expect((await hw.call({ method: 'POST', route: `${keyId}/tags/action`, body: batch })).status).toBe(204);
    expect((await hw.call({ method: 'POST', route: `${keyId}/tags/action`, body: { action: 'delete', tags: [{ key: 'cost' }, { key: 'tmp' }] } })).status).toBe(204);
    expect((await hw.call({ method: 'DELETE', route: `${keyId}/tags/team` })).status).toBe(204);

    const listed = await hw.call<TTags>({ method: 'GET', route: `${keyId}/tags` });
    expect(listed).toMatchObject({ status: 200, body: { tags: [{ key: 'env', value: 'prod' }], existTagsNum: 1 } });
  });

  it('rotation of a generated key: enable-key-rotation, get-key-rotation-status, update-key-rotation-interval, disable-key-rotation', async () => {
    const keyId = await createHuaweiKey(uniqueName('hw-rot'));
    type TStatus = { key_rotation_enabled: boolean; rotation_interval: number; last_rotation_time: string; number_of_rotations: number };
    // Off: Huawei always answers an interval, the default 365.
    expect(await hw.ok<TStatus>('get-key-rotation-status', { key_id: keyId })).toEqual({
      key_rotation_enabled: false,
      rotation_interval: 365,
      last_rotation_time: '',
      number_of_rotations: 0,
    });

    expect((await hw.post('enable-key-rotation', { key_id: keyId })).status).toBe(200);
    expect(await hw.ok<TStatus>('get-key-rotation-status', { key_id: keyId })).toMatchObject({ key_rotation_enabled: true, rotation_interval: 365 });
    expect((await details(keyId)).key_rotation_enabled).toBe('true');

    expect((await hw.post('update-key-rotation-interval', { key_id: keyId, rotation_interval: '120' })).status).toBe(200);
    expect(await hw.ok<TStatus>('get-key-rotation-status', { key_id: keyId })).toMatchObject({ key_rotation_enabled: true, rotation_interval: 120 });
    // Huawei's 30–89 days are below Keyfort's 90-day minimum (SPEC §11).
    expect(await hw.post('update-key-rotation-interval', { key_id: keyId, rotation_interval: 30 })).toMatchObject(huaweiRefusal(400, 'KMS.0308'));

    expect((await hw.post('disable-key-rotation', { key_id: keyId })).status).toBe(200);
    expect(await hw.ok<TStatus>('get-key-rotation-status', { key_id: keyId })).toMatchObject({ key_rotation_enabled: false });
    expect((await details(keyId)).key_rotation_enabled).toBe('false');
  });
});

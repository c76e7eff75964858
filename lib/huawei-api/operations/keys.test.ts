import { describe, expect, it } from 'vitest';
import { createAlias } from '@/lib/kms';
import { apiActor, createHuaweiTestApi, SCOPE } from '../testing/operations';

const CREATED = new Date('2030-01-01T12:00:00Z').getTime();

describe('create-key and describe-key', () => {
  it('creates a generated key and describes it with Huawei key details', async () => {
    const api = createHuaweiTestApi();
    const created = await api.ok('create-key', { key_alias: 'payments', key_description: '支付', sequence: '919c82d4-8046-4722-9094-35c3c6524cff' });
    const keyId = created.key_info.key_id;
    expect(created).toEqual({ key_info: { key_id: expect.stringMatching(/^[0-9a-f-]{36}$/), domain_id: SCOPE.domainId } });
    expect(await api.ok('describe-key', { key_id: keyId })).toEqual({
      key_info: {
        key_id: keyId,
        domain_id: SCOPE.domainId,
        key_alias: 'payments',
        realm: '',
        key_spec: 'AES_256',
        key_usage: 'ENCRYPT_DECRYPT',
        key_description: '支付',
        creation_date: String(CREATED),
        scheduled_deletion_date: '',
        key_state: '2',
        default_key_flag: '0',
        key_type: '1',
        expiration_time: '',
        origin: 'kms',
        key_rotation_enabled: 'false',
      },
    });
  });

  it('creates an external key pending import (state "5"), and ignores fields it does not know', async () => {
    const api = createHuaweiTestApi();
    const { key_info } = await api.ok('create-key', { key_alias: 'byok', origin: 'external', key_spec: 'AES_256', key_usage: 'ENCRYPT_DECRYPT', enterprise_project_id: '0' });
    expect((await api.ok('describe-key', { key_id: key_info.key_id })).key_info).toMatchObject({ key_state: '5', origin: 'external' });
  });

  it.each([
    ['no key_alias', {}, 'KMS.0204'],
    ['key_alias null', { key_alias: null }, 'KMS.0204'],
    ['an alias with spaces', { key_alias: 'not valid' }, 'KMS.1101'],
    ['an alias ending in /default', { key_alias: 'a/default' }, 'KMS.1101'],
    ['an alias with the alias/ prefix', { key_alias: 'alias/x' }, 'KMS.1101'],
    ['a description of 256 characters', { key_alias: 'k', key_description: 'x'.repeat(256) }, 'KMS.1103'],
    ['a description with a control character', { key_alias: 'k', key_description: 'a\u0007b' }, 'KMS.1103'],
    ['key_spec SM4', { key_alias: 'k', key_spec: 'SM4' }, 'KMS.0308'],
    ['origin EXTERNAL (Huawei spells it lower-case)', { key_alias: 'k', origin: 'EXTERNAL' }, 'KMS.0308'],
  ])('refuses %s with %s', async (_, body, code) => {
    expect(await createHuaweiTestApi().refusal('create-key', body)).toBe(code);
  });

  it('refuses a taken alias as the domain does (ALIAS_EXISTS, KMS.1104 in the default table)', async () => {
    const api = createHuaweiTestApi();
    await api.key({ alias: 'same' });
    expect(await api.refusal('create-key', { key_alias: 'same' })).toBe('ALIAS_EXISTS');
  });

  it('describe-key: missing key_id is KMS.0204, a malformed one KMS.0205, an unknown one NOT_FOUND', async () => {
    const api = createHuaweiTestApi();
    expect(await api.refusal('describe-key', {})).toBe('KMS.0204');
    expect(await api.message('describe-key', {})).toBe('Missing parameter key_id.');
    expect(await api.refusal('describe-key', { key_id: 'alias/payments' })).toBe('KMS.0205');
    expect(await api.refusal('describe-key', { key_id: 42 })).toBe('KMS.0205');
    expect(await api.refusal('describe-key', { key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f' })).toBe('NOT_FOUND');
  });
});

describe('list-keys', () => {
  it('pages oldest first with limit and next_marker, and reports total and truncated as Huawei does', async () => {
    const api = createHuaweiTestApi();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await api.key());
      api.t.clock.advance({ seconds: 1 });
    }
    const first = await api.ok('list-keys', { limit: '2' });
    expect(first).toMatchObject({ keys: ids.slice(0, 2), truncated: 'true', total: 3 });
    expect(first.key_details.map((d: { key_id: string }) => d.key_id)).toEqual(ids.slice(0, 2));
    const second = await api.ok('list-keys', { limit: '2', marker: first.next_marker });
    expect(second).toMatchObject({ keys: ids.slice(2), truncated: 'false', next_marker: '', total: 3 });
  });

  it('filters by key_state; "1" (pending activation) matches no Keyfort key', async () => {
    const api = createHuaweiTestApi();
    const enabled = await api.key();
    const pendingImport = await api.key({ origin: 'external' });
    expect((await api.ok('list-keys', { key_state: '2' })).keys).toEqual([enabled]);
    expect((await api.ok('list-keys', { key_state: '5' })).keys).toEqual([pendingImport]);
    expect(await api.ok('list-keys', { key_state: '1' })).toMatchObject({ keys: [], key_details: [], total: 0, truncated: 'false' });
    expect((await api.ok('list-keys', { key_spec: 'RSA_2048' })).keys).toEqual([]);
  });

  it.each([['0'], ['1001'], ['ten'], [-1]])('refuses limit %j with KMS.1601', async (limit) => {
    expect(await createHuaweiTestApi().refusal('list-keys', { limit })).toBe('KMS.1601');
  });

  it('refuses a key_state outside "1"–"5" and a marker it did not hand out', async () => {
    const api = createHuaweiTestApi();
    expect(await api.refusal('list-keys', { key_state: '6' })).toBe('KMS.0308');
    expect(await api.refusal('list-keys', { marker: 'garbage' })).toBe('VALIDATION');
  });
});

describe('update-key-alias and update-key-description', () => {
  it("replaces the key's alias: describe-key shows the new one and the old name is free", async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ alias: 'before' });
    expect(await api.ok('update-key-alias', { key_id: keyId, key_alias: 'after' })).toEqual({ key_info: { key_id: keyId, key_alias: 'after' } });
    expect((await api.ok('describe-key', { key_id: keyId })).key_info.key_alias).toBe('after');
    await api.key({ alias: 'before' });
  });

  it('refuses a bad alias (KMS.1101), and a key with several aliases (INVALID_STATE) rather than guess which one to replace', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ alias: 'one' });
    expect(await api.refusal('update-key-alias', { key_id: keyId, key_alias: 'bad alias' })).toBe('KMS.1101');
    expect(await api.refusal('update-key-alias', { key_id: keyId })).toBe('KMS.0204');
    await createAlias(api.t.ctx, { actor: apiActor(), keyId, alias: 'two' });
    expect(await api.refusal('update-key-alias', { key_id: keyId, key_alias: 'three' })).toBe('INVALID_STATE');
  });

  it('updates the description; a bad one is KMS.1103', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.ok('update-key-description', { key_id: keyId, key_description: 'new' })).toEqual({ key_info: { key_id: keyId, key_description: 'new' } });
    expect(await api.refusal('update-key-description', { key_id: keyId, key_description: 'x'.repeat(256) })).toBe('KMS.1103');
    expect(await api.refusal('update-key-description', { key_id: keyId })).toBe('KMS.0204');
  });

  it('checks the role through the domain: a key user may describe but not rename', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect((await api.call('describe-key', { body: { key_id: keyId }, actor: apiActor('KEY_USER') })).status).toBe(200);
    expect(await api.refusal('update-key-alias', { body: { key_id: keyId, key_alias: 'x' }, actor: apiActor('KEY_USER') })).toBe('FORBIDDEN');
  });
});

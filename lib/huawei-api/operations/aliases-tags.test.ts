import { describe, expect, it } from 'vitest';
import { createHuaweiTestApi, SCOPE } from '../testing/operations';

const CREATED = String(new Date('2030-01-01T12:00:00Z').getTime());

describe('aliases', () => {
  it('adds an alias/<name>, lists it with its URN and times, and describe-key still reports the first alias', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ alias: 'b-main' });
    expect(await api.call('create-alias', { body: { key_id: keyId, alias: 'alias/a-extra' } })).toEqual({ status: 200, payload: undefined });
    const listed = await api.call('list-aliases', { query: { key_id: keyId } });
    expect(listed.payload).toEqual({
      aliases: [
        { key_id: keyId, alias: 'alias/a-extra', alias_urn: `kms::${SCOPE.domainId}:alias/a-extra`, create_time: CREATED, update_time: CREATED },
        { key_id: keyId, alias: 'alias/b-main', alias_urn: `kms::${SCOPE.domainId}:alias/b-main`, create_time: CREATED, update_time: CREATED },
      ],
      page_info: { next_marker: '', current_count: 2 },
    });
    expect((await api.ok('describe-key', { key_id: keyId })).key_info.key_alias).toBe('a-extra');
  });

  it('pages with limit and marker from the query; an empty query parameter counts as absent', async () => {
    const api = createHuaweiTestApi();
    await api.key({ alias: 'one' });
    await api.key({ alias: 'two' });
    const first = await api.call('list-aliases', { query: { limit: '1', marker: '', key_id: '' } });
    expect(first.payload).toMatchObject({ aliases: [{ alias: 'alias/one' }], page_info: { current_count: 1 } });
    const next = first.payload?.page_info.next_marker;
    const second = await api.call('list-aliases', { query: { limit: '1', marker: next } });
    expect(second.payload).toMatchObject({ aliases: [{ alias: 'alias/two' }], page_info: { next_marker: '', current_count: 1 } });
    expect(await api.refusal('list-aliases', { query: { limit: '0' } })).toBe('KMS.1601');
    expect(await api.refusal('list-aliases', { query: { key_id: 'nope' } })).toBe('KMS.0205');
  });

  it('refuses an alias without the alias/ prefix or with a bad name (KMS.1101), and a taken one (ALIAS_EXISTS)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ alias: 'taken' });
    expect(await api.refusal('create-alias', { key_id: keyId, alias: 'plain' })).toBe('KMS.1101');
    expect(await api.refusal('create-alias', { key_id: keyId, alias: 'alias/a b' })).toBe('KMS.1101');
    expect(await api.refusal('create-alias', { key_id: keyId, alias: 'alias/aws/x' })).toBe('KMS.1101');
    expect(await api.refusal('create-alias', { key_id: keyId })).toBe('KMS.0204');
    expect(await api.refusal('create-alias', { key_id: keyId, alias: 'alias/taken' })).toBe('ALIAS_EXISTS');
  });

  it("deletes several of the key's aliases at once; naming another key's alias deletes none", async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ alias: 'k1' });
    await api.ok('create-alias', { key_id: keyId, alias: 'alias/k2' });
    await api.ok('create-alias', { key_id: keyId, alias: 'alias/k3' });
    await api.key({ alias: 'foreign' });
    expect(await api.refusal('delete-alias', { key_id: keyId, aliases: ['alias/k1', 'alias/foreign'] })).toBe('NOT_FOUND');
    expect(await api.call('delete-alias', { body: { key_id: keyId, aliases: ['alias/k1', 'alias/k3'] } })).toEqual({ status: 200, payload: undefined });
    expect((await api.call('list-aliases', { query: { key_id: keyId } })).payload?.aliases.map((a: { alias: string }) => a.alias)).toEqual(['alias/k2']);
    expect(await api.refusal('delete-alias', { key_id: keyId, aliases: ['k2'] })).toBe('KMS.1101');
    expect(await api.refusal('delete-alias', { key_id: keyId })).toBe('KMS.0204');
  });
});

describe('tags', () => {
  it('adds one tag (204), lists tags with existTagsNum, deletes one by key (204)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.call('create-key-tag', { params: { key_id: keyId }, body: { tag: { key: 'DEV', value: 'DEV1' }, sequence: 'x' } })).toEqual({ status: 204, payload: undefined });
    await api.call('create-key-tag', { params: { key_id: keyId }, body: { tag: { key: 'team' } } });
    expect((await api.call('list-key-tags', { params: { key_id: keyId } })).payload).toEqual({
      tags: [
        { key: 'DEV', value: 'DEV1' },
        { key: 'team', value: '' },
      ],
      existTagsNum: 2,
    });
    expect(await api.call('delete-key-tag', { params: { key_id: keyId, tag_key: 'DEV' } })).toEqual({ status: 204, payload: undefined });
    expect((await api.call('list-key-tags', { params: { key_id: keyId } })).payload).toEqual({ tags: [{ key: 'team', value: '' }], existTagsNum: 1 });
  });

  it('adds and removes tags in batches through tags/action', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const tags = [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ];
    expect((await api.call('batch-create-key-tags', { params: { key_id: keyId }, body: { action: 'create', tags } })).status).toBe(204);
    expect((await api.call('list-key-tags', { params: { key_id: keyId } })).payload?.existTagsNum).toBe(2);
    await api.call('batch-create-key-tags', { params: { key_id: keyId }, body: { action: 'delete', tags: [{ key: 'a', value: 'ignored' }] } });
    expect((await api.call('list-key-tags', { params: { key_id: keyId } })).payload?.tags).toEqual([{ key: 'b', value: '2' }]);
  });

  it('refuses a malformed path key ID (KMS.0205), a missing tag (KMS.0204), an unknown action, and tag rules as the domain does', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.refusal('list-key-tags', { params: { key_id: 'xyz' } })).toBe('KMS.0205');
    expect(await api.refusal('create-key-tag', { params: { key_id: keyId }, body: {} })).toBe('KMS.0204');
    expect(await api.refusal('create-key-tag', { params: { key_id: keyId }, body: { tag: { value: 'v' } } })).toBe('KMS.0204');
    expect(await api.refusal('batch-create-key-tags', { params: { key_id: keyId }, body: { action: 'update', tags: [] } })).toBe('KMS.0308');
    expect(await api.refusal('create-key-tag', { params: { key_id: keyId }, body: { tag: { key: 'aws:reserved', value: '' } } })).toBe('VALIDATION');
  });
});

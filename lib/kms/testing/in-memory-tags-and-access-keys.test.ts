import { describe, expect, it } from 'vitest';
import type { NewKey } from '../store';
import type { AccessKeyRecord, AuditEventInput } from '../types';
import { InMemoryAccessKeyStore } from './in-memory-access-key-store';
import { InMemoryKeyStore } from './in-memory-store';
import { barrier } from './test-context';

// Pins the fakes' semantics for tags, alias listing and access keys, which the domain tests rely on.
const at = new Date('2030-01-01T00:00:00Z');
const newKey = (id: string): NewKey => ({
  id,
  description: '',
  state: 'ENABLED',
  origin: 'KMS',
  createdAt: at,
  updatedAt: at,
  deletionDate: null,
  materialCiphertext: new Uint8Array([1]),
  materialId: 'm',
  materialImportedAt: null,
  materialExpiresAt: null,
});
const event: AuditEventInput = {
  at,
  actor: { type: 'system', id: 'system', name: 'Keyfort', role: 'ADMINISTRATOR' },
  action: 'CreateAccessKey',
  keyId: null,
  result: 'SUCCESS',
  errorCode: null,
};
const accessKey = (id: string, createdAt = at): AccessKeyRecord => ({
  id,
  secretCiphertext: new Uint8Array([7, 7]),
  role: 'KEY_USER',
  ownerName: 'owner',
  ownerUserId: null,
  description: '',
  createdAt,
  lastUsedAt: null,
  revokedAt: null,
});

async function withKeys(...ids: string[]): Promise<InMemoryKeyStore> {
  const store = new InMemoryKeyStore();
  await store.transaction(async (tx) => {
    for (const id of ids) await tx.insertKey(newKey(id));
  });
  return store;
}

describe('InMemoryKeyStore tags', () => {
  it('upserts by tag key (case-sensitive), deletes only what exists, and rolls back with the transaction', async () => {
    const store = await withKeys('k1');
    await store.transaction((tx) => tx.putTags('k1', [{ tagKey: 'a', tagValue: '1' }, { tagKey: 'A', tagValue: '2' }], at));
    await store.transaction(async (tx) => {
      await tx.putTags('k1', [{ tagKey: 'a', tagValue: 'new' }], new Date(at.getTime() + 1000));
      await tx.deleteTags('k1', ['A', 'absent']);
      expect(await tx.listTags('k1')).toEqual([{ tagKey: 'a', tagValue: 'new' }]);
      expect(await store.listTags('k1')).toHaveLength(2); // not committed yet
    });
    expect(await store.listTags('k1')).toEqual([{ tagKey: 'a', tagValue: 'new' }]);
    expect([...store.tags.values()][0]?.createdAt).toEqual(at);
    await expect(
      store.transaction(async (tx) => {
        await tx.deleteTags('k1', ['a']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.listTags('k1')).toHaveLength(1);
  });

  it('refuses tags on a missing key and deletes a key’s tags with it', async () => {
    const store = await withKeys('k1', 'k2');
    await expect(store.transaction((tx) => tx.putTags('nope', [{ tagKey: 'a', tagValue: '' }], at))).rejects.toThrow(/Foreign key/);
    await store.transaction(async (tx) => {
      await tx.putTags('k1', [{ tagKey: 'a', tagValue: '' }], at);
      await tx.putTags('k2', [{ tagKey: 'a', tagValue: '' }], at);
    });
    expect(await store.transaction((tx) => tx.deleteKey('k1', 0))).toBe(true);
    expect(await store.listTags('k1')).toEqual([]);
    expect(await store.listTags('k2')).toHaveLength(1);
  });

  it('lists aliases in byte order, after a name, for one key, up to a limit', async () => {
    const store = await withKeys('k1', 'k2');
    await store.transaction(async (tx) => {
      for (const [name, keyId] of [['b', 'k1'], ['B', 'k2'], ['a-b', 'k1'], ['a/b', 'k2'], ['_', 'k1']] as const) {
        await tx.insertAlias(name, keyId, at);
      }
    });
    const names = async (query: Parameters<InMemoryKeyStore['listAliases']>[0]) => (await store.listAliases(query)).map((a) => a.name);
    expect(await names({ limit: 10 })).toEqual(['B', '_', 'a-b', 'a/b', 'b']);
    expect(await names({ limit: 2, after: '_' })).toEqual(['a-b', 'a/b']);
    expect(await names({ limit: 10, keyId: 'k1', after: 'a-b' })).toEqual(['b']);
  });
});

describe('InMemoryAccessKeyStore', () => {
  it('inserts once per ID, with its audit record; a failed audit leaves no key', async () => {
    const keys = new InMemoryKeyStore();
    const store = new InMemoryAccessKeyStore(keys);
    expect(await store.insertAccessKey(accessKey('A'), event)).toBe(true);
    expect(await store.insertAccessKey({ ...accessKey('A'), role: 'ADMINISTRATOR' }, event)).toBe(false);
    expect((await store.findAccessKey('A'))?.role).toBe('KEY_USER');
    expect(keys.audit).toHaveLength(1);
    keys.failNext('insertAudit');
    await expect(store.insertAccessKey(accessKey('B'), event)).rejects.toThrow(/injected/);
    expect(await store.findAccessKey('B')).toBeNull();
  });

  it('revokes conditionally: one of two racing revocations wins, the secret goes, one audit record', async () => {
    const keys = new InMemoryKeyStore();
    const store = new InMemoryAccessKeyStore(keys);
    await store.insertAccessKey(accessKey('A'), event);
    store.hooks.beforeWrite = barrier(2);
    const results = await Promise.all([0, 1].map(() => store.revokeAccessKey('A', at, { ...event, action: 'RevokeAccessKey' })));
    expect(results.sort()).toEqual([false, true]);
    expect(await store.findAccessKey('A')).toMatchObject({ revokedAt: at, secretCiphertext: null });
    expect(keys.audit.filter((e) => e.action === 'RevokeAccessKey')).toHaveLength(1);
    expect(await store.revokeAccessKey('missing', at, event)).toBe(false);
  });

  it('touches at most once per interval and never a revoked key; lists newest first; returns copies', async () => {
    const store = new InMemoryAccessKeyStore(new InMemoryKeyStore());
    await store.insertAccessKey(accessKey('OLD'), event);
    await store.insertAccessKey(accessKey('NEW', new Date(at.getTime() + 1)), event);
    await store.touchAccessKey('OLD', at, 1000);
    await store.touchAccessKey('OLD', new Date(at.getTime() + 999), 1000);
    expect((await store.findAccessKey('OLD'))?.lastUsedAt).toEqual(at);
    await store.touchAccessKey('OLD', new Date(at.getTime() + 1000), 1000);
    expect(store.touchWrites).toBe(2);
    await store.revokeAccessKey('NEW', at, event);
    await store.touchAccessKey('NEW', at, 0);
    expect((await store.findAccessKey('NEW'))?.lastUsedAt).toBeNull();
    const listed = await store.listAccessKeys();
    expect(listed.map((k) => k.id)).toEqual(['NEW', 'OLD']);
    listed[1]?.secretCiphertext?.fill(0);
    expect((await store.findAccessKey('OLD'))?.secretCiphertext).toEqual(new Uint8Array([7, 7]));
  });
});

import { describe, expect, it } from 'vitest';
import type { NewImportToken, NewKey } from '../store';
import type { AuditEventInput } from '../types';
import { InMemoryKeyStore } from './in-memory-store';
import { barrier } from './test-context';

// The domain's race and rollback tests are only as good as this fake, so its semantics are pinned here.
const at = new Date('2030-01-01T00:00:00Z');
const newKey = (id: string): NewKey => ({
  id,
  description: '',
  state: 'ENABLED',
  origin: 'KMS',
  createdAt: at,
  updatedAt: at,
  deletionDate: null,
  materialCiphertext: new Uint8Array([1, 2, 3]),
  materialId: 'm',
  materialImportedAt: null,
  materialExpiresAt: null,
});
const event: AuditEventInput = {
  at,
  actor: { type: 'system', id: 'system', name: 'Keyfort', role: 'ADMINISTRATOR' },
  action: 'CreateKey',
  keyId: 'k1',
  result: 'SUCCESS',
  errorCode: null,
};

const newToken = (id: string): NewImportToken => ({
  id,
  tokenHash: `hash-${id}`,
  keyId: 'k1',
  wrappingAlgorithm: 'RSAES_OAEP_SHA_256',
  wrappingKeySpec: 'RSA_2048',
  publicKey: new Uint8Array([4]),
  privateKeyCiphertext: new Uint8Array([5]),
  createdAt: at,
  expiresAt: new Date(at.getTime() + 1000),
});

async function seeded(): Promise<InMemoryKeyStore> {
  const store = new InMemoryKeyStore();
  await store.transaction(async (tx) => {
    await tx.insertKey(newKey('k1'));
    await tx.insertAlias('one', 'k1', at);
  });
  return store;
}

describe('InMemoryKeyStore', () => {
  it('rolls back every write of a transaction that throws', async () => {
    const store = await seeded();
    await expect(
      store.transaction(async (tx) => {
        await tx.updateKey('k1', 0, { state: 'DISABLED' });
        await tx.insertAlias('two', 'k1', at);
        await tx.insertAudit(event);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.findKey('k1')).toMatchObject({ state: 'ENABLED', version: 0, aliases: ['one'] });
    expect(store.audit).toEqual([]);
  });

  it('hides uncommitted writes from others and shows them to the writer', async () => {
    const store = await seeded();
    await store.transaction(async (tx) => {
      await tx.updateKey('k1', 0, { description: 'new' });
      expect((await tx.findKey('k1'))?.description).toBe('new');
      expect((await store.findKey('k1'))?.description).toBe('');
    });
    expect((await store.findKey('k1'))?.description).toBe('new');
  });

  it('applies a conditional update only at the expected version, bumping it', async () => {
    const store = await seeded();
    expect(await store.transaction((tx) => tx.updateKey('k1', 1, { state: 'DISABLED' }))).toBe(false);
    expect(await store.transaction((tx) => tx.updateKey('k1', 0, { state: 'DISABLED' }))).toBe(true);
    expect(await store.findKey('k1')).toMatchObject({ state: 'DISABLED', version: 1 });
  });

  it('makes the second of two racing conditional updates wait and then fail', async () => {
    const store = await seeded();
    store.hooks.updateKey = barrier(2);
    const race = (state: 'DISABLED' | 'PENDING_DELETION') =>
      store.transaction(async (tx) => {
        const key = await tx.findKey('k1');
        return tx.updateKey('k1', key?.version ?? -1, { state });
      });
    const results = await Promise.all([race('DISABLED'), race('PENDING_DELETION')]);
    expect(results.sort()).toEqual([false, true]);
    expect((await store.findKey('k1'))?.version).toBe(1);
  });

  it('lets exactly one of two concurrent transactions take an alias', async () => {
    const store = await seeded();
    await store.transaction((tx) => tx.insertKey(newKey('k2')));
    store.hooks.insertAlias = barrier(2);
    const results = await Promise.all(['k1', 'k2'].map((id) => store.transaction((tx) => tx.insertAlias('shared', id, at))));
    expect(results.sort()).toEqual([false, true]);
  });

  it('deletes a key with its aliases only at the expected version', async () => {
    const store = await seeded();
    expect(await store.transaction((tx) => tx.deleteKey('k1', 3))).toBe(false);
    expect(await store.transaction((tx) => tx.deleteKey('k1', 0))).toBe(true);
    expect(await store.findKey('k1')).toBeNull();
    expect(await store.findKeyIdByAlias('one')).toBeNull();
  });

  it('returns copies, so callers cannot change stored rows', async () => {
    const store = await seeded();
    const key = await store.findKey('k1');
    key?.materialCiphertext?.fill(9);
    key?.aliases.push('sneaky');
    expect(await store.findKey('k1')).toMatchObject({ materialCiphertext: new Uint8Array([1, 2, 3]), aliases: ['one'] });
  });

  it('refuses use of a finished transaction', async () => {
    const store = await seeded();
    let leaked: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.findKey('k1')).rejects.toThrow(/finished transaction/);
  });

  it('keeps the first value of a setting', async () => {
    const store = new InMemoryKeyStore();
    expect(await store.putSettingIfAbsent('s', 'a')).toBe('a');
    expect(await store.putSettingIfAbsent('s', 'b')).toBe('a');
  });

  it('consumes a token once, only while unused, unexpired and holding its private key; rolls back with the transaction', async () => {
    const store = await seeded();
    await store.transaction((tx) => tx.insertImportToken(newToken('t1')));
    await expect(store.transaction(async (tx) => {
      expect(await tx.consumeImportToken('t1', at)).toBe(true);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(store.tokens.get('t1')).toMatchObject({ usedAt: null, privateKeyCiphertext: new Uint8Array([5]) });
    expect(await store.transaction((tx) => tx.consumeImportToken('t1', new Date(at.getTime() + 1000)))).toBe(false);
    store.hooks.consumeImportToken = barrier(2);
    const results = await Promise.all([0, 1].map(() => store.transaction((tx) => tx.consumeImportToken('t1', at))));
    expect(results.sort()).toEqual([false, true]);
    expect(store.tokens.get('t1')).toMatchObject({ usedAt: at, privateKeyCiphertext: null });
  });

  it('counts failed unwraps atomically up to the limit, burning the private key there', async () => {
    const store = await seeded();
    await store.transaction((tx) => tx.insertImportToken(newToken('t1')));
    const counts = await Promise.all(Array.from({ length: 4 }, () => store.recordFailedUnwrap({ tokenId: 't1', maxFailedAttempts: 3 })));
    expect(counts).toEqual([1, 2, 3, 3]);
    expect(store.tokens.get('t1')).toMatchObject({ failedAttempts: 3, privateKeyCiphertext: null });
  });

  it('destroys only expired tokens’ private keys, and deletes tokens with their key', async () => {
    const store = await seeded();
    await store.transaction(async (tx) => {
      await tx.insertImportToken(newToken('old'));
      await tx.insertImportToken({ ...newToken('new'), expiresAt: new Date(at.getTime() + 5000) });
    });
    expect(await store.destroyExpiredTokenKeys(new Date(at.getTime() + 1000))).toBe(1);
    expect(store.tokens.get('new')?.privateKeyCiphertext).not.toBeNull();
    expect(await store.transaction((tx) => tx.deleteKey('k1', 0))).toBe(true);
    expect(store.tokens.size).toBe(0);
  });
});

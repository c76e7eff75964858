import { randomBytes, randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import type { NewImportToken } from '@/lib/kms';
import { forEachDatabase } from './support/databases';
import { newKey, newVersion, sleep } from './support/keys';

const at = new Date('2030-01-01T00:00:00.123Z');
const later = (ms: number) => new Date(at.getTime() + ms);

function newToken(keyId: string, overrides: Partial<NewImportToken> = {}): NewImportToken {
  return {
    id: randomUUID(),
    tokenHash: randomBytes(32).toString('hex'),
    keyId,
    wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256',
    wrappingKeySpec: 'RSA_4096',
    publicKey: new Uint8Array(randomBytes(40)),
    privateKeyCiphertext: new Uint8Array(randomBytes(60)),
    createdAt: at,
    expiresAt: later(86_400_000),
    ...overrides,
  };
}

async function keyWithToken(store: PrismaKeyStore, overrides: Partial<NewImportToken> = {}) {
  const key = newKey({ origin: 'EXTERNAL', state: 'PENDING_IMPORT', materialCiphertext: null });
  const token = newToken(key.id, overrides);
  await store.transaction(async (tx) => {
    await tx.insertKey(key);
    await tx.insertImportToken(token);
  });
  return { key, token };
}

const find = (store: PrismaKeyStore, hash: string) => store.transaction((tx) => tx.findImportTokenByHash(hash));

forEachDatabase('import token store', (db) => {
  it('stores a token and finds it by hash with every field unchanged', async () => {
    const { token } = await keyWithToken(db().store);
    expect(await find(db().store, token.tokenHash)).toEqual({ ...token, failedAttempts: 0, usedAt: null });
    expect(await find(db().store, randomBytes(32).toString('hex'))).toBeNull();
  });

  it('consumes a token once, never once expired, and exactly once when two clients race', async () => {
    const other = await db().connect();
    const { token } = await keyWithToken(db().store);
    expect(await db().store.transaction((tx) => tx.consumeImportToken(token.id, token.expiresAt))).toBe(false);
    const race = (store: PrismaKeyStore) =>
      store.transaction(async (tx) => {
        const won = await tx.consumeImportToken(token.id, at);
        await sleep(50);
        return won;
      });
    expect((await Promise.all([race(db().store), race(other.store)])).sort()).toEqual([false, true]);
    expect(await find(db().store, token.tokenHash)).toMatchObject({ usedAt: at, privateKeyCiphertext: null });
  });

  it('counts failed unwraps from two clients without losing one, and burns the private key at the limit', async () => {
    const other = await db().connect();
    const { token } = await keyWithToken(db().store);
    const stores = [db().store, other.store];
    const fail = (i: number) => stores[i % 2]!.recordFailedUnwrap({ tokenId: token.id, maxFailedAttempts: 5 });
    const counts = await Promise.all(Array.from({ length: 7 }, (_, i) => fail(i)));
    expect(Math.max(...counts)).toBe(5);
    expect(await find(db().store, token.tokenHash)).toMatchObject({ failedAttempts: 5, privateKeyCiphertext: null });
  });

  it('destroys only expired tokens’ private keys (the instant counts)', async () => {
    const expiring = await keyWithToken(db().store, { expiresAt: later(1_000) });
    const lasting = await keyWithToken(db().store, { expiresAt: later(1_001) });
    expect(await db().store.destroyExpiredTokenKeys(later(1_000))).toBeGreaterThanOrEqual(1);
    expect((await find(db().store, expiring.token.tokenHash))?.privateKeyCiphertext).toBeNull();
    expect((await find(db().store, lasting.token.tokenHash))?.privateKeyCiphertext).not.toBeNull();
  });

  it('lists keys with a version still holding material past its expiry, soonest first, once each, and deletes tokens with their key', async () => {
    const expiry = later(-5_000);
    const [soon, sooner, notYet, alreadyGone, never] = [newKey(), newKey(), newKey(), newKey(), newKey()];
    const versions = [
      newVersion(soon, { expiresAt: later(-1) }),
      newVersion(sooner, { expiresAt: expiry }),
      // A second expired version of the same key: the key is listed once.
      newVersion(sooner, { sequence: 2, state: 'NON_CURRENT', expiresAt: later(-2) }),
      newVersion(notYet, { expiresAt: later(1) }),
      newVersion(alreadyGone, { expiresAt: expiry, materialCiphertext: null }),
      newVersion(never),
    ];
    const keys = [soon, sooner, notYet, alreadyGone, never];
    await db().store.transaction(async (tx) => {
      for (const key of keys) await tx.insertKey(key);
      for (const version of versions) await tx.putMaterialVersion(version);
    });
    const listed = await db().store.findKeyIdsWithExpiredMaterial(at, 1000);
    expect(listed.filter((id) => keys.some((key) => key.id === id))).toEqual([sooner.id, soon.id]);

    const { key, token } = await keyWithToken(db().store);
    expect(await db().store.transaction((tx) => tx.deleteKey(key.id, 0))).toBe(true);
    expect(await find(db().store, token.tokenHash)).toBeNull();
  });
});

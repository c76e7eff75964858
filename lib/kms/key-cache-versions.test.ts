import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KmsContext } from './context';
import { sealCiphertextBlob } from './crypto/ciphertext-blob';
import { decrypt } from './decrypt';
import { encrypt } from './encrypt';
import { createKeyCache, type TKeySnapshot } from './key-cache';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { createVersionFixture } from './testing/material-version-fixture';
import { codeOf, principal } from './testing/test-context';

// SPEC §11 in the key cache: Decrypt opens the version its blob names. The cache keeps other versions'
// material only once a decrypt asked for one, and zeroes all of it when the key is invalidated.

const admin = principal('ADMINISTRATOR');
const plaintext = Buffer.from('versions');

afterEach(() => {
  vi.restoreAllMocks();
});

/** A generated key with a warm cache, rotated twice, and a ciphertext under each of its three versions. */
async function rotatedTwice() {
  const f = createVersionFixture();
  f.ctx.keyCache = createKeyCache({ ttlMs: 1000 });
  const keyId = await f.generatedKey();
  const blobs: Buffer[] = [];
  for (let round = 0; round < 3; round++) {
    if (round > 0) await rotateKeyOnDemand(f.ctx, { actor: admin, keyId });
    blobs.push((await encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext })).ciphertextBlob);
  }
  return { f, keyId, blobs };
}

describe('decrypting older versions through the key cache', () => {
  it('reads the other versions once a decrypt names one; later decrypts of any version read nothing', async () => {
    const { f, blobs } = await rotatedTwice();
    const listVersions = vi.spyOn(f.store, 'listMaterialVersions');
    const findKey = vi.spyOn(f.store, 'findKey');
    // The encrypt above warmed the cache with the CURRENT version only.
    expect(Buffer.from((await decrypt(f.ctx, { actor: admin, ciphertextBlob: blobs[2] as Buffer })).plaintext)).toEqual(plaintext);
    expect([findKey.mock.calls.length, listVersions.mock.calls.length]).toEqual([0, 0]);
    expect(Buffer.from((await decrypt(f.ctx, { actor: admin, ciphertextBlob: blobs[0] as Buffer })).plaintext)).toEqual(plaintext);
    expect([findKey.mock.calls.length, listVersions.mock.calls.length]).toEqual([1, 1]);
    for (const blob of [blobs[1], blobs[0], blobs[2]]) {
      expect(Buffer.from((await decrypt(f.ctx, { actor: admin, ciphertextBlob: blob as Buffer })).plaintext)).toEqual(plaintext);
    }
    expect([findKey.mock.calls.length, listVersions.mock.calls.length]).toEqual([1, 1]);
  });

  it('refuses a blob naming material that is none of the key’s versions (CIPHERTEXT_INVALID), cached or not', async () => {
    const { f, keyId, blobs } = await rotatedTwice();
    const forged = sealCiphertextBlob({ keyId, materialId: randomBytes(32), material: randomBytes(32), plaintext, encodedContext: Buffer.alloc(0) });
    expect(await codeOf(decrypt(f.ctx, { actor: admin, ciphertextBlob: forged }))).toBe('CIPHERTEXT_INVALID');
    await decrypt(f.ctx, { actor: admin, ciphertextBlob: blobs[0] as Buffer });
    expect(await codeOf(decrypt(f.ctx, { actor: admin, ciphertextBlob: forged }))).toBe('CIPHERTEXT_INVALID');
  });
});

describe('two instances, each with its own cache, on one store', () => {
  it('a ciphertext of the version another instance just rotated to decrypts at once, though the cache holds the key’s other versions', async () => {
    const f = createVersionFixture();
    const a: KmsContext = { ...f.ctx, keyCache: createKeyCache({ ttlMs: 1000 }) };
    const b: KmsContext = { ...f.ctx, keyCache: createKeyCache({ ttlMs: 1000 }) };
    const keyId = await f.generatedKey();
    const first = (await encrypt(a, { actor: admin, keyRef: keyId, plaintext })).ciphertextBlob;
    await rotateKeyOnDemand(a, { actor: admin, keyId });
    const second = (await encrypt(a, { actor: admin, keyRef: keyId, plaintext })).ciphertextBlob;
    // B caches the key (CURRENT version 2) with its other versions, as a blob of version 1 asked for them.
    await decrypt(b, { actor: admin, ciphertextBlob: first });
    await rotateKeyOnDemand(a, { actor: admin, keyId });
    const third = (await encrypt(a, { actor: admin, keyRef: keyId, plaintext })).ciphertextBlob;
    for (const blob of [first, second, third]) {
      expect(Buffer.from((await decrypt(b, { actor: admin, ciphertextBlob: blob })).plaintext)).toEqual(plaintext);
    }
  });
});

describe('expiry of an older version through a warm cache', () => {
  it('an older version’s expiry stops Encrypt and Decrypt at its instant, cache entry still fresh', async () => {
    const f = createVersionFixture();
    f.ctx.keyCache = createKeyCache({ ttlMs: 1000 });
    const expiry = new Date(f.clock.now().getTime() + 500);
    const { keyId } = await f.importedKey(randomBytes(32), expiry);
    const oldBlob = (await encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext })).ciphertextBlob;
    await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' });
    await rotateKeyOnDemand(f.ctx, { actor: admin, keyId });
    const newBlob = (await encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext })).ciphertextBlob;
    await decrypt(f.ctx, { actor: admin, ciphertextBlob: oldBlob });
    const findKey = vi.spyOn(f.store, 'findKey');
    f.clock.set(expiry);
    for (const blob of [oldBlob, newBlob]) expect(await codeOf(decrypt(f.ctx, { actor: admin, ciphertextBlob: blob }))).toBe('INVALID_STATE');
    expect(await codeOf(encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext }))).toBe('INVALID_STATE');
    expect(findKey).not.toHaveBeenCalled();
  });
});

describe('createKeyCache with other versions', () => {
  const current = randomBytes(32);
  const older = randomBytes(32);
  const olderId = randomBytes(32).toString('hex');
  const snapshot = (otherVersions: Map<string, Buffer> | null): TKeySnapshot => ({
    id: 'k',
    state: 'ENABLED',
    hasMaterial: true,
    materialExpiresAt: null,
    removal: null,
    ...((id: Buffer) => ({ materialId: id, materialIdHex: id.toString('hex') }))(randomBytes(32)),
    material: Buffer.from(current),
    otherVersions,
    hasVersion: true,
  });

  it('misses for another version while the entry was read without them or does not know it, and hands out copies of those it has', () => {
    const cache = createKeyCache({ ttlMs: 500 });
    cache.rememberKey({ snapshot: snapshot(null), readAt: 0, generation: 0 });
    expect(cache.key('k', 1, olderId)).toBeUndefined();
    expect(cache.key('k', 1)?.material).toEqual(current);
    cache.rememberKey({ snapshot: snapshot(new Map([[olderId, Buffer.from(older)]])), readAt: 0, generation: 0 });
    const hit = cache.key('k', 1, olderId);
    expect(hit).toMatchObject({ materialId: Buffer.from(olderId, 'hex'), materialIdHex: olderId, material: older, hasVersion: true, otherVersions: null });
    hit?.material?.fill(0);
    expect(cache.key('k', 2, olderId)?.material).toEqual(older);
    // A version it does not know may be newer than its read: a miss, for the store to decide.
    expect(cache.key('k', 2, 'ab'.repeat(32))).toBeUndefined();
  });

  it('zeroes its copies of every version’s material on invalidation, and the caller’s stay intact', () => {
    const cache = createKeyCache({ ttlMs: 500 });
    const given = snapshot(new Map([[olderId, Buffer.from(older)]]));
    const copies: Buffer[] = [];
    const from = Buffer.from.bind(Buffer);
    vi.spyOn(Buffer, 'from').mockImplementation(((...args: Parameters<typeof Buffer.from>) => {
      const copy = from(...(args as [Uint8Array]));
      copies.push(copy);
      return copy;
    }) as typeof Buffer.from);
    cache.rememberKey({ snapshot: given, readAt: 0, generation: 0 });
    vi.restoreAllMocks();
    expect(copies.map((copy) => copy.equals(current) || copy.equals(older))).toEqual([true, true]);
    cache.invalidate('k');
    expect(copies.every((copy) => copy.equals(Buffer.alloc(32)))).toBe(true);
    expect([given.material?.equals(current), given.otherVersions?.get(olderId)?.equals(older)]).toEqual([true, true]);
  });
});

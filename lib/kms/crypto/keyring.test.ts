import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InMemoryKeyStore } from '../testing/in-memory-store';
import { createKeyring, SealedDataError } from './keyring';
import { hmacSha256 } from './primitives';
import { assertRootKeyMatches, ROOT_KEY_CHECK_SETTING, RootKeyMismatchError } from './root-key-check';

const KEY_ID = '6f1c1f0e-8a4b-4c55-9d3e-2b7a1c0d9e8f';
const OTHER_KEY_ID = '0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d';

describe('keyring seal/open', () => {
  const keyring = createKeyring({ rootKey: randomBytes(32) });
  const material = randomBytes(32);
  const sealed = keyring.seal({ purpose: 'key-material', keyId: KEY_ID, plaintext: material });

  it('opens what it sealed, in the versioned layout 0x01 ‖ nonce ‖ ciphertext ‖ tag', () => {
    expect(sealed[0]).toBe(0x01);
    expect(sealed.length).toBe(1 + 12 + 32 + 16);
    expect(keyring.open({ purpose: 'key-material', keyId: KEY_ID, sealed })).toEqual(material);
  });

  it('never shows the plaintext in the sealed bytes and uses a fresh nonce each time', () => {
    expect(sealed.includes(material)).toBe(false);
    const again = keyring.seal({ purpose: 'key-material', keyId: KEY_ID, plaintext: material });
    expect(again.subarray(1, 13)).not.toEqual(sealed.subarray(1, 13));
  });

  it.each([
    ['another key id', { purpose: 'key-material', keyId: OTHER_KEY_ID }],
    ['another purpose', { purpose: 'import-private-key', keyId: KEY_ID }],
    ['an unexpected binding', { purpose: 'key-material', keyId: KEY_ID, bind: 'token-1' }],
  ] as const)('refuses to open it under %s (AAD binds the row)', (_label, where) => {
    expect(() => keyring.open({ ...where, sealed })).toThrow(SealedDataError);
  });

  it('requires the same extra binding to open', () => {
    const bound = keyring.seal({ purpose: 'import-private-key', keyId: KEY_ID, plaintext: material, bind: 'token-1' });
    expect(keyring.open({ purpose: 'import-private-key', keyId: KEY_ID, sealed: bound, bind: 'token-1' })).toEqual(material);
    expect(() => keyring.open({ purpose: 'import-private-key', keyId: KEY_ID, sealed: bound, bind: 'token-2' })).toThrow(SealedDataError);
  });

  it('refuses altered, truncated or unknown-version data', () => {
    const flipped = Buffer.from(sealed);
    flipped[20] = (flipped[20] as number) ^ 1;
    const wrongVersion = Buffer.from(sealed);
    wrongVersion[0] = 0x02;
    for (const bad of [flipped, sealed.subarray(0, sealed.length - 1), sealed.subarray(0, 28), wrongVersion]) {
      expect(() => keyring.open({ purpose: 'key-material', keyId: KEY_ID, sealed: bad })).toThrow(SealedDataError);
    }
  });

  it('cannot open data sealed under a different root key, and says so without data', () => {
    const other = createKeyring({ rootKey: randomBytes(32) });
    expect(() => other.open({ purpose: 'key-material', keyId: KEY_ID, sealed })).toThrow(
      `Sealed key-material for key ${KEY_ID} did not open: wrong root key or altered data`,
    );
  });

  it('accepts only a 32-byte root key', () => {
    expect(() => createKeyring({ rootKey: randomBytes(16) })).toThrow(RangeError);
  });

  it('keeps derived keys out of anything that serialises the keyring', () => {
    const rootKey = randomBytes(32);
    const text = JSON.stringify(createKeyring({ rootKey })) ?? '';
    expect(text).not.toContain(rootKey.toString('hex'));
    expect(text).not.toContain(rootKey.toString('base64'));
  });
});

describe('material id', () => {
  const rootKey = randomBytes(32);
  const keyring = createKeyring({ rootKey });
  const material = randomBytes(32);

  it('is 64 lowercase hex characters, stable for the same key and material', () => {
    const id = keyring.materialId({ keyId: KEY_ID, material });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(keyring.materialId({ keyId: KEY_ID, material: Buffer.from(material) })).toBe(id);
  });

  it('differs per key, per material and per root key', () => {
    const id = keyring.materialId({ keyId: KEY_ID, material });
    expect(keyring.materialId({ keyId: OTHER_KEY_ID, material })).not.toBe(id);
    expect(keyring.materialId({ keyId: KEY_ID, material: randomBytes(32) })).not.toBe(id);
    expect(createKeyring({ rootKey: randomBytes(32) }).materialId({ keyId: KEY_ID, material })).not.toBe(id);
  });

  it('uses a derived key, not the root key itself', () => {
    const underRoot = hmacSha256({ key: rootKey, data: [Buffer.from(KEY_ID), material] }).toString('hex');
    expect(keyring.materialId({ keyId: KEY_ID, material })).not.toBe(underRoot);
  });
});

describe('root key check value', () => {
  it('is stored on first start and accepted on the next start with the same root key', async () => {
    const store = new InMemoryKeyStore();
    const rootKey = randomBytes(32);
    await assertRootKeyMatches({ store, keyring: createKeyring({ rootKey }) });
    expect(await store.getSetting(ROOT_KEY_CHECK_SETTING)).toMatch(/^v1:[0-9a-f]{64}$/);
    await expect(assertRootKeyMatches({ store, keyring: createKeyring({ rootKey: Buffer.from(rootKey) }) })).resolves.toBeUndefined();
  });

  it('refuses to start with a different root key and leaves the stored value alone', async () => {
    const store = new InMemoryKeyStore();
    await assertRootKeyMatches({ store, keyring: createKeyring({ rootKey: randomBytes(32) }) });
    const stored = await store.getSetting(ROOT_KEY_CHECK_SETTING);
    await expect(assertRootKeyMatches({ store, keyring: createKeyring({ rootKey: randomBytes(32) }) })).rejects.toThrow(
      RootKeyMismatchError,
    );
    expect(await store.getSetting(ROOT_KEY_CHECK_SETTING)).toBe(stored);
  });

  it('does not reveal the root key', () => {
    const rootKey = randomBytes(32);
    const value = createKeyring({ rootKey }).checkValue();
    expect(value).not.toContain(rootKey.toString('hex'));
  });
});

describe('derived secrets', () => {
  it('are stable per root key, distinct from it, and returned as a copy the caller may zero', () => {
    const rootKey = randomBytes(32);
    const keyring = createKeyring({ rootKey });
    const first = keyring.deriveSecret({ name: 'auth-secret' });
    expect(first).not.toEqual(rootKey);
    first.fill(0);
    expect(keyring.deriveSecret({ name: 'auth-secret' })).toEqual(createKeyring({ rootKey }).deriveSecret({ name: 'auth-secret' }));
    expect(keyring.deriveSecret({ name: 'auth-secret' }).equals(Buffer.alloc(32))).toBe(false);
  });
});

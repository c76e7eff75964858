import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { decrypt } from './decrypt';
import { generateDataKey, generateDataKeyWithoutPlaintext, type TGenerateDataKeyOptions } from './generate-data-key';
import { codeOf, createTestContext, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const user = principal('KEY_USER');

async function setup() {
  const t = createTestContext();
  const { id: keyId } = await createKey(t.ctx, { actor: admin, alias: 'data', origin: 'KMS' });
  t.store.audit.length = 0;
  return { ...t, keyId };
}

describe('generateDataKey', () => {
  it.each([
    [{ keySpec: 'AES_256' }, 32],
    [{ keySpec: 'AES_128' }, 16],
    [{ numberOfBytes: 1 }, 1],
    [{ numberOfBytes: 1024 }, 1024],
  ] as const)('%o gives %i random bytes whose blob decrypts back to them', async (size, bytes) => {
    const { ctx, keyId, store } = await setup();
    const result = await generateDataKey(ctx, { actor: user, keyRef: 'alias/data', ...size, encryptionContext: { bucket: 'b1' } });
    expect(result.keyId).toBe(keyId);
    expect(result.plaintext).toHaveLength(bytes);
    const opened = await decrypt(ctx, { actor: user, ciphertextBlob: result.ciphertextBlob, encryptionContext: { bucket: 'b1' } });
    expect(opened.plaintext.equals(result.plaintext)).toBe(true);
    expect(store.audit).toEqual([]);
    expect(await codeOf(decrypt(ctx, { actor: user, ciphertextBlob: result.ciphertextBlob }))).toBe('CIPHERTEXT_INVALID');
  });

  it('returns a different key every time', async () => {
    const { ctx, keyId } = await setup();
    const keys = await Promise.all(Array.from({ length: 10 }, () => generateDataKey(ctx, { actor: user, keyRef: keyId, keySpec: 'AES_256' })));
    expect(new Set(keys.map((k) => k.plaintext.toString('hex'))).size).toBe(10);
  });

  it.each([
    ['neither keySpec nor numberOfBytes', {}],
    ['both', { keySpec: 'AES_256', numberOfBytes: 32 }],
    ['numberOfBytes 0', { numberOfBytes: 0 }],
    ['numberOfBytes 1025', { numberOfBytes: 1025 }],
    ['a fractional numberOfBytes', { numberOfBytes: 1.5 }],
    ['an unknown keySpec', { keySpec: 'AES_512' }],
  ])('refuses %s with VALIDATION, audited', async (_, size) => {
    const { ctx, keyId, store } = await setup();
    const options = { actor: user, keyRef: keyId, ...size } as TGenerateDataKeyOptions;
    expect(await codeOf(generateDataKey(ctx, options))).toBe('VALIDATION');
    expect(await codeOf(generateDataKeyWithoutPlaintext(ctx, options))).toBe('VALIDATION');
    expect(store.audit.map((e) => [e.action, e.errorCode, e.keyId])).toEqual([
      ['GenerateDataKey', 'VALIDATION', keyId],
      ['GenerateDataKeyWithoutPlaintext', 'VALIDATION', keyId],
    ]);
  });
});

describe('generateDataKeyWithoutPlaintext', () => {
  it('returns only the blob, which decrypts to a data key of the asked size', async () => {
    const { ctx, keyId } = await setup();
    const result = await generateDataKeyWithoutPlaintext(ctx, { actor: user, keyRef: keyId, keySpec: 'AES_128' });
    expect(Object.keys(result).sort()).toEqual(['ciphertextBlob', 'keyId', 'materialId']);
    expect((await decrypt(ctx, { actor: user, ciphertextBlob: result.ciphertextBlob })).plaintext).toHaveLength(16);
  });

  it('refuses an auditor with FORBIDDEN under its own audit action', async () => {
    const { ctx, keyId, store } = await setup();
    expect(await codeOf(generateDataKeyWithoutPlaintext(ctx, { actor: principal('AUDITOR'), keyRef: keyId, keySpec: 'AES_256' }))).toBe('FORBIDDEN');
    expect(store.audit.map((e) => [e.action, e.errorCode])).toEqual([['GenerateDataKeyWithoutPlaintext', 'FORBIDDEN']]);
  });
});

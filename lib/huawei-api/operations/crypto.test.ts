import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHuaweiTestApi } from '../testing/operations';
import { plainEncryptData, ZEncryptData } from './crypto';

const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('encrypt-data and decrypt-data', () => {
  it('round-trips UTF-8 text; decrypt-data answers the key, the text and its base64', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const encrypted = await api.ok('encrypt-data', { key_id: keyId, plain_text: '密钥 🔑', encryption_algorithm: 'SYMMETRIC_DEFAULT' });
    expect(encrypted).toEqual({ key_id: keyId, cipher_text: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) });
    expect(await api.ok('decrypt-data', { cipher_text: encrypted.cipher_text })).toEqual({
      key_id: keyId,
      plain_text: '密钥 🔑',
      plain_text_base64: Buffer.from('密钥 🔑').toString('base64'),
    });
  });

  it('binds the AAD: decrypting needs the same additional_authenticated_data; empty is the same as none', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const { cipher_text } = await api.ok('encrypt-data', { key_id: keyId, plain_text: 'x', additional_authenticated_data: 'order-42' });
    expect(await api.refusal('decrypt-data', { cipher_text })).toBe('KMS.2201');
    expect(await api.refusal('decrypt-data', { cipher_text, additional_authenticated_data: 'order-43' })).toBe('KMS.2201');
    expect((await api.ok('decrypt-data', { cipher_text, additional_authenticated_data: 'order-42' })).plain_text).toBe('x');
    const plain = await api.ok('encrypt-data', { key_id: keyId, plain_text: 'y', additional_authenticated_data: '' });
    expect((await api.ok('decrypt-data', { cipher_text: plain.cipher_text })).plain_text).toBe('y');
  });

  it.each([
    ['an empty plain_text', { plain_text: '' }],
    ['4097 bytes of UTF-8 (1366 three-byte characters)', { plain_text: '密'.repeat(1366) }],
    ['a number', { plain_text: 42 }],
  ])('refuses %s with KMS.2101', async (_, fields) => {
    const api = createHuaweiTestApi();
    expect(await api.refusal('encrypt-data', { key_id: await api.key(), ...fields })).toBe('KMS.2101');
  });

  it('accepts 4096 bytes and 128 bytes of AAD, refuses 129 bytes of AAD', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    await api.ok('encrypt-data', { key_id: keyId, plain_text: 'a'.repeat(4096), additional_authenticated_data: 'b'.repeat(128) });
    expect(await api.refusal('encrypt-data', { key_id: keyId, plain_text: 'a', additional_authenticated_data: 'b'.repeat(129) })).toBe('VALIDATION');
  });

  it('refuses cipher_text that is not base64 or not a Keyfort ciphertext (KMS.2201), and missing fields (KMS.0204)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    expect(await api.refusal('decrypt-data', { cipher_text: '***' })).toBe('KMS.2201');
    expect(await api.refusal('decrypt-data', { cipher_text: Buffer.alloc(100, 1).toString('base64') })).toBe('KMS.2201');
    expect(await api.refusal('decrypt-data', {})).toBe('KMS.0204');
    expect(await api.refusal('encrypt-data', { key_id: keyId })).toBe('KMS.0204');
    expect(await api.refusal('encrypt-data', { plain_text: 'x' })).toBe('KMS.0204');
  });

  it("refuses a disabled key as the domain does, and a key_id that is not the ciphertext's (INCORRECT_KEY)", async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const other = await api.key();
    const { cipher_text } = await api.ok('encrypt-data', { key_id: keyId, plain_text: 'x' });
    expect(await api.refusal('decrypt-data', { cipher_text, key_id: other })).toBe('INCORRECT_KEY');
    await api.ok('disable-key', { key_id: keyId });
    expect(await api.refusal('encrypt-data', { key_id: keyId, plain_text: 'x' })).toBe('DISABLED');
  });
});

describe('one key, two APIs: the AAD is the encryption context {"additional_authenticated_data": A}', () => {
  it('Huawei encrypt-data → AWS Decrypt with that context', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const { cipher_text } = await api.ok('encrypt-data', { key_id: keyId, plain_text: 'shared', additional_authenticated_data: 'tenant-7' });
    const decrypted = await api.aws('Decrypt', { CiphertextBlob: cipher_text, EncryptionContext: { additional_authenticated_data: 'tenant-7' } });
    expect(Buffer.from(decrypted.Plaintext, 'base64').toString()).toBe('shared');
    await expect(api.aws('Decrypt', { CiphertextBlob: cipher_text })).rejects.toMatchObject({ code: 'CIPHERTEXT_INVALID' });
  });

  it('AWS Encrypt with that context → Huawei decrypt-data with the AAD; without a context → without AAD', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const bound = await api.aws('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('from aws').toString('base64'), EncryptionContext: { additional_authenticated_data: 'tenant-7' } });
    expect((await api.ok('decrypt-data', { cipher_text: bound.CiphertextBlob, additional_authenticated_data: 'tenant-7' })).plain_text).toBe('from aws');
    const unbound = await api.aws('Encrypt', { KeyId: keyId, Plaintext: Buffer.from([0xff, 0x00]).toString('base64') });
    // Bytes that are not UTF-8 come back exactly in plain_text_base64.
    expect((await api.ok('decrypt-data', { cipher_text: unbound.CiphertextBlob })).plain_text_base64).toBe('/wA=');
  });

  it('a data key from create-datakey opens through AWS Decrypt, and an AWS data key through decrypt-datakey', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const huawei = await api.ok('create-datakey', { key_id: keyId, key_spec: 'AES_256', additional_authenticated_data: 'env' });
    const viaAws = await api.aws('Decrypt', { CiphertextBlob: Buffer.from(huawei.cipher_text, 'hex').toString('base64'), EncryptionContext: { additional_authenticated_data: 'env' } });
    expect(Buffer.from(viaAws.Plaintext, 'base64').toString('hex')).toBe(huawei.plain_text);
    const aws = await api.aws('GenerateDataKey', { KeyId: keyId, NumberOfBytes: 16 });
    const viaHuawei = await api.ok('decrypt-datakey', { key_id: keyId, cipher_text: Buffer.from(aws.CiphertextBlob, 'base64').toString('hex'), datakey_cipher_length: '16' });
    expect(viaHuawei.data_key).toBe(Buffer.from(aws.Plaintext, 'base64').toString('hex'));
  });
});

describe('data keys', () => {
  it('create-datakey → decrypt-datakey round trip in hex, with the length and SHA-256 digest', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const created = await api.ok('create-datakey', { key_id: keyId, datakey_length: '512', additional_authenticated_data: 'a' });
    expect(created).toEqual({ key_id: keyId, plain_text: expect.stringMatching(/^[0-9a-f]{128}$/), cipher_text: expect.stringMatching(/^[0-9a-f]+$/) });
    const opened = await api.ok('decrypt-datakey', { key_id: keyId, cipher_text: created.cipher_text, datakey_cipher_length: '64', additional_authenticated_data: 'a' });
    expect(opened).toEqual({ data_key: created.plain_text, datakey_length: '64', datakey_dgst: sha256Hex(Buffer.from(created.plain_text, 'hex')) });
  });

  it.each([
    ['AES_128', { key_spec: 'AES_128' }, 16],
    ['AES_256', { key_spec: 'AES_256' }, 32],
    ['8 bits', { datakey_length: 8 }, 1],
    ['8192 bits', { datakey_length: '8192' }, 1024],
  ])('create-datakey-without-plaintext with %s seals a data key decrypt-datakey opens at that length', async (_, fields, bytes) => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const created = await api.ok('create-datakey-without-plaintext', { key_id: keyId, ...fields });
    expect(Object.keys(created).sort()).toEqual(['cipher_text', 'key_id']);
    const opened = await api.ok('decrypt-datakey', { key_id: keyId, cipher_text: created.cipher_text, datakey_cipher_length: String(bytes) });
    expect(opened.data_key).toHaveLength(bytes * 2);
  });

  it.each([
    ['0 bits', { datakey_length: '0' }, 'KMS.1901'],
    ['12 bits (not whole bytes)', { datakey_length: '12' }, 'KMS.1901'],
    ['8200 bits', { datakey_length: 8200 }, 'KMS.1901'],
    ['both key_spec and datakey_length', { key_spec: 'AES_256', datakey_length: '256' }, 'KMS.1901'],
    ['neither', {}, 'KMS.0204'],
    ['key_spec AES_512', { key_spec: 'AES_512' }, 'KMS.0308'],
  ])('create-datakey refuses %s with %s', async (_, fields, code) => {
    const api = createHuaweiTestApi();
    expect(await api.refusal('create-datakey', { key_id: await api.key(), ...fields })).toBe(code);
  });

  it('decrypt-datakey refuses a wrong datakey_cipher_length (KMS.1903), bad hex or a foreign blob (KMS.2201)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const { cipher_text } = await api.ok('create-datakey', { key_id: keyId, key_spec: 'AES_256' });
    expect(await api.refusal('decrypt-datakey', { key_id: keyId, cipher_text, datakey_cipher_length: '16' })).toBe('KMS.1903');
    expect(await api.refusal('decrypt-datakey', { key_id: keyId, cipher_text, datakey_cipher_length: '0' })).toBe('KMS.1903');
    expect(await api.refusal('decrypt-datakey', { key_id: keyId, cipher_text: 'xyz', datakey_cipher_length: '32' })).toBe('KMS.2201');
    expect(await api.refusal('decrypt-datakey', { key_id: keyId, cipher_text: 'ab'.repeat(120), datakey_cipher_length: '32' })).toBe('KMS.2201');
    expect(await api.refusal('decrypt-datakey', { key_id: keyId, cipher_text })).toBe('KMS.0204');
  });

  it('encrypt-datakey seals a data key given with its SHA-256 digest; decrypt-datakey gives it back', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key();
    const dataKey = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const plain_text = Buffer.concat([dataKey, createHash('sha256').update(dataKey).digest()]).toString('hex');
    const sealed = await api.ok('encrypt-datakey', { key_id: keyId, plain_text, datakey_plain_length: '16' });
    expect(sealed).toEqual({ key_id: keyId, cipher_text: expect.stringMatching(/^[0-9a-f]+$/), datakey_length: '16' });
    const opened = await api.ok('decrypt-datakey', { key_id: keyId, cipher_text: sealed.cipher_text, datakey_cipher_length: '16' });
    expect(opened.data_key).toBe(dataKey.toString('hex'));
    expect(await api.refusal('encrypt-datakey', { key_id: keyId, plain_text: dataKey.toString('hex'), datakey_plain_length: '16' })).toBe('KMS.2101');
    const wrongDigest = Buffer.concat([dataKey, Buffer.alloc(32)]).toString('hex');
    expect(await api.refusal('encrypt-datakey', { key_id: keyId, plain_text: wrongDigest, datakey_plain_length: '16' })).toBe('KMS.2101');
  });
});

describe('encrypt-data bodies recognised without the schema', () => {
  it('give exactly the schema’s output wherever they answer, and never accept what the schema refuses', () => {
    const keyIds: unknown[] = ['1234abcd-12ab-44cd-96ef-1234567890ab', '1234ABCD-12AB-44CD-96EF-1234567890AB', 'alias/payments', '', 7, undefined];
    const texts: unknown[] = ['x', '密钥 🔑', 'a'.repeat(4096), 'a'.repeat(4097), '\ud800', '', 42, undefined];
    const algorithms: unknown[] = [undefined, 'SYMMETRIC_DEFAULT', 'SM4', 1];
    const aads: unknown[] = [undefined, '', 'order-42', 'a'.repeat(128), 'a'.repeat(129), 'ä'.repeat(65), null];
    let answered = 0;
    for (const key_id of keyIds) {
      for (const plain_text of texts) {
        for (const encryption_algorithm of algorithms) {
          for (const additional_authenticated_data of aads) {
            const body = { key_id, plain_text, encryption_algorithm, additional_authenticated_data, unknown_field: 'ignored' };
            const fast = plainEncryptData(body);
            const reference = ZEncryptData.safeParse(body);
            if (fast === undefined) continue;
            answered += 1;
            expect(reference.success, JSON.stringify(body).slice(0, 120)).toBe(true);
            expect(fast).toEqual(reference.data);
          }
        }
      }
    }
    expect(answered).toBeGreaterThan(20);
  });
});

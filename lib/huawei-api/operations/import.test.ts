import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHuaweiTestApi, wrapForHuawei } from '../testing/operations';

const HOUR = 3_600_000;

describe('bring your own key through the Huawei API', () => {
  it('walks get-parameters-for-import → wrap (RSA-OAEP-SHA-256) → import-key-material → encrypt-data', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ origin: 'external' });
    const parameters = await api.ok('get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' });
    expect(parameters).toEqual({
      key_id: keyId,
      import_token: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      expiration_time: (api.t.clock.now().getTime() + 24 * HOUR) / 1000,
      public_key: expect.stringMatching(/^MII/),
    });
    const material = randomBytes(32);
    const imported = await api.call('import-key-material', {
      body: { key_id: keyId, import_token: parameters.import_token, encrypted_key_material: wrapForHuawei(parameters.public_key, material) },
    });
    expect(imported).toEqual({ status: 200, payload: undefined });
    expect((await api.ok('describe-key', { key_id: keyId })).key_info).toMatchObject({ key_state: '2', expiration_time: '' });
    const { cipher_text } = await api.ok('encrypt-data', { key_id: keyId, plain_text: 'hello' });
    expect((await api.ok('decrypt-data', { cipher_text })).plain_text).toBe('hello');
  });

  it('uses an RSA_2048 wrapping key, takes RSAES_OAEP_SHA_1, and defaults to OAEP SHA-256', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ origin: 'external' });
    const sha1 = await api.ok('get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_1' });
    // A 2048-bit modulus makes a 294-byte SubjectPublicKeyInfo.
    expect(Buffer.from(sha1.public_key, 'base64')).toHaveLength(294);
    const material = randomBytes(32);
    await api.ok('import-key-material', { key_id: keyId, import_token: sha1.import_token, encrypted_key_material: wrapForHuawei(sha1.public_key, material, 'sha1') });
    const byDefault = await api.ok('get-parameters-for-import', { key_id: keyId });
    await api.ok('import-key-material', { key_id: keyId, import_token: byDefault.import_token, encrypted_key_material: wrapForHuawei(byDefault.public_key, material) });
  });

  it('refuses RSAES_PKCS1_V1_5 with the reason and what to use instead', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ origin: 'external' });
    expect(await api.message('get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_PKCS1_V1_5' })).toMatch(/RSAES_PKCS1_V1_5 is refused.*RSAES_OAEP_SHA_256/);
  });

  it('sets the material expiry from expiration_time (epoch seconds) and reports it in the details in milliseconds', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ origin: 'external' });
    const expiresAt = api.t.clock.now().getTime() + 48 * HOUR;
    await api.ok('import-key-material', { ...(await api.importBody(keyId, randomBytes(32))), expiration_time: String(expiresAt / 1000) });
    expect((await api.ok('describe-key', { key_id: keyId })).key_info.expiration_time).toBe(String(expiresAt));
  });

  it('refuses an expiry not later than now (KMS.2602), material of the wrong size (KMS.2604) and other material (KMS.2606)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ origin: 'external' });
    const now = api.t.clock.now().getTime() / 1000;
    expect(await api.refusal('import-key-material', { ...(await api.importBody(keyId, randomBytes(32))), expiration_time: now })).toBe('KMS.2602');
    expect(await api.refusal('import-key-material', await api.importBody(keyId, randomBytes(16)))).toBe('KMS.2604');
    await api.ok('import-key-material', await api.importBody(keyId, randomBytes(32)));
    expect(await api.refusal('import-key-material', await api.importBody(keyId, randomBytes(32)))).toBe('KMS.2606');
  });

  it("refuses an expired token (KMS.2601), another key's token (KMS.2603) and material that does not unwrap (KMS.2605)", async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ origin: 'external' });
    const other = await api.key({ origin: 'external' });
    const material = randomBytes(32);
    const othersBody = await api.importBody(other, material);
    expect(await api.refusal('import-key-material', { ...othersBody, key_id: keyId })).toBe('KMS.2603');
    const body = await api.importBody(keyId, material);
    const tampered = Buffer.from(body.encrypted_key_material as string, 'base64');
    tampered.writeUInt8(tampered.readUInt8(10) ^ 0x01, 10);
    expect(await api.refusal('import-key-material', { ...body, encrypted_key_material: tampered.toString('base64') })).toBe('KMS.2605');
    api.t.clock.advance({ hours: 24 });
    expect(await api.refusal('import-key-material', body)).toBe('KMS.2601');
  });

  it('refuses a malformed token or material, missing fields, and a generated key (UNSUPPORTED)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ origin: 'external' });
    const body = await api.importBody(keyId, randomBytes(32));
    expect(await api.refusal('import-key-material', { ...body, import_token: 'not base64!' })).toBe('KMS.2605');
    expect(await api.refusal('import-key-material', { ...body, encrypted_key_material: '' })).toBe('KMS.0308');
    expect(await api.refusal('import-key-material', { key_id: keyId, import_token: body.import_token })).toBe('KMS.0204');
    expect(await api.refusal('get-parameters-for-import', { key_id: await api.key() })).toBe('UNSUPPORTED');
  });
});

describe('delete-imported-key-material', () => {
  it('deletes the material (empty 200, key pending import again) and refuses a key without material (KMS.2701)', async () => {
    const api = createHuaweiTestApi();
    const keyId = await api.key({ origin: 'external' });
    expect(await api.refusal('delete-imported-key-material', { key_id: keyId })).toBe('KMS.2701');
    await api.ok('import-key-material', await api.importBody(keyId, randomBytes(32)));
    expect(await api.call('delete-imported-key-material', { body: { key_id: keyId } })).toEqual({ status: 200, payload: undefined });
    expect((await api.ok('describe-key', { key_id: keyId })).key_info.key_state).toBe('5');
  });
});

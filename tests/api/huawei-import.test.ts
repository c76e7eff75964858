// Bring your own key through the Huawei KMS v1.0 API (SPEC §3–§5, §12), wrapping with the real openssl as
// users do: parameters, import with an expiry, use, deletion of the material, and the binding to the first
// material (a re-import of other material is refused, the same material accepted).
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSecret } from '../support/test-logs.mjs';
import { uniqueName } from './support/client';
import { openInProcess, type InProcessKeyfort } from './support/domain';
import { huaweiRefusal, sharedHuaweiKms, sharedHuaweiScope, type THuaweiKms } from './support/huawei-client';
import { opensslRandomMaterial, wrapWithOpenssl } from './support/openssl';

const EPOCH_MS = /^\d{13}$/;
const YEAR_SECONDS = 365 * 86_400;

type TParameters = { key_id: string; import_token: string; expiration_time: number; public_key: string };

let keyfort: InProcessKeyfort;
let hw: THuaweiKms;

beforeAll(async () => {
  keyfort = await openInProcess();
  hw = sharedHuaweiKms(await sharedHuaweiScope(keyfort));
});
afterAll(async () => {
  await keyfort?.close();
});

async function createExternalKey(): Promise<string> {
  const { key_info } = await hw.ok<{ key_info: { key_id: string } }>('create-key', { key_alias: uniqueName('hw-byok'), origin: 'external' });
  return key_info.key_id;
}

async function stateOf(keyId: string): Promise<{ key_state: string; origin: string; expiration_time: string }> {
  return (await hw.ok<{ key_info: { key_state: string; origin: string; expiration_time: string } }>('describe-key', { key_id: keyId })).key_info;
}

/** Fresh parameters for the key, and `material` wrapped by openssl under their public key. */
async function wrapped(keyId: string, material: Buffer): Promise<{ import_token: string; encrypted_key_material: string }> {
  const parameters = await hw.ok<TParameters>('get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' });
  recordSecret('import-token', Buffer.from(parameters.import_token, 'base64'));
  const encrypted = wrapWithOpenssl({ publicKeyDer: Buffer.from(parameters.public_key, 'base64'), material });
  return { import_token: parameters.import_token, encrypted_key_material: encrypted.toString('base64') };
}

describe('bring your own key through the Huawei API', () => {
  it('imports openssl-wrapped material with an expiry, serves it, and after delete-imported-key-material accepts only the same material again', async () => {
    const keyId = await createExternalKey();
    expect(await stateOf(keyId)).toMatchObject({ key_state: '5', origin: 'external', expiration_time: '' });

    const before = Math.floor(Date.now() / 1000);
    const parameters = await hw.ok<TParameters>('get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' });
    recordSecret('import-token', Buffer.from(parameters.import_token, 'base64'));
    expect(parameters.key_id).toBe(keyId);
    const publicKey = createPublicKey({ key: Buffer.from(parameters.public_key, 'base64'), format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    // Epoch seconds (a number): the parameters last 24 hours.
    expect(Number.isInteger(parameters.expiration_time)).toBe(true);
    expect(parameters.expiration_time).toBeGreaterThanOrEqual(before + 86_400 - 60);
    expect(parameters.expiration_time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 86_400 + 60);

    const material = opensslRandomMaterial();
    const encrypted = wrapWithOpenssl({ publicKeyDer: Buffer.from(parameters.public_key, 'base64'), material });
    const expiresAt = Math.floor(Date.now() / 1000) + YEAR_SECONDS;
    const imported = await hw.post('import-key-material', {
      key_id: keyId,
      import_token: parameters.import_token,
      encrypted_key_material: encrypted.toString('base64'),
      expiration_time: String(expiresAt),
    });
    expect(imported.status).toBe(200);
    const enabled = await stateOf(keyId);
    expect(enabled.key_state).toBe('2');
    // The request took seconds; the key details answer milliseconds.
    expect(enabled.expiration_time).toMatch(EPOCH_MS);
    expect(Number(enabled.expiration_time)).toBe(expiresAt * 1000);

    const plainText = 'sealed under my own material';
    recordSecret('plaintext', plainText);
    const { cipher_text } = await hw.ok<{ cipher_text: string }>('encrypt-data', { key_id: keyId, plain_text: plainText });
    expect(await hw.ok('decrypt-data', { cipher_text })).toMatchObject({ key_id: keyId, plain_text: plainText });

    expect((await hw.post('delete-imported-key-material', { key_id: keyId })).status).toBe(200);
    expect((await stateOf(keyId)).key_state).toBe('5');

    const other = opensslRandomMaterial();
    expect(await hw.post('import-key-material', { key_id: keyId, ...(await wrapped(keyId, other)) })).toMatchObject(huaweiRefusal(400, 'KMS.2606'));
    expect((await stateOf(keyId)).key_state).toBe('5');

    expect((await hw.post('import-key-material', { key_id: keyId, ...(await wrapped(keyId, material)) })).status).toBe(200);
    expect((await stateOf(keyId)).key_state).toBe('2');
    // Omitted expiration_time: material that never expires.
    expect((await stateOf(keyId)).expiration_time).toBe('');
    expect(await hw.ok('decrypt-data', { cipher_text })).toMatchObject({ plain_text: plainText });
  });

  it('refuses get-parameters-for-import with RSAES_PKCS1_V1_5, naming the algorithm and what to use instead', async () => {
    const keyId = await createExternalKey();
    const refused = await hw.post<{ error: { error_code: string; error_msg: string } }>('get-parameters-for-import', {
      key_id: keyId,
      wrapping_algorithm: 'RSAES_PKCS1_V1_5',
    });
    expect(refused).toMatchObject(huaweiRefusal(400, 'KMS.0308'));
    expect(refused.body.error.error_msg).toMatch(/RSAES_PKCS1_V1_5 is refused .*use RSAES_OAEP_SHA_256/);
    expect((await stateOf(keyId)).key_state).toBe('5');
  });
});

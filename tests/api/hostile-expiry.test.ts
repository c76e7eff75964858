// Hostile expiry values for ImportKeyMaterial (issue 9's catalogue, SPEC §4–§5): past, now, malformed,
// model and ValidTo at odds. Each is refused before the token is touched, so the token still imports after.
import { EncryptCommand } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createKey, expectKmsError, kmsClient, waitUntil } from './support/client';
import { importParameters, sendImport } from './support/import-attempts';
import { wrapWithOpenssl } from './support/openssl';
import { adminRequest, expectAwsError } from './support/raw-http';
import { expectRefusedUnchanged, keySnapshot, type TKeySnapshot } from './support/refusals';

const client = kmsClient();
const NOT_LATER_THAN_NOW = { type: 'ValidationException', message: 'The expiry must be later than now' };

interface TTarget {
  keyId: string;
  importToken: Uint8Array;
  wrapped: Uint8Array;
  snapshot: TKeySnapshot;
}

async function pendingImportKey(): Promise<TTarget> {
  const { KeyId } = await createKey(client, { Origin: 'EXTERNAL', Description: 'hostile expiry' });
  const { importToken, publicKey } = await importParameters(client, KeyId);
  const wrapped = wrapWithOpenssl({ publicKeyDer: publicKey, material: randomBytes(32) });
  return { keyId: KeyId, importToken, wrapped, snapshot: await keySnapshot(client, KeyId) };
}

/** ImportKeyMaterial with the expiry fields written as raw JSON text (so NaN, strings and huge numbers can be sent). */
function rawImport(target: TTarget, expiryFields: string) {
  const fields = [
    `"KeyId":${JSON.stringify(target.keyId)}`,
    `"ImportToken":"${Buffer.from(target.importToken).toString('base64')}"`,
    `"EncryptedKeyMaterial":"${Buffer.from(target.wrapped).toString('base64')}"`,
  ];
  return adminRequest('ImportKeyMaterial', `{${[...fields, expiryFields].join(',')}}`);
}

async function expectTokenStillImports(target: TTarget): Promise<void> {
  expect(await keySnapshot(client, target.keyId)).toEqual(target.snapshot);
  await sendImport(client, target);
  expect((await keySnapshot(client, target.keyId)).KeyState).toBe('Enabled');
}

describe('hostile expiry values', () => {
  let target: TTarget;
  beforeEach(async () => {
    target = await pendingImportKey();
  });

  it('refuses a ValidTo at the epoch, before it, a second ago and equal to now with ValidationException', async () => {
    const instants = [() => new Date(0), () => new Date(-86_400_000), () => new Date(Date.now() - 1_000), () => new Date()];
    for (const validTo of instants) {
      await expectRefusedUnchanged(client, { keyId: target.keyId, call: () => sendImport(client, { ...target, validTo: validTo() }), ...NOT_LATER_THAN_NOW });
    }
    await expectTokenStillImports(target);
  });

  it('refuses malformed ValidTo values: strings, null, booleans, objects, non-finite and out-of-range numbers', async () => {
    const model = '"ExpirationModel":"KEY_MATERIAL_EXPIRES"';
    const validationErrors = ['"2030-01-01T00:00:00Z"', '"NaN"', '"1893456000"', 'null', 'true', '{}', '[1893456000]', '1e400', '-1e400', '1e308', '8640000000001'];
    for (const value of validationErrors) {
      const response = await rawImport(target, `${model},"ValidTo":${value}`);
      expectAwsError(response, 'ValidationException');
      expect(response.json!.message, value).toContain('ValidTo');
    }
    // Not JSON at all: the parser refuses before any schema is applied.
    for (const value of ['NaN', 'Infinity', '-', '0x7fffffff', '1e']) {
      expectAwsError(await rawImport(target, `${model},"ValidTo":${value}`), 'SerializationException');
    }
    await expectTokenStillImports(target);
  });

  it('accepts the latest instant a timestamp can hold (no upper bound), and reports it back', async () => {
    const latest = 8_640_000_000_000; // epoch seconds of +275760-09-13, the largest JavaScript Date
    const response = await rawImport(target, `"ExpirationModel":"KEY_MATERIAL_EXPIRES","ValidTo":${latest}`);
    expect(response.status, response.text).toBe(200);
    expect(await keySnapshot(client, target.keyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: latest * 1000 });
  });

  it('refuses ExpirationModel and ValidTo at odds, and unknown models, with ValidationException', async () => {
    const inOneDay = (Date.now() + 86_400_000) / 1000;
    const cases: [fields: string, message: string][] = [
      [`"ExpirationModel":"KEY_MATERIAL_DOES_NOT_EXPIRE","ValidTo":${inOneDay}`, 'ValidTo must not be given'],
      [`"ExpirationModel":"KEY_MATERIAL_DOES_NOT_EXPIRE","ValidTo":0`, 'ValidTo must not be given'],
      [`"ExpirationModel":"KEY_MATERIAL_EXPIRES"`, 'ValidTo is required'],
      [`"ValidTo":null`, 'ValidTo'],
      ['"ExpirationModel":"NEVER"', 'ExpirationModel'],
      [`"ExpirationModel":"key_material_expires","ValidTo":${inOneDay}`, 'ExpirationModel'],
      [`"ExpirationModel":null,"ValidTo":${inOneDay}`, 'ExpirationModel'],
    ];
    for (const [fields, message] of cases) {
      const response = await rawImport(target, fields);
      expectAwsError(response, 'ValidationException');
      expect(response.json!.message, fields).toContain(message);
    }
    await expectTokenStillImports(target);
  });

  it('makes material imported to expire 1 s ahead unusable from that instant: the first Encrypt after it is refused', async () => {
    // Should the import itself arrive after the instant on a loaded machine, it is refused as in the past; try again.
    let validTo = new Date();
    await waitUntil(
      async () => {
        validTo = new Date(Date.now() + 1_000);
        try {
          await sendImport(client, { ...target, validTo });
          return true;
        } catch (error) {
          if ((error as Error).name === 'ValidationException' && Date.now() >= validTo.getTime()) return false;
          throw error;
        }
      },
      { withinMs: 20_000 },
    );
    const expiresAt = (await keySnapshot(client, target.keyId)).ValidTo!;
    expect(Math.abs(expiresAt - validTo.getTime())).toBeLessThan(1_000);
    await waitUntil(async () => Date.now() > expiresAt, { withinMs: 5_000, everyMs: 10 });
    await expectKmsError(client.send(new EncryptCommand({ KeyId: target.keyId, Plaintext: Buffer.from('too late') })), 'KMSInvalidStateException');
    expect((await keySnapshot(client, target.keyId)).KeyState).toBe('PendingImport');
  });
});

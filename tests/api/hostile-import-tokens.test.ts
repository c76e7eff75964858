// Hostile import tokens (issue 9's catalogue): another key's, forged, reused, raced, and the 5-strike rule
// sequential and concurrent. Each refusal is exact and leaves the key as it was.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKey, kmsClient } from './support/client';
import { importParameters, sendImport } from './support/import-attempts';
import { wrapWithOpenssl } from './support/openssl';
import { race } from './support/outcomes';
import { expectRefused, expectRefusedUnchanged, keySnapshot } from './support/refusals';

const client = kmsClient();
const TOKEN_INVALID = { type: 'InvalidImportTokenException', message: 'The import token is not valid for this key' };
const UNWRAP_FAILED = { type: 'InvalidCiphertextException', message: 'could not be unwrapped with this import token' };

/** A new EXTERNAL key and one token for it, with the genuine material already wrapped for that token. */
async function keyWithToken() {
  const { KeyId } = await createKey(client, { Origin: 'EXTERNAL', Description: 'hostile tokens' });
  const parameters = await importParameters(client, KeyId);
  const material = randomBytes(32);
  const wrapped = wrapWithOpenssl({ publicKeyDer: parameters.publicKey, material });
  return { keyId: KeyId, ...parameters, material, wrapped };
}

const count = (values: string[], value: string) => values.filter((v) => v === value).length;

describe('hostile import tokens', () => {
  it("refuses another key's token with InvalidImportTokenException, and that token still imports into its own key", async () => {
    const [mine, theirs] = await Promise.all([keyWithToken(), keyWithToken()]);
    await expectRefusedUnchanged(client, {
      keyId: mine.keyId,
      call: () => sendImport(client, { keyId: mine.keyId, importToken: theirs.importToken, wrapped: theirs.wrapped }),
      ...TOKEN_INVALID,
    });
    await sendImport(client, { keyId: theirs.keyId, importToken: theirs.importToken, wrapped: theirs.wrapped });
    expect((await keySnapshot(client, theirs.keyId)).KeyState).toBe('Enabled');
  });

  it('refuses forged tokens: random bytes of the right length and of other lengths; over 6144 bytes is ValidationException', async () => {
    const target = await keyWithToken();
    expect(target.importToken.length).toBe(32);
    for (const length of [32, 1, 16, 31, 33, 64, 6144]) {
      await expectRefusedUnchanged(client, {
        keyId: target.keyId,
        call: () => sendImport(client, { keyId: target.keyId, importToken: randomBytes(length), wrapped: target.wrapped }),
        ...TOKEN_INVALID,
      });
    }
    await expectRefusedUnchanged(client, {
      keyId: target.keyId,
      call: () => sendImport(client, { keyId: target.keyId, importToken: randomBytes(6145), wrapped: target.wrapped }),
      type: 'ValidationException',
      message: 'importToken: 1–6144 bytes',
    });
    // A token that differs from a genuine one in its last bit is as unknown as a random one.
    const flipped = Buffer.from(target.importToken);
    flipped[flipped.length - 1]! ^= 0x01;
    await expectRefusedUnchanged(client, {
      keyId: target.keyId,
      call: () => sendImport(client, { keyId: target.keyId, importToken: flipped, wrapped: target.wrapped }),
      ...TOKEN_INVALID,
    });
    await sendImport(client, target);
    expect((await keySnapshot(client, target.keyId)).KeyState).toBe('Enabled');
  });

  it('refuses a used token even with the very material it imported, whatever expiry is asked', async () => {
    const target = await keyWithToken();
    await sendImport(client, target);
    await expectRefusedUnchanged(client, { keyId: target.keyId, call: () => sendImport(client, target), ...TOKEN_INVALID });
    const validTo = new Date(Date.now() + 86_400_000);
    await expectRefusedUnchanged(client, { keyId: target.keyId, call: () => sendImport(client, { ...target, validTo }), ...TOKEN_INVALID });
  });

  it('lets exactly one of 8 racing imports with one token succeed; the others are refused and the key is imported once', async () => {
    const target = await keyWithToken();
    const results = await race(8, (racer) => sendImport(racer, target));
    expect(count(results, 'ok'), results.join(', ')).toBe(1);
    expect(count(results, 'InvalidImportTokenException'), results.join(', ')).toBe(7);
    expect(await keySnapshot(client, target.keyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
  });

  it('kills a token after 5 failed unwraps: the genuine material is then refused with InvalidImportTokenException', async () => {
    const target = await keyWithToken();
    for (let failure = 1; failure <= 5; failure++) {
      await expectRefusedUnchanged(client, {
        keyId: target.keyId,
        call: () => sendImport(client, { ...target, wrapped: randomBytes(256) }),
        ...UNWRAP_FAILED,
      });
    }
    await expectRefusedUnchanged(client, { keyId: target.keyId, call: () => sendImport(client, target), ...TOKEN_INVALID });
    await expectRefused(sendImport(client, target), { type: 'InvalidImportTokenException', message: 'too many failed attempts' });
    // Only the token died: a fresh one imports the same material.
    const fresh = await importParameters(client, target.keyId);
    await sendImport(client, { keyId: target.keyId, importToken: fresh.importToken, wrapped: wrapWithOpenssl({ publicKeyDer: fresh.publicKey, material: target.material }) });
    expect((await keySnapshot(client, target.keyId)).KeyState).toBe('Enabled');
  });

  it('unwraps exactly 5 times for one token when 12 failures race; then the token is dead', async () => {
    const target = await keyWithToken();
    const results = await race(12, (racer) => sendImport(racer, { ...target, wrapped: randomBytes(256) }));
    // Five unwraps must fail before the token dies, and none may follow: exactly five.
    expect(count(results, 'InvalidCiphertextException'), results.join(', ')).toBe(5);
    expect(count(results, 'InvalidCiphertextException') + count(results, 'InvalidImportTokenException'), results.join(', ')).toBe(12);
    await expectRefusedUnchanged(client, { keyId: target.keyId, call: () => sendImport(client, target), ...TOKEN_INVALID });
    expect((await keySnapshot(client, target.keyId)).KeyState).toBe('PendingImport');
  });

  it('counts racing failures below the limit exactly: after 4 concurrent failures the token still imports', async () => {
    const target = await keyWithToken();
    const results = await race(4, (racer) => sendImport(racer, { ...target, wrapped: randomBytes(256) }));
    expect(results).toEqual(Array(4).fill('InvalidCiphertextException'));
    await sendImport(client, target);
    expect((await keySnapshot(client, target.keyId)).KeyState).toBe('Enabled');
  });
});

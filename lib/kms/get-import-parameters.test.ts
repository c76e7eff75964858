import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { getImportParameters } from './get-import-parameters';
import { openTokenPrivateKey } from './import-token';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createImportFixture } from './testing/import-fixture';
import { codeOf, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');

describe('getImportParameters', () => {
  it('returns a DER public key of the spec, a 256-bit token and an expiry exactly 24 h away', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const p = await getImportParameters(f.ctx, { actor: f.actor, keyId });
    expect(p).toMatchObject({ keyId, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_3072' });
    const publicKey = createPublicKey({ key: p.publicKeyDer, format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(p.importToken).toHaveLength(32);
    expect(p.parametersValidTo).toEqual(new Date(f.clock.now().getTime() + 24 * 3_600_000));
    expect(f.keyPairs.taken).toEqual(['RSA_3072']);
  });

  it('stores the token’s hash, never the token, and the private key only sealed, then zeroes its copy', async () => {
    const f = createImportFixture();
    const p = await f.parameters(await f.externalKey(), { wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256' });
    const token = f.tokenOf(p);
    expect(token.tokenHash).toBe(createHash('sha256').update(p.importToken).digest('hex'));
    const row = JSON.stringify(token, (_, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
    expect(row).not.toContain(p.importToken.toString('hex'));
    expect(f.keyPairs.handedOut.every((der) => der.every((byte) => byte === 0))).toBe(true);
    const opened = openTokenPrivateKey({ keyring: f.keyring, token, sealed: token.privateKeyCiphertext as Uint8Array });
    expect(opened.length).toBeGreaterThan(1000);
    // Bound to the row: another expiry, algorithm or hash (an edited row) no longer opens.
    for (const edit of [{ expiresAt: new Date(0) }, { wrappingAlgorithm: 'RSAES_OAEP_SHA_1' as const }, { tokenHash: '0'.repeat(64) }]) {
      const sealed = token.privateKeyCiphertext as Uint8Array;
      expect(() => openTokenPrivateKey({ keyring: f.keyring, token: { ...token, ...edit }, sealed })).toThrow(/did not open/);
    }
  });

  it('issues a new token each time and keeps earlier unexpired tokens valid', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const first = await f.parameters(keyId);
    const second = await f.parameters(keyId);
    expect(first.importToken.equals(second.importToken)).toBe(false);
    expect(f.keyPairs.taken).toHaveLength(2);
    expect((await f.importWith(first, f.wrap(first, randomBytes(32)))).state).toBe('ENABLED');
  });

  it('audits success with algorithm, spec and token row ID, never the token', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const p = await f.parameters(keyId);
    expect(f.store.audit.at(-1)).toMatchObject({
      action: 'GetParametersForImport',
      keyId,
      result: 'SUCCESS',
      details: { wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048', importTokenId: f.tokenOf(p).id },
    });
    const recorded = JSON.stringify(f.store.audit);
    // Substring checks, not a regular expression: base64 holds '+' and '/', which a pattern would misread.
    expect(recorded).not.toContain(p.importToken.toString('hex'));
    expect(recorded).not.toContain(p.importToken.toString('base64'));
  });

  it.each([
    ['a generated key', 'UNSUPPORTED', 'KMS' as const, false],
    ['a key pending deletion', 'INVALID_STATE', 'EXTERNAL' as const, true],
  ])('refuses %s with %s, taking no key pair and storing no token', async (_, code, origin, pendingDeletion) => {
    const f = createImportFixture();
    const { id: keyId } = await createKey(f.ctx, { actor: admin, alias: 'k', origin });
    if (pendingDeletion) await scheduleKeyDeletion(f.ctx, { actor: admin, keyId });
    expect(await codeOf(f.parameters(keyId))).toBe(code);
    expect(f.keyPairs.taken).toEqual([]);
    expect(f.store.tokens.size).toBe(0);
    expect(f.store.audit.at(-1)).toMatchObject({ action: 'GetParametersForImport', result: 'FAILURE', errorCode: code, keyId });
  });

  it.each([
    [{ wrappingAlgorithm: 'RSAES_PKCS1_V1_5' }, /padding oracle/],
    [{ wrappingAlgorithm: 'RSAES_OAEP_SHA_512' }, /wrappingAlgorithm/],
    [{ wrappingKeySpec: 'RSA_1024' }, /wrappingKeySpec/],
  ])('refuses %o with VALIDATION', async (override, message) => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const attempt = getImportParameters(f.ctx, { actor: f.actor, keyId, ...(override as object) });
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(message) });
    expect(f.keyPairs.taken).toEqual([]);
  });

  it('refuses a nonexistent key (NOT_FOUND) and roles without import rights (FORBIDDEN)', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    expect(await codeOf(f.parameters('6f1f6c5e-2a55-4a7b-9c3e-1d2e3f4a5b6c'))).toBe('NOT_FOUND');
    for (const role of ['KEY_USER', 'AUDITOR'] as const) {
      expect(await codeOf(getImportParameters(f.ctx, { actor: principal(role), keyId }))).toBe('FORBIDDEN');
    }
    expect(f.keyPairs.taken).toEqual([]);
  });
});

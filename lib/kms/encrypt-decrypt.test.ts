import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAlias } from './create-alias';
import { createKey } from './create-key';
import { sealCiphertextBlob } from './crypto/ciphertext-blob';
import { decrypt } from './decrypt';
import { deleteKeyMaterial } from './delete-key-material';
import { disableKey } from './disable-key';
import { encrypt } from './encrypt';
import { encodeEncryptionContext } from './encryption-context';
import { expireKeyMaterial } from './expire-key-material';
import { SYSTEM_PRINCIPAL } from './principals';
import { purgeDueKeys } from './purge-due-keys';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { codeOf, createTestContext, principal, seedImportedMaterial } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const user = principal('KEY_USER');
const MISSING = '00000000-0000-4000-8000-000000000000';
const text = (s: string) => Buffer.from(s, 'utf8');

async function setup() {
  const t = createTestContext();
  const { id: keyId } = await createKey(t.ctx, { actor: admin, alias: 'app', origin: 'KMS' });
  const { id: otherKeyId } = await createKey(t.ctx, { actor: admin, alias: 'other', origin: 'KMS' });
  t.store.audit.length = 0;
  const seal = async (plaintext: Uint8Array = text('attack at dawn'), encryptionContext?: Record<string, string>) =>
    (await encrypt(t.ctx, { actor: user, keyRef: keyId, plaintext, encryptionContext })).ciphertextBlob;
  const open = (ciphertextBlob: Uint8Array, more: { keyRef?: string; encryptionContext?: Record<string, string> } = {}) =>
    decrypt(t.ctx, { actor: user, ciphertextBlob, ...more });
  return { ...t, keyId, otherKeyId, seal, open };
}

describe('encrypt / decrypt', () => {
  it('round-trips by key ID, alias and alias/ form, finding the key from the blob, and audits no success', async () => {
    const { keyId, store, seal, open, ctx } = await setup();
    for (const keyRef of [keyId, 'app', 'alias/app']) {
      const { keyId: usedKeyId, ciphertextBlob } = await encrypt(ctx, { actor: user, keyRef, plaintext: text('hi') });
      expect(usedKeyId).toBe(keyId);
      expect(await open(ciphertextBlob)).toEqual({ keyId, materialId: expect.stringMatching(/^[0-9a-f]{64}$/), plaintext: text('hi') });
    }
    const withContext = await seal(text('ctx'), { purpose: 'test', tenant: 'acme' });
    expect((await open(withContext, { encryptionContext: { tenant: 'acme', purpose: 'test' } })).plaintext).toEqual(text('ctx'));
    expect(store.audit).toEqual([]);
  });

  it('takes 1–4096 bytes of plaintext; anything else is VALIDATION', async () => {
    const { seal, open } = await setup();
    expect((await open(await seal(randomBytes(4096)))).plaintext).toHaveLength(4096);
    expect((await open(await seal(randomBytes(1)))).plaintext).toHaveLength(1);
    expect(await codeOf(seal(Buffer.alloc(0)))).toBe('VALIDATION');
    expect(await codeOf(seal(randomBytes(4097)))).toBe('VALIDATION');
    expect(await codeOf(seal('text' as unknown as Buffer))).toBe('VALIDATION');
  });

  it('refuses a blob with any single byte flipped as CIPHERTEXT_INVALID, each failure audited', async () => {
    const { seal, open, store } = await setup();
    const blob = await seal(text('flip me'), { a: 'b' });
    for (let index = 0; index < blob.length; index++) {
      const tampered = Buffer.from(blob);
      tampered[index] = (tampered[index] as number) ^ (index % 2 === 0 ? 0x01 : 0x80);
      expect(await codeOf(open(tampered, { encryptionContext: { a: 'b' } })), `byte ${index}`).toBe('CIPHERTEXT_INVALID');
    }
    expect(store.audit).toHaveLength(blob.length);
    expect(new Set(store.audit.map((e) => `${e.action} ${e.result} ${e.errorCode}`))).toEqual(new Set(['Decrypt FAILURE CIPHERTEXT_INVALID']));
  });

  it('refuses truncation at every length, an appended byte and another version byte', async () => {
    const { seal, open } = await setup();
    const blob = await seal();
    // AWS bounds CiphertextBlob to 1–6144 bytes: the empty blob is malformed input, not a ciphertext.
    expect(await codeOf(open(Buffer.alloc(0)))).toBe('VALIDATION');
    for (let length = 1; length < blob.length; length++) {
      expect(await codeOf(open(blob.subarray(0, length))), `length ${length}`).toBe('CIPHERTEXT_INVALID');
    }
    expect(await codeOf(open(Buffer.concat([blob, Buffer.from([0])])))).toBe('CIPHERTEXT_INVALID');
    const otherVersion = Buffer.from(blob);
    otherVersion[0] = 0x02;
    expect(await codeOf(open(otherVersion))).toBe('CIPHERTEXT_INVALID');
  });

  it('binds the encryption context: missing, extra pair, changed value or key all fail; {} is none', async () => {
    const { seal, open } = await setup();
    const blob = await seal(text('x'), { tenant: 'acme' });
    expect(await codeOf(open(blob))).toBe('CIPHERTEXT_INVALID');
    expect(await codeOf(open(blob, { encryptionContext: {} }))).toBe('CIPHERTEXT_INVALID');
    expect(await codeOf(open(blob, { encryptionContext: { tenant: 'acme', extra: '' } }))).toBe('CIPHERTEXT_INVALID');
    expect(await codeOf(open(blob, { encryptionContext: { tenant: 'acme ' } }))).toBe('CIPHERTEXT_INVALID');
    expect(await codeOf(open(blob, { encryptionContext: { Tenant: 'acme' } }))).toBe('CIPHERTEXT_INVALID');
    expect(await codeOf(open(blob, { encryptionContext: { tenant: 'acme' } }))).toBe('NO_ERROR');
    const none = await seal(text('y'), {});
    expect(await codeOf(open(none))).toBe('NO_ERROR');
    expect(await codeOf(open(await seal(text('z'))))).toBe('NO_ERROR');
    expect(await codeOf(open(none, { encryptionContext: { a: 'b' } }))).toBe('CIPHERTEXT_INVALID');
  });

  it('answers INCORRECT_KEY when the given key is another than the blob’s, before looking at any key state', async () => {
    const { ctx, seal, open, keyId, otherKeyId, store } = await setup();
    const blob = await seal();
    expect(await codeOf(open(blob, { keyRef: otherKeyId }))).toBe('INCORRECT_KEY');
    expect(await codeOf(open(blob, { keyRef: 'alias/other' }))).toBe('INCORRECT_KEY');
    expect(await codeOf(open(blob, { keyRef: MISSING }))).toBe('INCORRECT_KEY');
    await disableKey(ctx, { actor: admin, keyId });
    expect(await codeOf(open(blob, { keyRef: otherKeyId }))).toBe('INCORRECT_KEY');
    expect(await codeOf(open(blob, { keyRef: 'alias/nope' }))).toBe('NOT_FOUND');
    expect(await codeOf(open(blob, { keyRef: keyId }))).toBe('DISABLED');
    expect(store.audit.filter((e) => e.action === 'Decrypt').map((e) => [e.errorCode, e.keyId, e.details])).toEqual([
      ['INCORRECT_KEY', otherKeyId, null],
      ['INCORRECT_KEY', keyId, { alias: 'other' }],
      ['INCORRECT_KEY', MISSING, null],
      ['INCORRECT_KEY', otherKeyId, null],
      ['NOT_FOUND', keyId, { alias: 'nope' }],
      ['DISABLED', keyId, null],
    ]);
  });

  it('decrypts with a keyRef naming the blob’s own key, by ID or alias', async () => {
    const { ctx, seal, open, keyId } = await setup();
    await createAlias(ctx, { actor: admin, keyId, alias: 'second' });
    const blob = await seal();
    for (const keyRef of [keyId, 'app', 'alias/second']) expect(await codeOf(open(blob, { keyRef }))).toBe('NO_ERROR');
  });

  it('reads a blob whose key does not exist (never did, or purged) as CIPHERTEXT_INVALID', async () => {
    const { ctx, clock, seal, open, keyId } = await setup();
    const forged = sealCiphertextBlob({
      keyId: MISSING,
      materialId: randomBytes(32),
      material: randomBytes(32),
      plaintext: text('x'),
      encodedContext: encodeEncryptionContext([]),
    });
    expect(await codeOf(open(forged))).toBe('CIPHERTEXT_INVALID');
    const blob = await seal();
    await scheduleKeyDeletion(ctx, { actor: admin, keyId, pendingWindowInDays: 7 });
    clock.advance({ days: 7 });
    expect((await purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL })).purgedKeyIds).toEqual([keyId]);
    expect(await codeOf(open(blob))).toBe('CIPHERTEXT_INVALID');
  });

  it('refuses a blob authentic under the key’s material but naming another material id', async () => {
    const { ctx, open } = createTestContextWithOpen();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'byok', origin: 'EXTERNAL' });
    const { material, materialId } = await seedImportedMaterial({ ctx, keyId, expiresAt: null });
    const forge = (id: Buffer) =>
      sealCiphertextBlob({ keyId, materialId: id, material, plaintext: text('x'), encodedContext: encodeEncryptionContext([]) });
    expect(await codeOf(open(forge(Buffer.from(materialId, 'hex'))))).toBe('NO_ERROR');
    expect(await codeOf(open(forge(randomBytes(32))))).toBe('CIPHERTEXT_INVALID');
  });

  it('decrypts old blobs again after the same material is deleted and re-imported, and after expiry and re-import', async () => {
    const { ctx, clock, open } = createTestContextWithOpen();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'byok', origin: 'EXTERNAL' });
    const { material } = await seedImportedMaterial({ ctx, keyId, expiresAt: new Date(clock.now().getTime() + 3_600_000) });
    const { ciphertextBlob } = await encrypt(ctx, { actor: user, keyRef: keyId, plaintext: text('kept'), encryptionContext: { a: '1' } });
    await deleteKeyMaterial(ctx, { actor: admin, keyId });
    expect(await codeOf(open(ciphertextBlob, { encryptionContext: { a: '1' } }))).toBe('INVALID_STATE');
    await seedImportedMaterial({ ctx, keyId, material, expiresAt: new Date(clock.now().getTime() + 3_600_000) });
    expect((await open(ciphertextBlob, { encryptionContext: { a: '1' } })).plaintext).toEqual(text('kept'));
    clock.advance({ hours: 1 });
    await expireKeyMaterial(ctx, { actor: SYSTEM_PRINCIPAL });
    expect(await codeOf(open(ciphertextBlob, { encryptionContext: { a: '1' } }))).toBe('INVALID_STATE');
    await seedImportedMaterial({ ctx, keyId, material, expiresAt: null });
    expect((await open(ciphertextBlob, { encryptionContext: { a: '1' } })).plaintext).toEqual(text('kept'));
  });

  it.each(['AUDITOR', 'KEY_MANAGER'] as const)('refuses a %s with FORBIDDEN, audited, before reading the input', async (role) => {
    const { ctx, seal, keyId, store } = await setup();
    const blob = await seal();
    expect(await codeOf(encrypt(ctx, { actor: principal(role), keyRef: keyId, plaintext: text('x') }))).toBe('FORBIDDEN');
    expect(await codeOf(decrypt(ctx, { actor: principal(role), ciphertextBlob: blob }))).toBe('FORBIDDEN');
    expect(await codeOf(encrypt(ctx, { actor: principal(role), keyRef: keyId, plaintext: Buffer.alloc(0) }))).toBe('FORBIDDEN');
    expect(store.audit.map((e) => [e.action, e.result, e.errorCode, e.keyId])).toEqual([
      ['Encrypt', 'FAILURE', 'FORBIDDEN', keyId],
      ['Decrypt', 'FAILURE', 'FORBIDDEN', keyId],
      ['Encrypt', 'FAILURE', 'FORBIDDEN', keyId],
    ]);
  });

  it('keeps plaintext and encryption context out of failure records', async () => {
    const { seal, open, store } = await setup();
    const blob = await seal(text('plaintext-marker'), { contextKey: 'context-marker' });
    await codeOf(open(blob, { encryptionContext: { contextKey: 'wrong-marker' } }));
    expect(JSON.stringify(store.audit)).not.toMatch(/marker|contextKey/);
  });
});

function createTestContextWithOpen() {
  const t = createTestContext();
  const open = (ciphertextBlob: Uint8Array, more: { keyRef?: string; encryptionContext?: Record<string, string> } = {}) =>
    decrypt(t.ctx, { actor: user, ciphertextBlob, ...more });
  return { ...t, open };
}

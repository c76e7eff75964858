import { describe, expect, it } from 'vitest';
import type { KmsContext } from './context';
import { createKey } from './create-key';
import { decrypt } from './decrypt';
import { deleteKeyMaterial } from './delete-key-material';
import { disableKey } from './disable-key';
import { encrypt } from './encrypt';
import { generateDataKey, generateDataKeyWithoutPlaintext } from './generate-data-key';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { codeOf, createTestContext, principal, seedImportedMaterial } from './testing/test-context';

// SPEC §6: use needs the effective state Enabled with present, unexpired material.
const admin = principal('ADMINISTRATOR');
const user = principal('KEY_USER');
const MISSING = '00000000-0000-4000-8000-000000000000';

type TUse = (ctx: KmsContext, keyRef: string, blob: Buffer) => Promise<unknown>;
const USES: Array<[string, TUse]> = [
  ['Encrypt', (ctx, keyRef) => encrypt(ctx, { actor: user, keyRef, plaintext: Buffer.from('x') })],
  ['Decrypt', (ctx, _keyRef, ciphertextBlob) => decrypt(ctx, { actor: user, ciphertextBlob })],
  ['GenerateDataKey', (ctx, keyRef) => generateDataKey(ctx, { actor: user, keyRef, keySpec: 'AES_256' })],
  ['GenerateDataKeyWithoutPlaintext', (ctx, keyRef) => generateDataKeyWithoutPlaintext(ctx, { actor: user, keyRef, numberOfBytes: 8 })],
];

/** A key with imported material expiring in one hour, a blob made under it, and the key put in `state`. */
async function keyIn(state: 'ENABLED' | 'DISABLED' | 'PENDING_DELETION' | 'MATERIAL_DELETED' | 'EXPIRED' | 'DISABLED_EXPIRED') {
  const t = createTestContext();
  const { id: keyId } = await createKey(t.ctx, { actor: admin, alias: 'k', origin: 'EXTERNAL' });
  await seedImportedMaterial({ ctx: t.ctx, keyId, expiresAt: new Date(t.clock.now().getTime() + 3_600_000) });
  const { ciphertextBlob } = await encrypt(t.ctx, { actor: user, keyRef: keyId, plaintext: Buffer.from('x') });
  if (state === 'DISABLED' || state === 'DISABLED_EXPIRED') await disableKey(t.ctx, { actor: admin, keyId });
  if (state === 'PENDING_DELETION') await scheduleKeyDeletion(t.ctx, { actor: admin, keyId });
  if (state === 'MATERIAL_DELETED') await deleteKeyMaterial(t.ctx, { actor: admin, keyId });
  // The expiry instant itself counts, and no sweeper has run: the stored state still says Enabled/Disabled.
  if (state === 'EXPIRED' || state === 'DISABLED_EXPIRED') t.clock.advance({ hours: 1 });
  t.store.audit.length = 0;
  return { ...t, keyId, blob: ciphertextBlob };
}

describe.each(USES)('%s and the key state', (action, use) => {
  it.each([
    ['ENABLED', 'NO_ERROR'],
    ['DISABLED', 'DISABLED'],
    ['PENDING_DELETION', 'INVALID_STATE'],
    ['MATERIAL_DELETED', 'INVALID_STATE'],
    ['EXPIRED', 'INVALID_STATE'],
    ['DISABLED_EXPIRED', 'INVALID_STATE'],
  ] as const)('a key %s → %s, failures audited', async (state, code) => {
    const { ctx, keyId, blob, store } = await keyIn(state);
    expect(await codeOf(use(ctx, keyId, blob))).toBe(code);
    const expected = code === 'NO_ERROR' ? [] : [[action, 'FAILURE', code, keyId]];
    expect(store.audit.map((e) => [e.action, e.result, e.errorCode, e.keyId])).toEqual(expected);
  });

});

// A key that never held material has no blobs, so these apply to the operations that name a key.
describe.each(USES.filter(([action]) => action !== 'Decrypt'))('%s by keyRef', (_, use) => {
  it('a key awaiting its first import → INVALID_STATE', async () => {
    const { ctx, blob } = await keyIn('ENABLED');
    const { id: fresh } = await createKey(ctx, { actor: admin, alias: 'fresh', origin: 'EXTERNAL' });
    expect(await codeOf(use(ctx, fresh, blob))).toBe('INVALID_STATE');
  });

  it('an unknown key ID or alias → NOT_FOUND; a malformed ref → VALIDATION', async () => {
    const { ctx, blob } = await keyIn('ENABLED');
    expect(await codeOf(use(ctx, MISSING, blob))).toBe('NOT_FOUND');
    expect(await codeOf(use(ctx, 'alias/missing', blob))).toBe('NOT_FOUND');
    expect(await codeOf(use(ctx, "k' OR 1=1", blob))).toBe('VALIDATION');
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cryptoAvailability } from './crypto-availability';
import { deleteKeyMaterial } from './delete-key-material';
import { describeKey } from './describe-key';
import { disableKey } from './disable-key';
import { encrypt } from './encrypt';
import { isKmsError } from './errors';
import { expireKeyMaterial } from './expire-key-material';
import { SYSTEM_PRINCIPAL } from './principals';
import { createImportFixture, expiresAt, type TImportFixture } from './testing/import-fixture';
import { principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const HOUR = 3_600_000;

async function imported(f: TImportFixture, inMs: number | null, material = randomBytes(32)) {
  const keyId = await f.externalKey();
  const p = await f.parameters(keyId);
  const expiration = inMs === null ? undefined : expiresAt(new Date(f.clock.now().getTime() + inMs));
  await f.importWith(p, f.wrap(p, material), expiration);
  return { keyId, material };
}

const describe_ = (f: TImportFixture, keyId: string) => describeKey(f.ctx, { actor: admin, keyRef: keyId });

async function refusal(f: TImportFixture, keyId: string): Promise<{ code: string; message: string }> {
  try {
    await encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext: new TextEncoder().encode('x') });
  } catch (error) {
    if (isKmsError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('encrypt succeeded');
}

describe('material removal history', () => {
  it('a manual deletion is recorded as DELETED at the deletion, and refusals say deleted, not expired', async () => {
    const f = createImportFixture();
    const { keyId } = await imported(f, 2 * HOUR);
    const deletedAt = f.clock.advance({ minutes: 5 });
    await deleteKeyMaterial(f.ctx, { actor: f.actor, keyId });
    f.clock.advance({ hours: 3 });
    const view = await describe_(f, keyId);
    expect(view.material.removal).toEqual({ cause: 'DELETED', at: deletedAt });
    expect(await f.store.findKey(keyId)).toMatchObject({ materialRemovedReason: 'DELETED', materialRemovedAt: deletedAt });
    const refused = await refusal(f, keyId);
    expect(refused.code).toBe('INVALID_STATE');
    expect(refused.message).toBe(`The key material was deleted at ${deletedAt.toISOString()}. Import the same material again to use the key.`);
    expect(refused.message).not.toMatch(/expir/i);
    expect(cryptoAvailability(view, f.clock.now())).toEqual({ encrypt: false, decrypt: false, reason: 'MATERIAL_DELETED', since: deletedAt });
  });

  it('expiry is EXPIRED at the expiry instant, before the sweeper runs and after (dated at the instant, not the sweep)', async () => {
    const f = createImportFixture();
    const { keyId } = await imported(f, HOUR);
    const instant = new Date(f.clock.now().getTime() + HOUR);
    f.clock.set(instant);
    expect((await describe_(f, keyId)).material.removal).toEqual({ cause: 'EXPIRED', at: instant });
    expect((await refusal(f, keyId)).message).toBe(`The key material expired at ${instant.toISOString()}. Import the same material again to use the key.`);
    f.clock.advance({ minutes: 10 });
    await expireKeyMaterial(f.ctx, { actor: SYSTEM_PRINCIPAL });
    expect(await f.store.findKey(keyId)).toMatchObject({ materialCiphertext: null, materialRemovedReason: 'EXPIRED', materialRemovedAt: instant });
    const view = await describe_(f, keyId);
    expect(view.material.removal).toEqual({ cause: 'EXPIRED', at: instant });
    expect((await refusal(f, keyId)).message).toContain(`expired at ${instant.toISOString()}`);
    expect(cryptoAvailability(view, f.clock.now())).toMatchObject({ reason: 'MATERIAL_EXPIRED', since: instant });
  });

  it('an import clears the history; a key that never had material says so', async () => {
    const f = createImportFixture();
    const { keyId, material } = await imported(f, null);
    await deleteKeyMaterial(f.ctx, { actor: f.actor, keyId });
    const p = await f.parameters(keyId);
    await f.importWith(p, f.wrap(p, material));
    expect((await describe_(f, keyId)).material.removal).toBeNull();
    expect(await f.store.findKey(keyId)).toMatchObject({ materialRemovedReason: null, materialRemovedAt: null });

    const fresh = await f.externalKey();
    const view = await describe_(f, fresh);
    expect(view.material.removal).toBeNull();
    expect((await refusal(f, fresh)).message).toBe('The key has no key material yet. Import key material to use it.');
    expect(cryptoAvailability(view, f.clock.now()).reason).toBe('AWAITING_IMPORT');
  });
});

describe('cryptoAvailability', () => {
  it('offers encrypt and decrypt only while the key is Enabled with unexpired material, decided at each instant', async () => {
    const f = createImportFixture();
    const { keyId } = await imported(f, HOUR);
    const view = await describe_(f, keyId);
    expect(cryptoAvailability(view, f.clock.now())).toEqual({ encrypt: true, decrypt: true, reason: null, since: null });
    const instant = new Date(f.clock.now().getTime() + HOUR);
    // The page keeps its view while the clock runs: the instant itself already refuses.
    expect(cryptoAvailability(view, new Date(instant.getTime() - 1)).encrypt).toBe(true);
    expect(cryptoAvailability(view, instant)).toMatchObject({ encrypt: false, decrypt: false, reason: 'MATERIAL_EXPIRED', since: instant });
    await disableKey(f.ctx, { actor: admin, keyId });
    expect(cryptoAvailability(await describe_(f, keyId), f.clock.now())).toMatchObject({ encrypt: false, reason: 'DISABLED' });
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { disableKey } from './disable-key';
import { expireKeyMaterial } from './expire-key-material';
import { SYSTEM_PRINCIPAL } from './principals';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createImportFixture, expiresAt, type TImportFixture } from './testing/import-fixture';
import { barrier, codeOf, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const HOUR = 3_600_000;
const sweep = (f: TImportFixture) => expireKeyMaterial(f.ctx, { actor: SYSTEM_PRINCIPAL });

/** An imported key whose material expires `inMs` from now. */
async function expiring(f: TImportFixture, inMs: number | null, material = randomBytes(32)) {
  const keyId = await f.externalKey();
  const p = await f.parameters(keyId);
  const expiration = inMs === null ? undefined : expiresAt(new Date(f.clock.now().getTime() + inMs));
  const view = await f.importWith(p, f.wrap(p, material), expiration);
  return { keyId, material, materialId: view.material.materialId };
}

describe('expireKeyMaterial (the sweeper)', () => {
  it('deletes expired material at its instant, moves Enabled and Disabled keys to Pending import and audits each once', async () => {
    const f = createImportFixture();
    const enabled = await expiring(f, HOUR);
    const disabled = await expiring(f, HOUR);
    await disableKey(f.ctx, { actor: admin, keyId: disabled.keyId });
    const later = await expiring(f, 2 * HOUR);
    const never = await expiring(f, null);
    f.clock.advance({ hours: 1, ms: -1 });
    expect(await sweep(f)).toEqual({ expiredKeyIds: [], destroyedTokenKeys: 0 });
    f.clock.advance({ ms: 1 });
    expect((await sweep(f)).expiredKeyIds.sort()).toEqual([enabled.keyId, disabled.keyId].sort());
    for (const { keyId, materialId } of [enabled, disabled]) {
      expect(await f.store.findKey(keyId)).toMatchObject({ state: 'PENDING_IMPORT', materialCiphertext: null, materialExpiresAt: null, materialId });
    }
    for (const { keyId } of [later, never]) expect((await f.store.findKey(keyId))?.state).toBe('ENABLED');
    const audits = f.store.audit.filter((e) => e.action === 'ExpireKeyMaterial');
    expect(audits.map((e) => [e.keyId, e.details?.fromState, e.actorType])).toEqual(
      expect.arrayContaining([
        [enabled.keyId, 'ENABLED', 'system'],
        [disabled.keyId, 'DISABLED', 'system'],
      ]),
    );
    expect(await sweep(f)).toEqual({ expiredKeyIds: [], destroyedTokenKeys: 0 });
    expect(f.store.audit.filter((e) => e.action === 'ExpireKeyMaterial')).toHaveLength(2);
  });

  it('leaves the binding: only the same material imports again', async () => {
    const f = createImportFixture();
    const key = await expiring(f, HOUR);
    f.clock.advance({ hours: 1 });
    await sweep(f);
    const p = await f.parameters(key.keyId);
    expect(await codeOf(f.importWith(p, f.wrap(p, randomBytes(32))))).toBe('MATERIAL_INCORRECT');
    expect((await f.importWith(p, f.wrap(p, key.material))).state).toBe('ENABLED');
  });

  it('sweeps a key pending deletion too, keeping its state', async () => {
    const f = createImportFixture();
    const key = await expiring(f, HOUR);
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId: key.keyId });
    f.clock.advance({ hours: 1 });
    expect((await sweep(f)).expiredKeyIds).toEqual([key.keyId]);
    expect(await f.store.findKey(key.keyId)).toMatchObject({ state: 'PENDING_DELETION', materialCiphertext: null });
  });

  it('sweeps each key once, with one audit record, when two sweepers run at the same time', async () => {
    const f = createImportFixture();
    const keys = [await expiring(f, HOUR), await expiring(f, HOUR), await expiring(f, 2 * HOUR)];
    f.clock.advance({ hours: 3 });
    f.store.hooks.updateKey = barrier(2);
    const [a, b] = await Promise.all([sweep(f), sweep(f)]);
    expect([...(a?.expiredKeyIds ?? []), ...(b?.expiredKeyIds ?? [])].sort()).toEqual(keys.map((k) => k.keyId).sort());
    expect(f.store.audit.filter((e) => e.action === 'ExpireKeyMaterial').map((e) => e.keyId).sort()).toEqual(keys.map((k) => k.keyId).sort());
  });

  it('spares a key re-imported with a later expiry after it was listed', async () => {
    const f = createImportFixture();
    const key = await expiring(f, HOUR);
    f.clock.advance({ hours: 1 });
    const p = await f.parameters(key.keyId);
    let reimported = false;
    f.store.hooks.findKey = async () => {
      if (reimported) return;
      reimported = true;
      await f.importWith(p, f.wrap(p, key.material), expiresAt(new Date(f.clock.now().getTime() + HOUR)));
    };
    expect((await sweep(f)).expiredKeyIds).toEqual([]);
    expect(await f.store.findKey(key.keyId)).toMatchObject({ state: 'ENABLED', materialCiphertext: expect.any(Uint8Array) });
  });

  it('destroys the private keys of expired tokens (the instant counts), and only those', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const old = await f.parameters(keyId);
    f.clock.advance({ hours: 1 });
    const recent = await f.parameters(keyId);
    f.clock.advance({ hours: 23 });
    expect(await sweep(f)).toEqual({ expiredKeyIds: [], destroyedTokenKeys: 1 });
    expect(f.tokenOf(old).privateKeyCiphertext).toBeNull();
    expect(f.tokenOf(recent).privateKeyCiphertext).not.toBeNull();
    // An expired token says so, even with its private key gone.
    expect(await codeOf(f.importWith(old, f.wrap(old, randomBytes(32))))).toBe('TOKEN_EXPIRED');
  });

  it('refuses actors without key management rights', async () => {
    const f = createImportFixture();
    const key = await expiring(f, HOUR);
    f.clock.advance({ hours: 2 });
    expect(await codeOf(expireKeyMaterial(f.ctx, { actor: principal('KEY_USER') }))).toBe('FORBIDDEN');
    expect((await f.store.findKey(key.keyId))?.materialCiphertext).not.toBeNull();
  });
});

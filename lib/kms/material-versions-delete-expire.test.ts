import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deleteKeyMaterial } from './delete-key-material';
import { describeKey } from './describe-key';
import { disableKey } from './disable-key';
import { encrypt } from './encrypt';
import { expireKeyMaterial } from './expire-key-material';
import { SYSTEM_PRINCIPAL } from './principals';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { createVersionFixture, type TVersionFixture } from './testing/material-version-fixture';
import { codeOf, principal } from './testing/test-context';

// SPEC §11: deletion and expiry work per version. A bound (CURRENT / NON_CURRENT) version keeps its row and
// binding; losing its material makes the key Pending import until it is imported again. A PENDING_ROTATION
// version is simply removed.

const admin = principal('ADMINISTRATOR');
const HOUR = 3_600_000;
const sweep = (f: TVersionFixture) => expireKeyMaterial(f.ctx, { actor: SYSTEM_PRINCIPAL });
const stateOf = async (f: TVersionFixture, keyId: string) => (await describeKey(f.ctx, { actor: admin, keyRef: keyId })).state;

/** An imported key rotated once: version 1 (`first`, expiring when told) NON_CURRENT, version 2 (`second`) CURRENT. */
async function rotatedKey(f: TVersionFixture, firstExpiresAt?: Date) {
  const { keyId, material: first } = await f.importedKey(randomBytes(32), firstExpiresAt);
  const second = randomBytes(32);
  await f.importVersion(keyId, second, { importType: 'NEW_KEY_MATERIAL' });
  await rotateKeyOnDemand(f.ctx, { actor: admin, keyId });
  return { keyId, first, second };
}

describe('deleteKeyMaterial per version', () => {
  it('deletes the CURRENT version by default: row and binding kept, removal DELETED, key Pending import until re-imported', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const result = await deleteKeyMaterial(f.ctx, { actor: admin, keyId });
    expect(result).toMatchObject({ state: 'PENDING_IMPORT', deletedMaterialId: f.idOf(keyId, material) });
    expect(await f.versions(keyId)).toEqual([
      expect.objectContaining({ state: 'CURRENT', materialCiphertext: null, removedReason: 'DELETED', removedAt: f.clock.now(), kcv: f.kcvOf(material) }),
    ]);
    expect(await codeOf(f.importVersion(keyId, randomBytes(32)))).toBe('MATERIAL_INCORRECT');
    expect((await f.importVersion(keyId, material)).state).toBe('ENABLED');
  });

  it('deletes a NON_CURRENT version by id: the key is Pending import until that version is imported again', async () => {
    const f = createVersionFixture();
    const { keyId, first, second } = await rotatedKey(f);
    await deleteKeyMaterial(f.ctx, { actor: admin, keyId, materialId: f.idOf(keyId, first) });
    expect(await stateOf(f, keyId)).toBe('PENDING_IMPORT');
    expect(await codeOf(encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext: Buffer.from('x') }))).toBe('INVALID_STATE');
    // Re-importing the CURRENT version, which never left, does not bring the key back.
    expect((await f.importVersion(keyId, second)).state).toBe('PENDING_IMPORT');
    expect((await f.importVersion(keyId, first, { materialId: f.idOf(keyId, first) })).state).toBe('ENABLED');
    expect(await f.shape(keyId)).toEqual([[1, 'NON_CURRENT'], [2, 'CURRENT']]);
  });

  it('refuses deleting another version while the key is already Pending import (SPEC §2: INVALID_STATE)', async () => {
    const f = createVersionFixture();
    const { keyId, first } = await rotatedKey(f);
    await deleteKeyMaterial(f.ctx, { actor: admin, keyId, materialId: f.idOf(keyId, first) });
    const before = await f.versions(keyId);
    expect(await codeOf(deleteKeyMaterial(f.ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
    expect(await f.versions(keyId)).toEqual(before);
  });

  it('needs every bound version that lost its material back before the key is Enabled again', async () => {
    const f = createVersionFixture();
    const expiry = new Date(f.clock.now().getTime() + HOUR);
    const { keyId, first, second } = await rotatedKey(f, expiry);
    await f.importVersion(keyId, second, { expiresAt: expiry });
    f.clock.set(expiry);
    await sweep(f);
    expect((await f.versions(keyId)).map((version) => version.removedReason)).toEqual(['EXPIRED', 'EXPIRED']);
    expect((await f.importVersion(keyId, second)).state).toBe('PENDING_IMPORT');
    expect((await f.importVersion(keyId, first, { materialId: f.idOf(keyId, first) })).state).toBe('ENABLED');
  });

  it.each(['ENABLED', 'DISABLED'] as const)('removes a pending version whole and leaves a %s key as it was', async (state) => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    const pending = randomBytes(32);
    await f.importVersion(keyId, pending, { importType: 'NEW_KEY_MATERIAL' });
    if (state === 'DISABLED') await disableKey(f.ctx, { actor: admin, keyId });
    const result = await deleteKeyMaterial(f.ctx, { actor: admin, keyId, materialId: f.idOf(keyId, pending) });
    expect(result).toMatchObject({ state, deletedMaterialId: f.idOf(keyId, pending) });
    expect(await f.shape(keyId)).toEqual([[1, 'CURRENT']]);
    expect(f.store.audit.at(-1)).toMatchObject({ action: 'DeleteImportedKeyMaterial', result: 'SUCCESS', details: { fromState: state, toState: state } });
    // Gone whole, so a NEW import of any material (even that one) is allowed again.
    expect(await codeOf(f.importVersion(keyId, pending, { importType: 'NEW_KEY_MATERIAL' }))).toBe('NO_ERROR');
  });

  it('refuses an unknown material id (NOT_FOUND), an already deleted version (INVALID_STATE) and generated keys (UNSUPPORTED)', async () => {
    const f = createVersionFixture();
    const { keyId, first } = await rotatedKey(f);
    expect(await codeOf(deleteKeyMaterial(f.ctx, { actor: admin, keyId, materialId: 'c'.repeat(64) }))).toBe('NOT_FOUND');
    await deleteKeyMaterial(f.ctx, { actor: admin, keyId, materialId: f.idOf(keyId, first) });
    expect(await codeOf(deleteKeyMaterial(f.ctx, { actor: admin, keyId, materialId: f.idOf(keyId, first) }))).toBe('INVALID_STATE');
    expect(await codeOf(deleteKeyMaterial(f.ctx, { actor: admin, keyId: await f.generatedKey() }))).toBe('UNSUPPORTED');
  });
});

describe('expiry per version', () => {
  it('a NON_CURRENT version expiring makes the key Pending import at that instant; the sweeper clears only it', async () => {
    const f = createVersionFixture();
    const expiry = new Date(f.clock.now().getTime() + 2 * HOUR);
    const { keyId, first, second } = await rotatedKey(f, expiry);
    const view = await describeKey(f.ctx, { actor: admin, keyRef: keyId });
    expect(view).toMatchObject({ state: 'ENABLED', material: { materialId: f.idOf(keyId, second), expiresAt: expiry } });

    f.clock.set(new Date(expiry.getTime() - 1));
    expect(await stateOf(f, keyId)).toBe('ENABLED');
    f.clock.set(expiry);
    expect(await stateOf(f, keyId)).toBe('PENDING_IMPORT');
    expect(await codeOf(encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext: Buffer.from('x') }))).toBe('INVALID_STATE');

    expect((await sweep(f)).expiredKeyIds).toEqual([keyId]);
    const [v1, v2] = await f.versions(keyId);
    expect(v1).toMatchObject({ state: 'NON_CURRENT', materialCiphertext: null, removedReason: 'EXPIRED', removedAt: expiry });
    expect(v2?.materialCiphertext).not.toBeNull();
    expect(await f.store.findKey(keyId)).toMatchObject({ state: 'PENDING_IMPORT', materialId: f.idOf(keyId, second) });
    expect(f.store.audit.at(-1)).toMatchObject({ action: 'ExpireKeyMaterial', details: { materialIds: f.idOf(keyId, first), toState: 'PENDING_IMPORT' } });
    expect((await sweep(f)).expiredKeyIds).toEqual([]);

    expect((await f.importVersion(keyId, first, { materialId: f.idOf(keyId, first) })).state).toBe('ENABLED');
    expect(await codeOf(encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext: Buffer.from('x') }))).toBe('NO_ERROR');
  });

  it('clears a version expiring while the key is already Pending import (another version deleted), and lists it no more', async () => {
    const f = createVersionFixture();
    const expiry = new Date(f.clock.now().getTime() + 2 * HOUR);
    const { keyId, first } = await rotatedKey(f, expiry);
    await deleteKeyMaterial(f.ctx, { actor: admin, keyId });
    f.clock.set(expiry);
    expect((await sweep(f)).expiredKeyIds).toEqual([keyId]);
    const [v1, v2] = await f.versions(keyId);
    expect(v1).toMatchObject({ materialId: f.idOf(keyId, first), materialCiphertext: null, removedReason: 'EXPIRED', removedAt: expiry });
    expect(v2).toMatchObject({ materialCiphertext: null, removedReason: 'DELETED' });
    expect(await f.store.findKey(keyId)).toMatchObject({ state: 'PENDING_IMPORT' });
    // Not listed again: a key the sweeper cannot clear would take a place in every later run.
    expect(await f.store.findKeyIdsWithExpiredMaterial(f.clock.now(), 10)).toEqual([]);
  });

  it('a pending version expiring leaves the key Enabled; the sweeper removes that version whole', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    const expiry = new Date(f.clock.now().getTime() + HOUR);
    await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL', expiresAt: expiry });
    expect((await describeKey(f.ctx, { actor: admin, keyRef: keyId })).material.expiresAt).toBeNull();
    f.clock.set(expiry);
    expect(await stateOf(f, keyId)).toBe('ENABLED');
    expect((await sweep(f)).expiredKeyIds).toEqual([keyId]);
    expect(await f.shape(keyId)).toEqual([[1, 'CURRENT']]);
    expect(await f.store.findKey(keyId)).toMatchObject({ state: 'ENABLED' });
  });

  it('a pending version past its expiry cannot be rotated to (INVALID_STATE)', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    const expiry = new Date(f.clock.now().getTime() + 60_000);
    await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL', expiresAt: expiry });
    f.clock.set(expiry);
    expect(await codeOf(rotateKeyOnDemand(f.ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
  });

  it('a re-import of the CURRENT version while an older one is past its expiry (not yet swept) leaves the key Pending import', async () => {
    const f = createVersionFixture();
    const expiry = new Date(f.clock.now().getTime() + HOUR);
    const { keyId, second } = await rotatedKey(f, expiry);
    f.clock.set(new Date(expiry.getTime() + 1));
    await f.importVersion(keyId, second);
    // The stored state says what every read says: version 1 must come back before the key works.
    expect((await f.store.findKey(keyId))?.state).toBe('PENDING_IMPORT');
    expect(f.store.audit.at(-1)?.details).toMatchObject({ fromState: 'PENDING_IMPORT', toState: 'PENDING_IMPORT' });
    expect(await stateOf(f, keyId)).toBe('PENDING_IMPORT');
  });
});

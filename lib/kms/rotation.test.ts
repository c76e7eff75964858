import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt } from './decrypt';
import { describeKey } from './describe-key';
import { disableKey } from './disable-key';
import { encrypt } from './encrypt';
import { generateDataKey } from './generate-data-key';
import { createKeyCache } from './key-cache';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createVersionFixture, type TVersionFixture } from './testing/material-version-fixture';
import { codeOf, principal } from './testing/test-context';
import type { Principal } from './types';

// SPEC §11 rotation on demand: the new material becomes CURRENT, the old NON_CURRENT and decrypts forever.

const admin = principal('ADMINISTRATOR');
const rotate = (f: TVersionFixture, keyId: string, actor: Principal = admin) => rotateKeyOnDemand(f.ctx, { actor, keyId });
const plaintext = Buffer.from('rotated');

describe('rotateKeyOnDemand of a generated key', () => {
  it('adds generated material as CURRENT, makes the old NON_CURRENT, and audits both material ids', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    const [before] = await f.versions(keyId);
    const result = await rotate(f, keyId);
    const [v1, v2] = await f.versions(keyId);
    expect(v1).toMatchObject({ materialId: before?.materialId, state: 'NON_CURRENT', rotationType: null });
    expect(v2).toMatchObject({ sequence: 2, state: 'CURRENT', rotationType: 'ON_DEMAND', rotationDate: f.clock.now() });
    expect(v2?.kcv).toMatch(/^[0-9A-F]{6}$/);
    expect(result).toMatchObject({ state: 'ENABLED', currentMaterialId: v2?.materialId, previousMaterialId: before?.materialId });
    expect(result.material.materialId).toBe(v2?.materialId);
    expect(f.store.audit.at(-1)).toMatchObject({
      action: 'RotateKeyOnDemand',
      result: 'SUCCESS',
      keyId,
      details: { rotationType: 'ON_DEMAND', materialId: v2?.materialId, materialVersion: 2, previousMaterialId: before?.materialId },
    });
  });

  it('Encrypt uses the new CURRENT at once through a warm key cache; every older ciphertext still decrypts', async () => {
    const f = createVersionFixture();
    f.ctx.keyCache = createKeyCache({ ttlMs: 1000 });
    const keyId = await f.generatedKey();
    const blobs: Array<{ blob: Buffer; materialId: string }> = [];
    for (let round = 0; round < 3; round++) {
      const sealed = await encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext });
      blobs.push({ blob: sealed.ciphertextBlob, materialId: sealed.materialId });
      const { currentMaterialId } = await rotate(f, keyId);
      // Same instant, cache still warm: only the invalidation on rotation moves Encrypt on.
      expect((await encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext })).materialId).toBe(currentMaterialId);
    }
    expect(new Set(blobs.map((b) => b.materialId)).size).toBe(3);
    for (const { blob, materialId } of blobs) {
      const opened = await decrypt(f.ctx, { actor: admin, ciphertextBlob: blob });
      expect({ materialId: opened.materialId, plaintext: Buffer.from(opened.plaintext).toString() }).toEqual({ materialId, plaintext: 'rotated' });
    }
  });

  it('data keys are sealed under the new CURRENT too, and the old data keys still open', async () => {
    const f = createVersionFixture();
    f.ctx.keyCache = createKeyCache({ ttlMs: 1000 });
    const keyId = await f.generatedKey();
    const before = await generateDataKey(f.ctx, { actor: admin, keyRef: keyId, keySpec: 'AES_256' });
    const { currentMaterialId } = await rotate(f, keyId);
    const after = await generateDataKey(f.ctx, { actor: admin, keyRef: keyId, keySpec: 'AES_256' });
    expect(after.materialId).toBe(currentMaterialId);
    for (const dataKey of [before, after]) {
      const opened = await decrypt(f.ctx, { actor: admin, ciphertextBlob: dataKey.ciphertextBlob });
      expect([opened.materialId, Buffer.from(opened.plaintext).equals(dataKey.plaintext)]).toEqual([dataKey.materialId, true]);
    }
  });

  it('allows 25 rotations on demand, then LIMIT_EXCEEDED with nothing changed', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    for (let i = 0; i < 25; i++) await rotate(f, keyId);
    const before = await f.versions(keyId);
    expect(before).toHaveLength(26);
    expect(await codeOf(rotate(f, keyId))).toBe('LIMIT_EXCEEDED');
    expect(await f.versions(keyId)).toEqual(before);
    expect(f.store.audit.at(-1)).toMatchObject({ action: 'RotateKeyOnDemand', result: 'FAILURE' });
  });

  it('refuses a disabled key (DISABLED) and one pending deletion (INVALID_STATE)', async () => {
    const f = createVersionFixture();
    const disabled = await f.generatedKey();
    await disableKey(f.ctx, { actor: admin, keyId: disabled });
    expect(await codeOf(rotate(f, disabled))).toBe('DISABLED');
    const deleting = await f.generatedKey();
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId: deleting, pendingWindowInDays: 7 });
    expect(await codeOf(rotate(f, deleting))).toBe('INVALID_STATE');
    for (const keyId of [disabled, deleting]) expect(await f.shape(keyId)).toEqual([[1, 'CURRENT']]);
  });

  it('needs fresh authentication from a person, not from an access key', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    f.clock.advance({ minutes: 11 });
    expect(await codeOf(rotate(f, keyId))).toBe('REAUTHENTICATION_REQUIRED');
    expect(await f.shape(keyId)).toEqual([[1, 'CURRENT']]);
    expect(await codeOf(rotate(f, keyId, principal('ADMINISTRATOR', undefined, { authenticatedAt: f.clock.now() })))).toBe('NO_ERROR');
    expect(await codeOf(rotate(f, keyId, { type: 'access-key', id: 'KFROTATE', name: 'KFROTATE', role: 'ADMINISTRATOR' }))).toBe('NO_ERROR');
  });

  it('is refused to a key user (FORBIDDEN)', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    expect(await codeOf(rotate(f, keyId, principal('KEY_USER')))).toBe('FORBIDDEN');
  });
});

describe('rotateKeyOnDemand of an imported key', () => {
  it('promotes the pending version to CURRENT; the old CURRENT becomes NON_CURRENT and still decrypts', async () => {
    const f = createVersionFixture();
    f.ctx.keyCache = createKeyCache({ ttlMs: 1000 });
    const { keyId, material } = await f.importedKey();
    const old = await encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext });
    const next = randomBytes(32);
    await f.importVersion(keyId, next, { importType: 'NEW_KEY_MATERIAL' });
    const result = await rotate(f, keyId);
    expect(result).toMatchObject({ currentMaterialId: f.idOf(keyId, next), previousMaterialId: f.idOf(keyId, material) });
    expect((await describeKey(f.ctx, { actor: admin, keyRef: keyId })).material.materialId).toBe(f.idOf(keyId, next));
    expect(await f.versions(keyId)).toEqual([
      expect.objectContaining({ materialId: f.idOf(keyId, material), state: 'NON_CURRENT' }),
      expect.objectContaining({ materialId: f.idOf(keyId, next), state: 'CURRENT', rotationType: 'ON_DEMAND', rotationDate: f.clock.now() }),
    ]);
    expect((await encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext })).materialId).toBe(f.idOf(keyId, next));
    expect((await decrypt(f.ctx, { actor: admin, ciphertextBlob: old.ciphertextBlob })).materialId).toBe(f.idOf(keyId, material));
    // Both are bound now: the promoted version only accepts its own material again.
    expect(await codeOf(f.importVersion(keyId, material))).toBe('MATERIAL_INCORRECT');
    expect(await codeOf(f.importVersion(keyId, next))).toBe('NO_ERROR');
  });

  it('refuses with nothing pending (INVALID_STATE), and a disabled key with DISABLED', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    expect(await codeOf(rotate(f, keyId))).toBe('INVALID_STATE');
    await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' });
    await disableKey(f.ctx, { actor: admin, keyId });
    expect(await codeOf(rotate(f, keyId))).toBe('DISABLED');
    expect(await f.shape(keyId)).toEqual([[1, 'CURRENT'], [2, 'PENDING_ROTATION']]);
  });
});

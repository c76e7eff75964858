import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cancelKeyDeletion } from './cancel-key-deletion';
import { decrypt } from './decrypt';
import { deleteKeyMaterial } from './delete-key-material';
import { disableKey } from './disable-key';
import { encrypt } from './encrypt';
import { SYSTEM_PRINCIPAL } from './principals';
import { purgeDueKeys } from './purge-due-keys';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createVersionFixture, type TVersionFixture } from './testing/material-version-fixture';
import { codeOf, principal } from './testing/test-context';

// SPEC §2 with §11: a key's versions through disabling, deletion windows, cancellation and the purge.

const admin = principal('ADMINISTRATOR');
const HOUR = 3_600_000;

/** An imported key rotated once (version 1 NON_CURRENT, expiring when told; version 2 CURRENT) and a blob under version 1. */
async function rotatedKey(f: TVersionFixture, firstExpiresAt?: Date) {
  const { keyId, material: first } = await f.importedKey(randomBytes(32), firstExpiresAt);
  const oldBlob = (await encrypt(f.ctx, { actor: admin, keyRef: keyId, plaintext: Buffer.from('v1') })).ciphertextBlob;
  await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' });
  await rotateKeyOnDemand(f.ctx, { actor: admin, keyId });
  return { keyId, first, oldBlob };
}

describe('versions through the key’s life', () => {
  it('a disabled key refuses to decrypt an older version’s ciphertext with DISABLED', async () => {
    const f = createVersionFixture();
    const { keyId, oldBlob } = await rotatedKey(f);
    await disableKey(f.ctx, { actor: admin, keyId });
    expect(await codeOf(decrypt(f.ctx, { actor: admin, ciphertextBlob: oldBlob }))).toBe('DISABLED');
  });

  it('cancelling deletion of a key whose versions all hold material gives Disabled, versions unchanged', async () => {
    const f = createVersionFixture();
    const { keyId } = await rotatedKey(f);
    const before = await f.versions(keyId);
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId, pendingWindowInDays: 7 });
    expect((await cancelKeyDeletion(f.ctx, { actor: admin, keyId })).state).toBe('DISABLED');
    expect(await f.versions(keyId)).toEqual(before);
  });

  it('a NON_CURRENT version deleted during the deletion window: the key stays pending deletion, cancelling gives Pending import', async () => {
    const f = createVersionFixture();
    const { keyId, first } = await rotatedKey(f);
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId, pendingWindowInDays: 7 });
    expect((await deleteKeyMaterial(f.ctx, { actor: admin, keyId, materialId: f.idOf(keyId, first) })).state).toBe('PENDING_DELETION');
    expect((await cancelKeyDeletion(f.ctx, { actor: admin, keyId })).state).toBe('PENDING_IMPORT');
    expect((await f.importVersion(keyId, first, { materialId: f.idOf(keyId, first) })).state).toBe('ENABLED');
  });

  it('a NON_CURRENT version that expired during the window, unswept: cancelling clears it (dated at its expiry) and gives Pending import', async () => {
    const f = createVersionFixture();
    const expiry = new Date(f.clock.now().getTime() + HOUR);
    const { keyId } = await rotatedKey(f, expiry);
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId, pendingWindowInDays: 7 });
    f.clock.set(new Date(expiry.getTime() + HOUR));
    expect((await cancelKeyDeletion(f.ctx, { actor: admin, keyId })).state).toBe('PENDING_IMPORT');
    const [v1, v2] = await f.versions(keyId);
    expect(v1).toMatchObject({ state: 'NON_CURRENT', materialCiphertext: null, removedReason: 'EXPIRED', removedAt: expiry });
    expect(v2?.materialCiphertext).not.toBeNull();
  });

  it('the purge removes every version with the key', async () => {
    const f = createVersionFixture();
    const { keyId } = await rotatedKey(f);
    await f.importVersion(keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' });
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId, pendingWindowInDays: 7 });
    f.clock.advance({ days: 7 });
    expect((await purgeDueKeys(f.ctx, { actor: SYSTEM_PRINCIPAL })).purgedKeyIds).toEqual([keyId]);
    expect(await f.versions(keyId)).toEqual([]);
    expect([...f.store.versions.values()].filter((row) => row.keyId === keyId)).toEqual([]);
  });
});

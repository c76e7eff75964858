import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cancelKeyDeletion } from './cancel-key-deletion';
import { deleteKeyMaterial } from './delete-key-material';
import { disableKey } from './disable-key';
import { expireKeyMaterial } from './expire-key-material';
import { summarizeVersions } from './material-summary';
import { SYSTEM_PRINCIPAL } from './principals';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createVersionFixture, type TVersionFixture } from './testing/material-version-fixture';
import { principal } from './testing/test-context';

// SPEC §11 as an invariant: whatever happens to a key's versions, its row's material columns are exactly what
// its versions say (summarizeVersions), exactly one version is CURRENT, at most one is pending, and sequences
// are unique.

const admin = principal('ADMINISTRATOR');
const HOUR = 3_600_000;

async function expectConsistent(f: TVersionFixture, keyId: string, step: string): Promise<void> {
  const key = await f.store.findKey(keyId);
  const versions = await f.versions(keyId);
  const summary = summarizeVersions(versions);
  const row = {
    materialId: key?.materialId,
    materialCiphertext: key?.materialCiphertext,
    materialImportedAt: key?.materialImportedAt,
    materialExpiresAt: key?.materialExpiresAt,
    materialRemovedReason: key?.materialRemovedReason,
    materialRemovedAt: key?.materialRemovedAt,
  };
  expect(row, step).toEqual({ materialId: summary.materialId ?? null, ...summary });
  expect(versions.filter((v) => v.state === 'CURRENT'), step).toHaveLength(1);
  expect(versions.filter((v) => v.state === 'PENDING_ROTATION').length, step).toBeLessThanOrEqual(1);
  const sequences = versions.map((v) => v.sequence);
  expect(new Set(sequences).size, step).toBe(sequences.length);
}

describe('the key row follows its versions', () => {
  it('through imports, rotations, deletions, expiry, the sweeper and a deletion window', async () => {
    const f = createVersionFixture();
    const expiry = new Date(f.clock.now().getTime() + 4 * HOUR);
    const { keyId, material: v1 } = await f.importedKey(randomBytes(32), expiry);
    const [v2, v3, v4] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const id = (m: Buffer) => f.idOf(keyId, m);
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['NEW v2', () => f.importVersion(keyId, v2, { importType: 'NEW_KEY_MATERIAL', expiresAt: new Date(expiry.getTime() - HOUR) })],
      ['rotate to v2', () => rotateKeyOnDemand(f.ctx, { actor: admin, keyId })],
      ['NEW v3', () => f.importVersion(keyId, v3, { importType: 'NEW_KEY_MATERIAL' })],
      ['delete pending v3', () => deleteKeyMaterial(f.ctx, { actor: admin, keyId, materialId: id(v3) })],
      ['NEW v4', () => f.importVersion(keyId, v4, { importType: 'NEW_KEY_MATERIAL' })],
      ['disable', () => disableKey(f.ctx, { actor: admin, keyId })],
      ['delete NON_CURRENT v1', () => deleteKeyMaterial(f.ctx, { actor: admin, keyId, materialId: id(v1) })],
      // SPEC §2: Pending import → import → Enabled, whatever the state before the deletion.
      ['re-import v1 without expiry', () => f.importVersion(keyId, v1, { materialId: id(v1) })],
      ['rotate to v4', () => rotateKeyOnDemand(f.ctx, { actor: admin, keyId })],
      ['v2 expires, swept', async () => (f.clock.set(new Date(expiry.getTime() - HOUR)), expireKeyMaterial(f.ctx, { actor: SYSTEM_PRINCIPAL }))],
      ['re-import v2', () => f.importVersion(keyId, v2, { materialId: id(v2), expiresAt: new Date(expiry.getTime() + HOUR) })],
      ['schedule deletion', () => scheduleKeyDeletion(f.ctx, { actor: principal('ADMINISTRATOR', undefined, { authenticatedAt: f.clock.now() }), keyId, pendingWindowInDays: 7 })],
      ['v2 expires in the window', async () => (f.clock.set(new Date(expiry.getTime() + HOUR)), expireKeyMaterial(f.ctx, { actor: SYSTEM_PRINCIPAL }))],
      ['cancel deletion', () => cancelKeyDeletion(f.ctx, { actor: admin, keyId })],
      ['re-import v2 again', () => f.importVersion(keyId, v2, { materialId: id(v2) })],
    ];
    for (const [step, run] of steps) {
      await run();
      await expectConsistent(f, keyId, step);
    }
    // v3 was removed whole while pending; its number is not given to other material, so v4 is version 4.
    expect(await f.shape(keyId)).toEqual([[1, 'NON_CURRENT'], [2, 'NON_CURRENT'], [4, 'CURRENT']]);
    expect((await f.store.findKey(keyId))?.removedMaterialSequence).toBe(3);
    expect((await f.versions(keyId)).map((v) => v.materialId)).toEqual([id(v1), id(v2), id(v4)]);
    expect((await f.store.findKey(keyId))?.state).toBe('ENABLED');
  });
});

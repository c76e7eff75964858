import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deleteKeyMaterial } from './delete-key-material';
import { listKeyRotations, type TListKeyRotationsOptions } from './list-key-rotations';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { createVersionFixture, type TVersionFixture } from './testing/material-version-fixture';
import { codeOf, principal } from './testing/test-context';

// SPEC §11, ListKeyRotations: ROTATIONS_ONLY (default) lists the versions a rotation made CURRENT;
// ALL_KEY_MATERIAL every version, pending ones included, in the order they were added.

const admin = principal('ADMINISTRATOR');
const HOUR = 3_600_000;
const list = (f: TVersionFixture, options: Omit<TListKeyRotationsOptions, 'actor'>) => listKeyRotations(f.ctx, { actor: admin, ...options });

/** An imported key: version 1, rotated to 2, rotated to 3, and 4 pending. */
async function fourVersions(f: TVersionFixture) {
  const { keyId, material } = await f.importedKey();
  const materials = [material];
  for (let i = 0; i < 3; i++) {
    const next = randomBytes(32);
    materials.push(next);
    await f.importVersion(keyId, next, { importType: 'NEW_KEY_MATERIAL' });
    if (i < 2) await rotateKeyOnDemand(f.ctx, { actor: admin, keyId });
  }
  return { keyId, ids: materials.map((m) => f.idOf(keyId, m)) };
}

describe('listKeyRotations', () => {
  it('lists only rotations by default, and every version with ALL_KEY_MATERIAL, by sequence', async () => {
    const f = createVersionFixture();
    const { keyId, ids } = await fourVersions(f);
    const rotations = await list(f, { keyId });
    expect(rotations.items.map((v) => [v.sequence, v.state, v.rotationType])).toEqual([
      [2, 'NON_CURRENT', 'ON_DEMAND'],
      [3, 'CURRENT', 'ON_DEMAND'],
    ]);
    expect(rotations.nextMarker).toBeNull();
    const all = await list(f, { keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(all.items.map((v) => [v.materialId, v.state])).toEqual([
      [ids[0], 'NON_CURRENT'],
      [ids[1], 'NON_CURRENT'],
      [ids[2], 'CURRENT'],
      [ids[3], 'PENDING_ROTATION'],
    ]);
  });

  it('pages with the marker it hands out, and versions added meanwhile shift no page', async () => {
    const f = createVersionFixture();
    const { keyId, ids } = await fourVersions(f);
    const first = await list(f, { keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL', limit: 3 });
    expect(first.items.map((v) => v.materialId)).toEqual(ids.slice(0, 3));
    expect(first.nextMarker).not.toBeNull();
    await rotateKeyOnDemand(f.ctx, { actor: admin, keyId });
    const second = await list(f, { keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL', limit: 3, marker: first.nextMarker as string });
    expect(second).toMatchObject({ nextMarker: null, items: [expect.objectContaining({ materialId: ids[3], state: 'CURRENT' })] });
    const exact = await list(f, { keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL', limit: 4 });
    expect(exact.nextMarker).toBeNull();
  });

  it('shows import state and expiry per version: a version past its expiry reads PENDING_IMPORT before any sweep', async () => {
    const f = createVersionFixture();
    const expiry = new Date(f.clock.now().getTime() + HOUR);
    const { keyId, material } = await f.importedKey(randomBytes(32), expiry);
    const pending = randomBytes(32);
    await f.importVersion(keyId, pending, { importType: 'NEW_KEY_MATERIAL' });
    const views = async () => (await list(f, { keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL' })).items;
    expect((await views()).map((v) => [v.importState, v.expiresAt, v.kcv, v.removal])).toEqual([
      ['IMPORTED', expiry, f.kcvOf(material), null],
      ['IMPORTED', null, f.kcvOf(pending), null],
    ]);
    f.clock.set(expiry);
    expect((await views()).map((v) => [v.importState, v.expiresAt, v.importedAt, v.removal])).toEqual([
      ['PENDING_IMPORT', null, null, { cause: 'EXPIRED', at: expiry }],
      ['IMPORTED', null, expect.any(Date), null],
    ]);
  });

  it('shows a deleted version as PENDING_IMPORT with its removal, and generated versions without an import state', async () => {
    const f = createVersionFixture();
    const { keyId } = await f.importedKey();
    await deleteKeyMaterial(f.ctx, { actor: admin, keyId });
    const [deleted] = (await list(f, { keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL' })).items;
    expect(deleted).toMatchObject({ importState: 'PENDING_IMPORT', removal: { cause: 'DELETED', at: f.clock.now() } });
    const generated = await f.generatedKey();
    const [v1] = (await list(f, { keyId: generated, includeKeyMaterial: 'ALL_KEY_MATERIAL' })).items;
    expect(v1).toMatchObject({ importState: null, state: 'CURRENT', kcv: expect.stringMatching(/^[0-9A-F]{6}$/) });
    expect(v1).not.toHaveProperty('materialCiphertext');
  });

  it('refuses an unknown key (NOT_FOUND) and a marker it never handed out (VALIDATION)', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    expect(await codeOf(list(f, { keyId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(await codeOf(list(f, { keyId, marker: 'abc' }))).toBe('VALIDATION');
    expect(await codeOf(list(f, { keyId, limit: 0 }))).toBe('VALIDATION');
  });
});

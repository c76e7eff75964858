import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { expectRefusedUnchanged } from './testing/import-refusal';
import { createVersionFixture } from './testing/material-version-fixture';
import { principal } from './testing/test-context';

// SPEC §11 import rules: the first import makes version 1 CURRENT; EXISTING re-imports a version as itself
// (NEW: material-versions-import-new.test.ts). SPEC §4: a refused import changes nothing but its audit record.

const admin = principal('ADMINISTRATOR');

describe('the first import', () => {
  it.each([undefined, 'EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL'] as const)('with import type %s creates version 1 CURRENT, bound, with its KCV', async (importType) => {
    const f = createVersionFixture();
    const keyId = await f.externalKey();
    const material = randomBytes(32);
    const result = await f.importVersion(keyId, material, importType ? { importType, description: 'first' } : {});
    expect(result).toMatchObject({ state: 'ENABLED', importedMaterialId: f.idOf(keyId, material), material: { materialId: f.idOf(keyId, material) } });
    expect(await f.versions(keyId)).toEqual([
      expect.objectContaining({ sequence: 1, state: 'CURRENT', materialId: f.idOf(keyId, material), kcv: f.kcvOf(material), rotationType: null }),
    ]);
  });

  it('refuses a material id before the key has any version (NOT_FOUND) and changes nothing', async () => {
    const f = createVersionFixture();
    const keyId = await f.externalKey();
    await expectRefusedUnchanged(f, keyId, randomBytes(32), { materialId: 'a'.repeat(64) }, 'NOT_FOUND');
  });
});

describe('EXISTING_KEY_MATERIAL', () => {
  it('re-imports the CURRENT version by default: same version, new expiry, no new row', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const validTo = new Date(f.clock.now().getTime() + 3_600_000);
    const result = await f.importVersion(keyId, material, { expiresAt: validTo });
    expect(result.material.expiresAt).toEqual(validTo);
    expect(await f.versions(keyId)).toEqual([expect.objectContaining({ sequence: 1, state: 'CURRENT', expiresAt: validTo })]);
  });

  it('re-imports a NON_CURRENT version named by its material id', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const second = randomBytes(32);
    await f.importVersion(keyId, second, { importType: 'NEW_KEY_MATERIAL' });
    await rotateKeyOnDemand(f.ctx, { actor: admin, keyId });
    const validTo = new Date(f.clock.now().getTime() + 7_200_000);
    const result = await f.importVersion(keyId, material, { materialId: f.idOf(keyId, material), expiresAt: validTo });
    expect(result).toMatchObject({ importedMaterialId: f.idOf(keyId, material), material: { materialId: f.idOf(keyId, second), expiresAt: validTo } });
    expect(await f.shape(keyId)).toEqual([[1, 'NON_CURRENT'], [2, 'CURRENT']]);
  });

  it('refuses other material for the CURRENT version with MATERIAL_INCORRECT naming version, material id and KCV', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const error = await expectRefusedUnchanged(f, keyId, randomBytes(32), {}, 'MATERIAL_INCORRECT');
    expect(error.params).toEqual({ sequence: '1', materialId: f.idOf(keyId, material), kcv: f.kcvOf(material) });
  });

  it('refuses the CURRENT version’s material for a named other version, naming that version', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const second = randomBytes(32);
    await f.importVersion(keyId, second, { importType: 'NEW_KEY_MATERIAL' });
    const error = await expectRefusedUnchanged(f, keyId, material, { materialId: f.idOf(keyId, second) }, 'MATERIAL_INCORRECT');
    expect(error.params).toEqual({ sequence: '2', materialId: f.idOf(keyId, second), kcv: f.kcvOf(second) });
  });

  it('refuses an unknown material id with NOT_FOUND', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    await expectRefusedUnchanged(f, keyId, material, { materialId: 'b'.repeat(64) }, 'NOT_FOUND');
  });
});

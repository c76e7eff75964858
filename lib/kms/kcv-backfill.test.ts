import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backfillKeyCheckValues } from './backfill-key-check-values';
import { deleteKeyMaterial } from './delete-key-material';
import { versionRowId } from './testing/in-memory-material-versions';
import { createVersionFixture, type TVersionFixture } from './testing/material-version-fixture';
import { principal } from './testing/test-context';

// SPEC §11: every version shows its key check value. Versions migrated from before versions existed have
// none until the backfill job computes it from their sealed material.

const admin = principal('ADMINISTRATOR');

/** Makes the stored version look migrated: material kept, KCV unknown. */
function forgetKcv(f: TVersionFixture, keyId: string, materialId: string): void {
  const id = versionRowId(keyId, materialId);
  const row = f.store.versions.get(id);
  if (!row) throw new Error('no such version');
  f.store.versions.set(id, { ...row, kcv: null });
}

describe('backfillKeyCheckValues', () => {
  it('fills the KCV of versions holding material, from that material, once', async () => {
    const f = createVersionFixture();
    const first = await f.importedKey();
    const second = await f.importedKey();
    for (const { keyId, material } of [first, second]) forgetKcv(f, keyId, f.idOf(keyId, material));
    expect(await backfillKeyCheckValues(f.ctx)).toEqual({ filled: 2, unreadable: [] });
    for (const { keyId, material } of [first, second]) {
      expect((await f.store.findMaterialVersion(keyId, f.idOf(keyId, material)))?.kcv).toBe(f.kcvOf(material));
    }
    expect(await backfillKeyCheckValues(f.ctx)).toEqual({ filled: 0, unreadable: [] });
  });

  it('fills generated versions too, and never changes a KCV already there', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    const [version] = await f.versions(keyId);
    const known = version?.kcv;
    forgetKcv(f, keyId, version?.materialId as string);
    await backfillKeyCheckValues(f.ctx);
    expect((await f.versions(keyId))[0]?.kcv).toBe(known);
    const { keyId: other, material } = await f.importedKey();
    expect(await backfillKeyCheckValues(f.ctx)).toEqual({ filled: 0, unreadable: [] });
    expect((await f.versions(other))[0]?.kcv).toBe(f.kcvOf(material));
  });

  it('leaves a version whose material was deleted without a KCV; its re-import sets it', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    await deleteKeyMaterial(f.ctx, { actor: admin, keyId });
    forgetKcv(f, keyId, f.idOf(keyId, material));
    expect(await backfillKeyCheckValues(f.ctx)).toEqual({ filled: 0, unreadable: [] });
    expect((await f.versions(keyId))[0]?.kcv).toBeNull();
    await f.importVersion(keyId, material);
    expect((await f.versions(keyId))[0]?.kcv).toBe(f.kcvOf(material));
  });

  it('works through the versions in batches of the limit', async () => {
    const f = createVersionFixture();
    const keys = [await f.importedKey(), await f.importedKey(), await f.importedKey()];
    for (const { keyId, material } of keys) forgetKcv(f, keyId, f.idOf(keyId, material));
    expect(await backfillKeyCheckValues(f.ctx, { limit: 2 })).toEqual({ filled: 2, unreadable: [] });
    expect(await backfillKeyCheckValues(f.ctx, { limit: 2 })).toEqual({ filled: 1, unreadable: [] });
  });

  it('refuses to compute a KCV from sealed material that is not the version’s own, reports the key and fills the others', async () => {
    const f = createVersionFixture();
    const { keyId, material } = await f.importedKey();
    const next = randomBytes(32);
    await f.importVersion(keyId, next, { importType: 'NEW_KEY_MATERIAL' });
    const [v1, v2] = await f.versions(keyId);
    // A row whose sealed material was swapped with the other version's: the material id check catches it.
    f.store.versions.set(versionRowId(keyId, f.idOf(keyId, material)), { ...(v1 as NonNullable<typeof v1>), kcv: null, materialCiphertext: v2?.materialCiphertext ?? null });
    const other = await f.importedKey();
    forgetKcv(f, other.keyId, f.idOf(other.keyId, other.material));
    expect(await backfillKeyCheckValues(f.ctx)).toEqual({ filled: 1, unreadable: [keyId] });
    expect((await f.versions(keyId))[0]?.kcv).toBeNull();
    expect((await f.versions(other.keyId))[0]?.kcv).toBe(f.kcvOf(other.material));
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyStore, NewKey } from '../store';
import type { MaterialVersionRecord } from '../types';

/*
 * The material version part of the KeyStore contract (SPEC §11), run by keyStoreContract against every store.
 * The store may hold other suites' rows: the job queries (expired material, due rotations, missing KCVs) are
 * asked at instants in the 1990s, where only this file's rows live, each case in a year of its own, or their
 * answers are filtered to this case's keys.
 */

const at = (year: number, day = 1) => new Date(Date.UTC(year, 0, day));
const hexId = () => randomBytes(32).toString('hex');

function newKey(overrides: Partial<NewKey> = {}): NewKey {
  return {
    id: randomUUID(),
    description: 'material version contract',
    state: 'ENABLED',
    origin: 'EXTERNAL',
    createdAt: at(2026),
    updatedAt: at(2026),
    deletionDate: null,
    materialCiphertext: new Uint8Array([1]),
    materialId: null,
    materialImportedAt: null,
    materialExpiresAt: null,
    ...overrides,
  };
}

function version(keyId: string, sequence: number, overrides: Partial<MaterialVersionRecord> = {}): MaterialVersionRecord {
  return {
    keyId,
    materialId: hexId(),
    sequence,
    description: `version ${sequence}`,
    state: sequence === 1 ? 'CURRENT' : 'NON_CURRENT',
    materialCiphertext: new Uint8Array([sequence, 2, 3]),
    kcv: 'A1B2C3',
    createdAt: at(2026, sequence),
    importedAt: at(2026, sequence),
    expiresAt: null,
    removedReason: null,
    removedAt: null,
    rotationDate: null,
    rotationType: null,
    ...overrides,
  };
}

export function materialVersionStoreContract(store: () => KeyStore): void {
  /** Inserts a key with its versions, in the order given, in one transaction. */
  async function keyWith(versions: (keyId: string) => MaterialVersionRecord[], overrides: Partial<NewKey> = {}) {
    const key = newKey(overrides);
    const rows = versions(key.id);
    await store().transaction(async (tx) => {
      await tx.insertKey(key);
      for (const row of rows) await tx.putMaterialVersion(row);
    });
    return { key, rows };
  }

  describe('material versions', () => {
    it('lists a key’s versions by sequence whatever the insertion order, every field unchanged, in and out of a transaction', async () => {
      const { key, rows } = await keyWith((id) => [
        version(id, 3, { state: 'PENDING_ROTATION', kcv: null, expiresAt: at(2027), description: 'Ünïcode “v3”' }),
        version(id, 1, { state: 'NON_CURRENT' }),
        version(id, 2, { state: 'CURRENT', rotationDate: at(2026, 5), rotationType: 'ON_DEMAND' }),
      ]);
      const bySequence = [rows[1], rows[2], rows[0]];
      expect(await store().listMaterialVersions(key.id)).toEqual(bySequence);
      expect(await store().transaction((tx) => tx.listMaterialVersions(key.id))).toEqual(bySequence);
      expect(await store().findMaterialVersion(key.id, rows[0]?.materialId as string)).toEqual(rows[0]);
      expect(await store().findMaterialVersion(key.id, hexId())).toBeNull();
      expect(await store().listMaterialVersions(randomUUID())).toEqual([]);
    });

    it('replaces the row with the same (key, material id) on put, and deletes one row by material id', async () => {
      const { key, rows } = await keyWith((id) => [version(id, 1), version(id, 2, { state: 'PENDING_ROTATION' })]);
      const [first, pending] = rows as [MaterialVersionRecord, MaterialVersionRecord];
      const cleared = { ...first, materialCiphertext: null, importedAt: null, removedReason: 'DELETED' as const, removedAt: at(2026, 9) };
      await store().transaction(async (tx) => {
        await tx.putMaterialVersion(cleared);
        await tx.deleteMaterialVersion(key.id, pending.materialId);
        expect(await tx.listMaterialVersions(key.id)).toEqual([cleared]);
      });
      expect(await store().listMaterialVersions(key.id)).toEqual([cleared]);
    });

    it('writes nothing when the transaction throws, and refuses a second version with the same sequence or one of no key', async () => {
      const { key, rows } = await keyWith((id) => [version(id, 1)]);
      const failing = store().transaction(async (tx) => {
        await tx.putMaterialVersion(version(key.id, 2));
        throw new Error('rolled back');
      });
      await expect(failing).rejects.toThrow('rolled back');
      await expect(store().transaction((tx) => tx.putMaterialVersion(version(key.id, 1)))).rejects.toThrow();
      expect(await store().listMaterialVersions(key.id)).toEqual(rows);
      const orphan = randomUUID();
      await expect(store().transaction((tx) => tx.putMaterialVersion(version(orphan, 1)))).rejects.toThrow();
      expect(await store().listMaterialVersions(orphan)).toEqual([]);
    });

    it('deletes a key’s versions with the key', async () => {
      const { key, rows } = await keyWith((id) => [version(id, 1), version(id, 2)]);
      expect(await store().transaction((tx) => tx.deleteKey(key.id, 0))).toBe(true);
      expect(await store().listMaterialVersions(key.id)).toEqual([]);
      expect(await store().findMaterialVersion(key.id, rows[0]?.materialId as string)).toBeNull();
    });

    it('finds keys with a version still holding material at or past its expiry, any state, soonest first, `limit` keys', async () => {
      const expiring = (year: number) => (id: string) => [version(id, 1, { expiresAt: at(year) }), version(id, 2, { expiresAt: at(year, 2) })];
      const twoExpired = await keyWith(expiring(1991));
      const deleting = await keyWith((id) => [version(id, 1, { expiresAt: at(1991, 3) })], { state: 'PENDING_DELETION', deletionDate: at(1991, 30) });
      const pendingOnly = await keyWith((id) => [version(id, 1), version(id, 2, { state: 'PENDING_ROTATION', expiresAt: at(1991, 4) })]);
      const swept = await keyWith((id) => [version(id, 1, { materialCiphertext: null, expiresAt: at(1990), removedReason: 'EXPIRED', removedAt: at(1990) })]);
      await keyWith(expiring(1992));
      const now = at(1991, 4);
      const found = await store().findKeyIdsWithExpiredMaterial(now, 100);
      expect(found).toEqual([twoExpired.key.id, deleting.key.id, pendingOnly.key.id]);
      expect(found).not.toContain(swept.key.id);
      expect(await store().findKeyIdsWithExpiredMaterial(now, 2)).toEqual([twoExpired.key.id, deleting.key.id]);
      expect(await store().findKeyIdsWithExpiredMaterial(new Date(now.getTime() - 1), 100)).toEqual([twoExpired.key.id, deleting.key.id]);
    });

    it('finds Enabled keys whose rotation is due (the instant counts), soonest first, `limit` of them', async () => {
      const due = async (day: number, state: NewKey['state'] = 'ENABLED') => {
        const { key } = await keyWith((id) => [version(id, 1)], { origin: 'KMS', state });
        expect(await store().transaction((tx) => tx.updateKey(key.id, 0, { rotationPeriodDays: 90, nextRotationAt: at(1993, day) }))).toBe(true);
        return key.id;
      };
      const later = await due(3);
      const soonest = await due(1);
      await due(2, 'DISABLED');
      await due(4);
      expect(await store().findKeyIdsDueForRotation(at(1993, 3), 100)).toEqual([soonest, later]);
      expect(await store().findKeyIdsDueForRotation(at(1993, 3), 1)).toEqual([soonest]);
    });

    it('lists versions holding material without a KCV, and fills one only where it is still missing', async () => {
      const { key, rows } = await keyWith((id) => [
        version(id, 1, { kcv: null }),
        version(id, 2, { kcv: null, materialCiphertext: null, removedReason: 'DELETED', removedAt: at(2026, 9) }),
        version(id, 3),
      ]);
      const [missing, deleted] = rows as [MaterialVersionRecord, MaterialVersionRecord];
      const mine = async () => (await store().findVersionsWithoutKcv(10_000)).filter((row) => row.keyId === key.id);
      expect(await mine()).toEqual([missing]);
      expect(await store().fillKcv({ keyId: key.id, materialId: deleted.materialId, kcv: 'D1D2D3' })).toBe(false);
      expect(await store().fillKcv({ keyId: key.id, materialId: hexId(), kcv: 'D1D2D3' })).toBe(false);
      expect(await store().fillKcv({ keyId: key.id, materialId: missing.materialId, kcv: 'F1F2F3' })).toBe(true);
      expect(await store().fillKcv({ keyId: key.id, materialId: missing.materialId, kcv: '000000' })).toBe(false);
      expect(await mine()).toEqual([]);
      expect((await store().listMaterialVersions(key.id)).map((row) => row.kcv)).toEqual(['F1F2F3', null, 'A1B2C3']);
    });
  });
}

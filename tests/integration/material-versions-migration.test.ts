import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { migrateDatabase } from '@/lib/db/migrate';
import { PrismaAccessKeyStore } from '@/lib/db/prisma-access-key-store';
import { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import { PrismaPeopleStore } from '@/lib/db/prisma-people-store';
import { resolveDatabaseTarget } from '@/lib/db/target';
import { backfillKeyCheckValues, decrypt, describeKey, expireKeyMaterial, getImportParameters, importKeyMaterial, SYSTEM_PRINCIPAL, type KmsContext } from '@/lib/kms';
import { expectedKcv, previousReleaseBlob } from '@/lib/kms/testing/previous-release';
import { codeOf } from '@/lib/kms/testing/test-context';
import { createTestKeyPairs } from '@/lib/kms/testing/test-key-pairs';
import { wrapKeyMaterial } from '@/lib/kms/testing/wrap-key-material';
import { describeEachProvider, scratchDatabase } from './support/databases';
import { newClock, newKeyring } from './support/domain-context';
import { TEST_ACTOR } from './support/keys';
import { previousReleaseMigrations, VERSIONS_MIGRATION, writeOldKey, type OldKey } from './support/previous-release';

// SPEC §11: "Ciphertexts made before versions existed keep decrypting (their material is version 1)". A database
// of the release before material versions, with keys as that release wrote them, is migrated; every key's
// material must become its version 1, and everything that worked before must work the same.

const T = (iso: string) => new Date(iso);
const plaintext = Buffer.from('sealed by the previous release');

describeEachProvider('material versions migration', (provider) => {
  const keyring = newKeyring();
  const clock = newClock();
  const cleanups: (() => Promise<void> | void)[] = [];
  let ctx: KmsContext;
  let store: PrismaKeyStore;
  const keys: Record<'generated' | 'imported' | 'deleted' | 'empty' | 'expired', OldKey> = {} as never;
  const blobs: Partial<Record<keyof typeof keys, Buffer>> = {};

  function oldKey(origin: OldKey['origin'], overrides: Partial<OldKey>): OldKey {
    const id = randomUUID();
    const material = randomBytes(32);
    return {
      id,
      origin,
      state: 'ENABLED',
      material,
      materialId: keyring.materialId({ keyId: id, material }),
      sealed: keyring.seal({ purpose: 'key-material', keyId: id, plaintext: material }),
      importedAt: origin === 'EXTERNAL' ? T('2029-07-01T00:00:00.000Z') : null,
      expiresAt: null,
      removedReason: null,
      removedAt: null,
      ...overrides,
    };
  }

  beforeAll(async () => {
    const scratch = await scratchDatabase(provider);
    cleanups.push(scratch.remove);
    const previous = previousReleaseMigrations(provider);
    cleanups.push(previous.remove);
    const target = resolveDatabaseTarget(scratch.options);
    await migrateDatabase({ target, migrationsDir: previous.dir });

    keys.generated = oldKey('KMS', {});
    keys.imported = oldKey('EXTERNAL', { expiresAt: T('2031-01-01T00:00:00.000Z') });
    keys.deleted = oldKey('EXTERNAL', {});
    keys.empty = { ...oldKey('EXTERNAL', {}), state: 'PENDING_IMPORT', material: null, materialId: null, sealed: null, importedAt: null };
    // Past its expiry when the new release starts (the test clock is in 2030), not yet swept.
    keys.expired = oldKey('EXTERNAL', { expiresAt: T('2029-12-01T00:00:00.000Z') });
    // Ciphertexts as the previous release made them (the blob format did not change), before the deletion.
    for (const name of ['generated', 'imported', 'deleted'] as const) {
      const { id, material, materialId } = keys[name];
      blobs[name] = previousReleaseBlob({ keyId: id, materialId: materialId as string, material: material as Buffer, plaintext });
    }
    keys.deleted = { ...keys.deleted, state: 'PENDING_IMPORT', sealed: null, importedAt: null, removedReason: 'DELETED', removedAt: T('2029-08-01T00:00:00.000Z') };

    const before = await createDatabase({ ...scratch.options, migrate: false });
    for (const key of Object.values(keys)) await writeOldKey(before, key);
    await before.close();

    // The versions migration first, then whatever came after it.
    expect((await migrateDatabase({ target }))[0]).toBe(VERSIONS_MIGRATION);
    const database = await createDatabase(scratch.options);
    cleanups.unshift(() => database.close());
    store = new PrismaKeyStore(database.prisma, database.provider);
    const accessKeys = new PrismaAccessKeyStore(database.prisma, database.provider);
    ctx = { store, clock, keyring, keyPairs: createTestKeyPairs(), accessKeys, people: new PrismaPeopleStore(database.prisma, database.provider) };
  });

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const importOld = async (keyId: string, material: Buffer) => {
    const p = await getImportParameters(ctx, { actor: TEST_ACTOR, keyId, wrappingKeySpec: 'RSA_2048' });
    const encryptedKeyMaterial = wrapKeyMaterial({ publicKey: p.publicKeyDer, algorithm: p.wrappingAlgorithm, material });
    return importKeyMaterial(ctx, { actor: TEST_ACTOR, keyId, importToken: p.importToken, encryptedKeyMaterial, expiration: { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } });
  };

  it('makes every key’s material its version 1, CURRENT, with the same material id, expiry and removal', async () => {
    for (const key of [keys.generated, keys.imported, keys.deleted, keys.expired]) {
      expect(await store.listMaterialVersions(key.id)).toEqual([
        expect.objectContaining({
          sequence: 1,
          state: 'CURRENT',
          materialId: key.materialId,
          kcv: null,
          expiresAt: key.expiresAt,
          importedAt: key.importedAt,
          removedReason: key.removedReason,
          removedAt: key.removedAt,
          rotationType: null,
        }),
      ]);
      const [version] = await store.listMaterialVersions(key.id);
      expect(version?.materialCiphertext ? Buffer.from(version.materialCiphertext) : null).toEqual(key.sealed && Buffer.from(key.sealed));
    }
    expect(await store.listMaterialVersions(keys.empty.id)).toEqual([]);
    expect(await store.findKey(keys.generated.id)).toMatchObject({ rotationPeriodDays: null, nextRotationAt: null });
    // The migrated expiry compares in SQL like one the store wrote: the sweeper finds it from its instant on.
    const expiry = keys.imported.expiresAt as Date;
    expect(await store.findKeyIdsWithExpiredMaterial(new Date(expiry.getTime() - 1), 10)).toEqual([keys.expired.id]);
    expect(await store.findKeyIdsWithExpiredMaterial(expiry, 10)).toEqual([keys.expired.id, keys.imported.id]);
  });

  it('keeps the keys’ states, and the ciphertexts of the previous release decrypt through Decrypt', async () => {
    const states = await Promise.all(Object.values(keys).map(async (key) => (await describeKey(ctx, { actor: TEST_ACTOR, keyRef: key.id })).state));
    expect(states).toEqual(['ENABLED', 'ENABLED', 'PENDING_IMPORT', 'PENDING_IMPORT', 'PENDING_IMPORT']);
    for (const name of ['generated', 'imported'] as const) {
      const opened = await decrypt(ctx, { actor: TEST_ACTOR, ciphertextBlob: blobs[name] as Buffer });
      expect({ materialId: opened.materialId, plaintext: Buffer.from(opened.plaintext) }).toEqual({ materialId: keys[name].materialId, plaintext });
    }
    expect(await codeOf(decrypt(ctx, { actor: TEST_ACTOR, ciphertextBlob: blobs.deleted as Buffer }))).toBe('INVALID_STATE');
  });

  it('sweeps migrated material that expired before the upgrade: its version 1 loses it, dated at the expiry', async () => {
    expect((await expireKeyMaterial(ctx, { actor: SYSTEM_PRINCIPAL })).expiredKeyIds).toEqual([keys.expired.id]);
    expect(await store.listMaterialVersions(keys.expired.id)).toEqual([
      expect.objectContaining({ state: 'CURRENT', materialCiphertext: null, removedReason: 'EXPIRED', removedAt: keys.expired.expiresAt }),
    ]);
    expect(await store.findKey(keys.expired.id)).toMatchObject({ state: 'PENDING_IMPORT', materialId: keys.expired.materialId });
  });

  it('backfills the KCV of versions holding material, not of the deleted one; the deleted key takes only its old material', async () => {
    expect(await backfillKeyCheckValues(ctx)).toEqual({ filled: 2, unreadable: [] });
    for (const name of ['generated', 'imported'] as const) {
      expect((await store.listMaterialVersions(keys[name].id))[0]?.kcv).toBe(expectedKcv(keys[name].material as Buffer));
    }
    expect((await store.listMaterialVersions(keys.deleted.id))[0]?.kcv).toBeNull();
    expect(await backfillKeyCheckValues(ctx)).toEqual({ filled: 0, unreadable: [] });

    expect(await codeOf(importOld(keys.deleted.id, randomBytes(32)))).toBe('MATERIAL_INCORRECT');
    expect((await importOld(keys.deleted.id, keys.deleted.material as Buffer)).state).toBe('ENABLED');
    expect(await store.listMaterialVersions(keys.deleted.id)).toEqual([
      expect.objectContaining({ sequence: 1, state: 'CURRENT', kcv: expectedKcv(keys.deleted.material as Buffer), removedReason: null }),
    ]);
    expect(Buffer.from((await decrypt(ctx, { actor: TEST_ACTOR, ciphertextBlob: blobs.deleted as Buffer })).plaintext)).toEqual(plaintext);
    expect((await importOld(keys.empty.id, randomBytes(32))).state).toBe('ENABLED');
    expect(await store.listMaterialVersions(keys.empty.id)).toHaveLength(1);
  });
});

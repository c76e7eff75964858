import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createKey, deleteKeyMaterial, enableKeyRotation, expireKeyMaterial, getImportParameters, importKeyMaterial } from '@/lib/kms';
import { rotateDueKeys, rotateKeyOnDemand, SYSTEM_PRINCIPAL } from '@/lib/kms';
import type { KmsContext } from '@/lib/kms';
type ImportType = 'EXISTING_KEY_MATERIAL' | 'NEW_KEY_MATERIAL';
import { codeOf } from '@/lib/kms/testing/test-context';
import { wrapKeyMaterial } from '@/lib/kms/testing/wrap-key-material';
import { forEachDatabase } from './support/databases';
import { lineUpBefore } from './support/domain-context';
import { importInstances, type ImportInstance } from './support/import-context';
import { freshActor, uniqueAlias } from './support/keys';

// SPEC §11 on several instances: two Keyfort instances, each with its own client, race on one key. Both have
// read the key (and planned) before either makes its conditional update, so only the database decides; the
// result must be what running them one after the other would give.

const ROUNDS = 3;

forEachDatabase('rotation races', (db) => {
  async function twoInstances() {
    const { instances, clock } = await importInstances(db(), 2);
    const [a, b] = instances as [ImportInstance, ImportInstance];
    const actor = freshActor(clock);
    const lineUp = () => lineUpBefore([a, b], { provider: db().provider, method: 'updateKey' });
    const newKey = async (origin: 'KMS' | 'EXTERNAL') => (await createKey(a.ctx, { actor, alias: uniqueAlias('rotation'), origin })).id;
    const importInto = async (ctx: KmsContext, keyId: string, material: Buffer, options: { importType?: ImportType; validTo?: Date } = {}) => {
      const p = await getImportParameters(ctx, { actor, keyId, wrappingKeySpec: 'RSA_2048' });
      return importKeyMaterial(ctx, {
        actor,
        keyId,
        importToken: p.importToken,
        encryptedKeyMaterial: wrapKeyMaterial({ publicKey: p.publicKeyDer, algorithm: p.wrappingAlgorithm, material }),
        expiration: options.validTo ? { model: 'KEY_MATERIAL_EXPIRES', validTo: options.validTo } : { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
        ...(options.importType ? { importType: options.importType } : {}),
      });
    };
    const shape = async (keyId: string) => (await db().store.listMaterialVersions(keyId)).map((v) => [v.sequence, v.state, v.materialCiphertext !== null]);
    const audits = async (keyId: string, action: string) =>
      (await db().store.listAudit({ keyId, action, result: 'SUCCESS', page: 1, pageSize: 50 })).total;
    /** On PostgreSQL both racers surely read before either wrote, so every round one conditional update lost. */
    const expectRaced = (rounds: number) => {
      if (db().provider === 'postgresql') expect(a.probe.lostWrites + b.probe.lostWrites).toBe(rounds);
    };
    return { a, b, clock, actor, lineUp, newKey, importInto, shape, audits, expectRaced };
  }

  it('two rotation jobs on one due key: it rotates once, with one RotateKey record and one new version', async () => {
    const { a, b, clock, actor, lineUp, newKey, shape, audits, expectRaced } = await twoInstances();
    for (let round = 0; round < ROUNDS; round++) {
      const keyId = await newKey('KMS');
      await enableKeyRotation(a.ctx, { actor, keyId, rotationPeriodInDays: 90 });
      clock.advance({ days: 90 });
      lineUp();
      const runs = await Promise.all([a, b].map(({ ctx }) => rotateDueKeys(ctx, { actor: SYSTEM_PRINCIPAL })));
      expect(runs.flatMap((run) => run.rotatedKeyIds)).toEqual([keyId]);
      expect(await shape(keyId)).toEqual([[1, 'NON_CURRENT', true], [2, 'CURRENT', true]]);
      expect(await audits(keyId, 'RotateKey')).toBe(1);
      expect(await db().store.findKey(keyId)).toMatchObject({ nextRotationAt: new Date(clock.now().getTime() + 90 * 86_400_000) });
      clock.advance({ days: -90 });
    }
    expectRaced(ROUNDS);
  });

  it('two rotations on demand of a generated key: both rotate, one after the other (versions 2 and 3, one CURRENT)', async () => {
    const { a, b, actor, lineUp, newKey, shape, audits } = await twoInstances();
    const keyId = await newKey('KMS');
    lineUp();
    const results = await Promise.all([a, b].map(({ ctx }) => rotateKeyOnDemand(ctx, { actor, keyId })));
    expect(await shape(keyId)).toEqual([[1, 'NON_CURRENT', true], [2, 'NON_CURRENT', true], [3, 'CURRENT', true]]);
    expect(new Set(results.map((r) => r.previousMaterialId)).size).toBe(2);
    expect(await audits(keyId, 'RotateKeyOnDemand')).toBe(2);
  });

  it('two rotations on demand of an imported key with one pending version: one promotes it, the other is INVALID_STATE', async () => {
    const { a, b, actor, lineUp, newKey, importInto, shape } = await twoInstances();
    for (let round = 0; round < ROUNDS; round++) {
      const keyId = await newKey('EXTERNAL');
      await importInto(a.ctx, keyId, randomBytes(32));
      await importInto(a.ctx, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' });
      lineUp();
      const codes = await Promise.all([a, b].map(({ ctx }) => codeOf(rotateKeyOnDemand(ctx, { actor, keyId }))));
      expect([...codes].sort()).toEqual(['INVALID_STATE', 'NO_ERROR']);
      expect(await shape(keyId)).toEqual([[1, 'NON_CURRENT', true], [2, 'CURRENT', true]]);
    }
  });

  it('two NEW imports into one key: exactly one pending version, the other import is INVALID_STATE', async () => {
    const { a, b, lineUp, newKey, importInto, shape, expectRaced } = await twoInstances();
    for (let round = 0; round < ROUNDS; round++) {
      const keyId = await newKey('EXTERNAL');
      await importInto(a.ctx, keyId, randomBytes(32));
      lineUp();
      const codes = await Promise.all([a, b].map(({ ctx }) => codeOf(importInto(ctx, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' }))));
      expect([...codes].sort()).toEqual(['INVALID_STATE', 'NO_ERROR']);
      expect(await shape(keyId)).toEqual([[1, 'CURRENT', true], [2, 'PENDING_ROTATION', true]]);
    }
    expectRaced(ROUNDS);
  });

  it('rotation racing the deletion of the pending version: the outcome of one order or the other, never a CURRENT without a row', async () => {
    const { a, b, actor, lineUp, newKey, importInto, shape } = await twoInstances();
    for (let round = 0; round < ROUNDS; round++) {
      const keyId = await newKey('EXTERNAL');
      await importInto(a.ctx, keyId, randomBytes(32));
      const pending = await importInto(a.ctx, keyId, randomBytes(32), { importType: 'NEW_KEY_MATERIAL' });
      lineUp();
      const [rotated, deleted] = await Promise.all([
        codeOf(rotateKeyOnDemand(a.ctx, { actor, keyId })),
        codeOf(deleteKeyMaterial(b.ctx, { actor, keyId, materialId: pending.importedMaterialId })),
      ]);
      const key = await db().store.findKey(keyId);
      const versions = await db().store.listMaterialVersions(keyId);
      expect(deleted).toBe('NO_ERROR');
      if (rotated === 'NO_ERROR') {
        // Rotation first: the deletion then took the material of what had become the CURRENT version.
        expect(await shape(keyId)).toEqual([[1, 'NON_CURRENT', true], [2, 'CURRENT', false]]);
        expect(key).toMatchObject({ state: 'PENDING_IMPORT', materialId: pending.importedMaterialId, materialCiphertext: null });
      } else {
        expect(rotated).toBe('INVALID_STATE');
        expect(await shape(keyId)).toEqual([[1, 'CURRENT', true]]);
        expect(key).toMatchObject({ state: 'ENABLED', materialId: versions[0]?.materialId });
      }
    }
  });

  it('the sweeper racing a re-import of the version that just expired: the key ends Enabled with the new expiry', async () => {
    const { a, b, clock, lineUp, newKey, importInto, audits } = await twoInstances();
    for (let round = 0; round < ROUNDS; round++) {
      const keyId = await newKey('EXTERNAL');
      const material = randomBytes(32);
      await importInto(a.ctx, keyId, material, { validTo: new Date(clock.now().getTime() + 60_000) });
      clock.advance({ minutes: 1 });
      const validTo = new Date(clock.now().getTime() + 3_600_000);
      lineUp();
      const [swept, imported] = await Promise.all([
        expireKeyMaterial(a.ctx, { actor: SYSTEM_PRINCIPAL }),
        codeOf(importInto(b.ctx, keyId, material, { validTo })),
      ]);
      expect(imported).toBe('NO_ERROR');
      expect(await audits(keyId, 'ExpireKeyMaterial')).toBe(swept.expiredKeyIds.includes(keyId) ? 1 : 0);
      const [version] = await db().store.listMaterialVersions(keyId);
      expect(version).toMatchObject({ state: 'CURRENT', expiresAt: validTo, removedReason: null });
      expect(version?.materialCiphertext).not.toBeNull();
      expect(await db().store.findKey(keyId)).toMatchObject({ state: 'ENABLED', materialExpiresAt: validTo, materialRemovedReason: null });
    }
  });
});

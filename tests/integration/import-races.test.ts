import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createKey } from '@/lib/kms';
import { expireKeyMaterial } from '@/lib/kms';
import { getImportParameters, type TImportParameters } from '@/lib/kms';
import { importKeyMaterial } from '@/lib/kms';
import type { KmsContext } from '@/lib/kms';
import { SYSTEM_PRINCIPAL } from '@/lib/kms';
import { codeOf } from '@/lib/kms/testing/test-context';
import { wrapKeyMaterial } from '@/lib/kms/testing/wrap-key-material';
import { forEachDatabase } from './support/databases';
import { lineUpBefore } from './support/domain-context';
import { importInstances } from './support/import-context';
import { TEST_ACTOR, uniqueAlias } from './support/keys';

// Two Keyfort instances, each with its own client, racing on one key. Both read before either writes
// (the rendezvous before the key's conditional update), so only the database decides who wins.

const ROUNDS = 3;

const externalKey = async (ctx: KmsContext) => (await createKey(ctx, { actor: TEST_ACTOR, alias: uniqueAlias('import'), origin: 'EXTERNAL' })).id;
const parameters = (ctx: KmsContext, keyId: string) => getImportParameters(ctx, { actor: TEST_ACTOR, keyId, wrappingKeySpec: 'RSA_2048' });
const importInto = (ctx: KmsContext, p: TImportParameters, material: Buffer, validTo?: Date) =>
  importKeyMaterial(ctx, {
    actor: TEST_ACTOR,
    keyId: p.keyId,
    importToken: p.importToken,
    encryptedKeyMaterial: wrapKeyMaterial({ publicKey: p.publicKeyDer, algorithm: p.wrappingAlgorithm, material }),
    expiration: validTo ? { model: 'KEY_MATERIAL_EXPIRES', validTo } : { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
  });

forEachDatabase('import races', (db) => {
  it('two first imports of different material (two tokens) into one key: exactly one binds, the other is MATERIAL_INCORRECT', async () => {
    const { instances } = await importInstances(db(), 2);
    const [a, b] = instances as [(typeof instances)[number], (typeof instances)[number]];
    for (let round = 0; round < ROUNDS; round++) {
      const keyId = await externalKey(a.ctx);
      const [pa, pb] = [await parameters(a.ctx, keyId), await parameters(b.ctx, keyId)];
      const [ma, mb] = [randomBytes(32), randomBytes(32)];
      lineUpBefore([a, b], { provider: db().provider, method: 'updateKey' });

      const codes = await Promise.all([codeOf(importInto(a.ctx, pa, ma)), codeOf(importInto(b.ctx, pb, mb))]);

      expect([...codes].sort()).toEqual(['MATERIAL_INCORRECT', 'NO_ERROR']);
      const winner = codes[0] === 'NO_ERROR' ? ma : mb;
      const key = await db().store.findKey(keyId);
      expect(key).toMatchObject({ state: 'ENABLED', materialId: a.ctx.keyring.materialId({ keyId, material: winner }) });
      const audit = await db().store.listAudit({ keyId, action: 'ImportKeyMaterial', page: 1, pageSize: 10 });
      expect(audit.items.map((e) => e.errorCode).sort()).toEqual(['MATERIAL_INCORRECT', null]);
    }
  });

  it('two imports with one token at once: at most one consumes it, the other is TOKEN_INVALID', async () => {
    const { instances } = await importInstances(db(), 2);
    const [a, b] = instances as [(typeof instances)[number], (typeof instances)[number]];
    for (let round = 0; round < ROUNDS; round++) {
      const keyId = await externalKey(a.ctx);
      const p = await parameters(a.ctx, keyId);
      const material = randomBytes(32);
      lineUpBefore([a, b], { provider: db().provider, method: 'updateKey' });

      const codes = await Promise.all([codeOf(importInto(a.ctx, p, material)), codeOf(importInto(b.ctx, p, material))]);

      expect([...codes].sort()).toEqual(['NO_ERROR', 'TOKEN_INVALID']);
      const audit = await db().store.listAudit({ keyId, action: 'ImportKeyMaterial', result: 'SUCCESS', page: 1, pageSize: 10 });
      expect(audit.total).toBe(1);
      expect(await db().store.findKey(keyId)).toMatchObject({ state: 'ENABLED', version: 1 });
    }
  });

  it('two sweepers at once: each expired key is swept once, with one audit record', async () => {
    const { instances, clock } = await importInstances(db(), 2);
    const [a, b] = instances as [(typeof instances)[number], (typeof instances)[number]];
    const keyIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const keyId = await externalKey(a.ctx);
      await importInto(a.ctx, await parameters(a.ctx, keyId), randomBytes(32), new Date(clock.now().getTime() + 60_000));
      keyIds.push(keyId);
    }
    clock.advance({ minutes: 1 });
    lineUpBefore([a, b], { provider: db().provider, method: 'updateKey' });

    const runs = await Promise.all([a, b].map(({ ctx }) => expireKeyMaterial(ctx, { actor: SYSTEM_PRINCIPAL })));

    expect(runs.flatMap((run) => run.expiredKeyIds).sort()).toEqual([...keyIds].sort());
    for (const keyId of keyIds) {
      expect(await db().store.findKey(keyId)).toMatchObject({ state: 'PENDING_IMPORT', materialCiphertext: null });
      const audit = await db().store.listAudit({ keyId, action: 'ExpireKeyMaterial', page: 1, pageSize: 10 });
      expect(audit.total).toBe(1);
    }
  });
});

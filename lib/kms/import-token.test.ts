import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IMPORT_TOKEN_TTL_MS, MAX_FAILED_UNWRAPS } from './import-token';
import { createImportFixture } from './testing/import-fixture';
import { barrier, codeOf } from './testing/test-context';

describe('import token lifetime', () => {
  it.each([
    { at: -1_000, code: 'NO_ERROR' },
    { at: -1, code: 'NO_ERROR' },
    { at: 0, code: 'TOKEN_EXPIRED' },
    { at: 1_000, code: 'TOKEN_EXPIRED' },
  ])('a token used $at ms from its 24 h expiry → $code', async ({ at, code }) => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const issuedAt = f.clock.now();
    const p = await f.parameters(keyId);
    expect(p.parametersValidTo.getTime() - issuedAt.getTime()).toBe(IMPORT_TOKEN_TTL_MS);
    f.clock.set(new Date(p.parametersValidTo.getTime() + at));
    expect(await codeOf(f.importWith(p, f.wrap(p, randomBytes(32))))).toBe(code);
  });

  it('is single-use: the same token again, even with the same material, is TOKEN_INVALID', async () => {
    const f = createImportFixture();
    const p = await f.parameters(await f.externalKey());
    const material = randomBytes(32);
    await f.importWith(p, f.wrap(p, material));
    expect(await codeOf(f.importWith(p, f.wrap(p, material)))).toBe('TOKEN_INVALID');
  });

  it('is found only by its exact bytes: one flipped bit, a prefix or extra bytes are TOKEN_INVALID', async () => {
    const f = createImportFixture();
    const p = await f.parameters(await f.externalKey());
    const blob = f.wrap(p, randomBytes(32));
    const flipped = Buffer.from(p.importToken);
    flipped[0] = (flipped[0] as number) ^ 1;
    for (const importToken of [flipped, p.importToken.subarray(0, 16), Buffer.concat([p.importToken, Buffer.from([0])])]) {
      expect(await codeOf(f.importWith({ ...p, importToken }, blob))).toBe('TOKEN_INVALID');
    }
    expect((await f.importWith(p, blob)).state).toBe('ENABLED');
  });
});

describe('failed unwraps', () => {
  const badBlob = (f: ReturnType<typeof createImportFixture>, p: Parameters<typeof f.wrap>[0]) => f.wrap(p, randomBytes(32), 'RSAES_OAEP_SHA_1');

  it('four failures leave the token usable; the counter survives each failed import’s rollback', async () => {
    const f = createImportFixture();
    const p = await f.parameters(await f.externalKey());
    for (let i = 1; i < MAX_FAILED_UNWRAPS; i++) {
      expect(await codeOf(f.importWith(p, badBlob(f, p)))).toBe('WRAP_INVALID');
      expect(f.tokenOf(p).failedAttempts).toBe(i);
    }
    expect((await f.importWith(p, f.wrap(p, randomBytes(32)))).state).toBe('ENABLED');
  });

  it('the 5th failure burns the token: private key destroyed, a correct 6th attempt is TOKEN_INVALID', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const p = await f.parameters(keyId);
    for (let i = 0; i < MAX_FAILED_UNWRAPS; i++) expect(await codeOf(f.importWith(p, badBlob(f, p)))).toBe('WRAP_INVALID');
    expect(f.tokenOf(p)).toMatchObject({ failedAttempts: 5, privateKeyCiphertext: null, usedAt: null });
    expect(await codeOf(f.importWith(p, f.wrap(p, randomBytes(32))))).toBe('TOKEN_INVALID');
    expect((await f.store.findKey(keyId))?.state).toBe('PENDING_IMPORT');
    expect(f.store.audit.filter((e) => e.action === 'ImportKeyMaterial').map((e) => e.errorCode)).toEqual([
      ...Array<string>(MAX_FAILED_UNWRAPS).fill('WRAP_INVALID'),
      'TOKEN_INVALID',
    ]);
  });

  it('counts failures racing each other exactly, never past the limit', async () => {
    const f = createImportFixture();
    const p = await f.parameters(await f.externalKey());
    f.store.hooks.findImportTokenByHash = barrier(7);
    const codes = await Promise.all(Array.from({ length: 7 }, () => codeOf(f.importWith(p, badBlob(f, p)))));
    expect(codes).toEqual(Array<string>(7).fill('WRAP_INVALID'));
    expect(f.tokenOf(p)).toMatchObject({ failedAttempts: MAX_FAILED_UNWRAPS, privateKeyCiphertext: null });
  });
});

describe('imports racing', () => {
  it('two imports with one token: exactly one consumes it, the other is TOKEN_INVALID', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const p = await f.parameters(keyId);
    const material = randomBytes(32);
    f.store.hooks.updateKey = barrier(2);
    const codes = await Promise.all([0, 1].map(() => codeOf(f.importWith(p, f.wrap(p, material)))));
    expect(codes.sort()).toEqual(['NO_ERROR', 'TOKEN_INVALID']);
    expect(f.store.audit.filter((e) => e.action === 'ImportKeyMaterial' && e.result === 'SUCCESS')).toHaveLength(1);
  });

  it('two first imports of different material into one key: exactly one binds, the other is MATERIAL_INCORRECT', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const [p1, p2] = [await f.parameters(keyId), await f.parameters(keyId)];
    const [m1, m2] = [randomBytes(32), randomBytes(32)];
    f.store.hooks.updateKey = barrier(2);
    const codes = await Promise.all([codeOf(f.importWith(p1, f.wrap(p1, m1))), codeOf(f.importWith(p2, f.wrap(p2, m2)))]);
    expect([...codes].sort()).toEqual(['MATERIAL_INCORRECT', 'NO_ERROR']);
    const winner = codes[0] === 'NO_ERROR' ? m1 : m2;
    expect((await f.store.findKey(keyId))?.materialId).toBe(f.keyring.materialId({ keyId, material: winner }));
    // The loser's token was not consumed: it can still import the bound material.
    const loser = codes[0] === 'NO_ERROR' ? p2 : p1;
    expect(f.tokenOf(loser).usedAt).toBeNull();
    expect((await f.importWith(loser, f.wrap(loser, winner))).state).toBe('ENABLED');
  });
});

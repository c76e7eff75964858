// SPEC §7 LIMIT_EXCEEDED: keys per installation, aliases per key, usable import tokens per key. Each limit is
// counted in the transaction that adds, after a lock, so racers at the limit cannot both pass.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAlias } from './create-alias';
import { createKey } from './create-key';
import { deleteAlias } from './delete-alias';
import { getImportParameters } from './get-import-parameters';
import { importKeyMaterial } from './import-key-material';
import { barrier, codeOf, createTestContext, principal, type TTestContext } from './testing/test-context';
import { wrapKeyMaterial } from './testing/wrap-key-material';

const admin = principal('ADMINISTRATOR');

function limited(limits: Partial<{ maxKeys: number; maxAliasesPerKey: number; maxImportTokensPerKey: number }>): TTestContext {
  const t = createTestContext({ start: '2030-01-01T00:00:00Z' });
  t.ctx.limits = { maxKeys: 100, maxAliasesPerKey: 100, maxImportTokensPerKey: 100, ...limits };
  return t;
}

const failure = (t: TTestContext) => t.store.audit.at(-1);

describe('keys per installation', () => {
  it('refuses the key past the limit with LIMIT_EXCEEDED, audited, creating nothing', async () => {
    const t = limited({ maxKeys: 2 });
    await createKey(t.ctx, { actor: admin, alias: 'one', origin: 'KMS' });
    await createKey(t.ctx, { actor: admin, origin: 'EXTERNAL' });
    const refused = createKey(t.ctx, { actor: admin, alias: 'three', origin: 'KMS' });
    await expect(refused).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('already holds 2 keys') });
    expect(t.store.keys.size).toBe(2);
    expect(await t.store.findKeyIdByAlias('three')).toBeNull();
    expect(failure(t)).toMatchObject({ action: 'CreateKey', result: 'FAILURE', errorCode: 'LIMIT_EXCEEDED' });
  });

  it('lets only one of two creators racing for the last place succeed', async () => {
    const t = limited({ maxKeys: 2 });
    await createKey(t.ctx, { actor: admin, origin: 'KMS' });
    t.store.hooks.lockKeyCreation = barrier(2);
    const codes = await Promise.all(['a', 'b'].map((alias) => codeOf(createKey(t.ctx, { actor: admin, alias, origin: 'KMS' }))));
    expect(codes.sort()).toEqual(['LIMIT_EXCEEDED', 'NO_ERROR']);
    expect(t.store.keys.size).toBe(2);
  });
});

describe('aliases per key', () => {
  it('refuses an alias past the limit, and accepts one again once an alias is deleted', async () => {
    const t = limited({ maxAliasesPerKey: 2 });
    const key = await createKey(t.ctx, { actor: admin, alias: 'first', origin: 'KMS' });
    await createAlias(t.ctx, { actor: admin, keyId: key.id, alias: 'second' });
    const refused = createAlias(t.ctx, { actor: admin, keyId: key.id, alias: 'third' });
    await expect(refused).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('at most 2 aliases') });
    expect((await t.store.findKey(key.id))?.aliases.sort()).toEqual(['first', 'second']);
    expect(failure(t)).toMatchObject({ action: 'CreateAlias', keyId: key.id, result: 'FAILURE', errorCode: 'LIMIT_EXCEEDED' });
    await deleteAlias(t.ctx, { actor: admin, alias: 'first' });
    await createAlias(t.ctx, { actor: admin, keyId: key.id, alias: 'third' });
    expect((await t.store.findKey(key.id))?.aliases.sort()).toEqual(['second', 'third']);
  });

  it('lets only one of two requests racing for the last alias of a key succeed', async () => {
    const t = limited({ maxAliasesPerKey: 2 });
    const key = await createKey(t.ctx, { actor: admin, alias: 'first', origin: 'KMS' });
    t.store.hooks.updateKey = barrier(2);
    const codes = await Promise.all(['x', 'y'].map((alias) => codeOf(createAlias(t.ctx, { actor: admin, keyId: key.id, alias }))));
    expect(codes.sort()).toEqual(['LIMIT_EXCEEDED', 'NO_ERROR']);
    expect((await t.store.findKey(key.id))?.aliases).toHaveLength(2);
  });
});

describe('usable import tokens per key', () => {
  const parameters = (t: TTestContext, keyId: string) => getImportParameters(t.ctx, { actor: admin, keyId, wrappingKeySpec: 'RSA_2048' });
  const tokensOf = (t: TTestContext, keyId: string) => [...t.store.tokens.values()].filter((token) => token.keyId === keyId);

  it('refuses a token past the limit without taking a key pair; a used or expired token makes room', async () => {
    const t = limited({ maxImportTokensPerKey: 2 });
    const key = await createKey(t.ctx, { actor: admin, alias: 'byok', origin: 'EXTERNAL' });
    const first = await parameters(t, key.id);
    await parameters(t, key.id);
    let taken = 0;
    const take = t.ctx.keyPairs.take.bind(t.ctx.keyPairs);
    t.ctx.keyPairs = { take: (spec) => ((taken += 1), take(spec)) };
    await expect(parameters(t, key.id)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('2 unused import tokens') });
    expect(taken).toBe(0);
    expect(tokensOf(t, key.id)).toHaveLength(2);
    expect(failure(t)).toMatchObject({ action: 'GetParametersForImport', keyId: key.id, result: 'FAILURE', errorCode: 'LIMIT_EXCEEDED' });

    // Using a token frees its place.
    const material = randomBytes(32);
    const encryptedKeyMaterial = wrapKeyMaterial({ publicKey: first.publicKeyDer, algorithm: first.wrappingAlgorithm, material });
    await importKeyMaterial(t.ctx, {
      actor: admin,
      keyId: key.id,
      importToken: first.importToken,
      encryptedKeyMaterial,
      expiration: { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
    });
    await parameters(t, key.id);
    await expect(parameters(t, key.id)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    // Expired tokens (24 h, the instant itself included) no longer count.
    t.clock.advance({ hours: 24 });
    await parameters(t, key.id);
    await parameters(t, key.id);
    expect(tokensOf(t, key.id)).toHaveLength(5);
  });

  it('counts per key: another key has its own tokens', async () => {
    const t = limited({ maxImportTokensPerKey: 1 });
    const a = await createKey(t.ctx, { actor: admin, alias: 'a', origin: 'EXTERNAL' });
    const b = await createKey(t.ctx, { actor: admin, alias: 'b', origin: 'EXTERNAL' });
    await parameters(t, a.id);
    await parameters(t, b.id);
    expect(await codeOf(parameters(t, a.id))).toBe('LIMIT_EXCEEDED');
  });

  it('lets only one of two requests racing for the last token of a key succeed', async () => {
    const t = limited({ maxImportTokensPerKey: 2 });
    const key = await createKey(t.ctx, { actor: admin, alias: 'byok', origin: 'EXTERNAL' });
    await parameters(t, key.id);
    // Both pass the check made before taking a key pair; the issuing transactions are then lined up.
    let locks = 0;
    const issuing = barrier(2);
    t.store.hooks.lockKey = () => (++locks > 2 ? issuing() : undefined);
    const codes = await Promise.all([codeOf(parameters(t, key.id)), codeOf(parameters(t, key.id))]);
    expect(codes.sort()).toEqual(['LIMIT_EXCEEDED', 'NO_ERROR']);
    expect(locks).toBe(4);
    expect(tokensOf(t, key.id)).toHaveLength(2);
  });
});

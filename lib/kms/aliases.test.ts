import { describe, expect, it } from 'vitest';
import { createAlias } from './create-alias';
import { createKey } from './create-key';
import { deleteAlias } from './delete-alias';
import { describeKey } from './describe-key';
import { barrier, codeOf, createTestContext, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('createAlias', () => {
  it('adds an alias the key can be found by, audited with its name', async () => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'first', origin: 'KMS' });
    const view = await createAlias(ctx, { actor: admin, keyId, alias: 'second' });
    expect(view.aliases).toEqual(['first', 'second']);
    expect((await describeKey(ctx, { actor: admin, keyRef: 'second' })).id).toBe(keyId);
    expect(store.audit.at(-1)).toMatchObject({ action: 'CreateAlias', keyId, result: 'SUCCESS', details: { alias: 'second' } });
  });

  it('refuses a taken alias, whichever key holds it, and adds nothing', async () => {
    const { ctx, store } = createTestContext();
    const a = await createKey(ctx, { actor: admin, alias: 'a', origin: 'KMS' });
    const b = await createKey(ctx, { actor: admin, alias: 'b', origin: 'KMS' });
    expect(await codeOf(createAlias(ctx, { actor: admin, keyId: b.id, alias: 'a' }))).toBe('ALIAS_EXISTS');
    expect(await codeOf(createAlias(ctx, { actor: admin, keyId: a.id, alias: 'a' }))).toBe('ALIAS_EXISTS');
    expect((await store.findKey(b.id))?.version).toBe(0); // the conditional update rolled back with the alias
    expect(store.audit.at(-1)).toMatchObject({ action: 'CreateAlias', errorCode: 'ALIAS_EXISTS', keyId: a.id, details: { alias: 'a' } });
  });

  it('lets exactly one of two concurrent requests for the same alias win', async () => {
    const { ctx, store } = createTestContext();
    const a = await createKey(ctx, { actor: admin, alias: 'a', origin: 'KMS' });
    const b = await createKey(ctx, { actor: admin, alias: 'b', origin: 'KMS' });
    store.hooks.insertAlias = barrier(2);
    const codes = await Promise.all([a.id, b.id].map((keyId) => codeOf(createAlias(ctx, { actor: admin, keyId, alias: 'shared' }))));
    expect(codes.sort()).toEqual(['ALIAS_EXISTS', 'NO_ERROR']);
  });

  it('refuses reserved and malformed names with VALIDATION and unknown keys with NOT_FOUND', async () => {
    const { ctx } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'a', origin: 'KMS' });
    for (const alias of ['aws/x', 'x/default', 'alias/x', '', 'a b']) {
      expect(await codeOf(createAlias(ctx, { actor: admin, keyId, alias }))).toBe('VALIDATION');
    }
    expect(await codeOf(createAlias(ctx, { actor: admin, keyId: MISSING, alias: 'free' }))).toBe('NOT_FOUND');
  });
});

describe('deleteAlias', () => {
  it('removes only the alias; the key stays', async () => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'gone', origin: 'KMS' });
    await deleteAlias(ctx, { actor: admin, alias: 'gone' });
    expect(await codeOf(describeKey(ctx, { actor: admin, keyRef: 'alias/gone' }))).toBe('NOT_FOUND');
    expect((await describeKey(ctx, { actor: admin, keyRef: keyId })).aliases).toEqual([]);
    expect(store.audit.at(-1)).toMatchObject({ action: 'DeleteAlias', keyId, result: 'SUCCESS', details: { alias: 'gone' } });
  });

  it('answers NOT_FOUND for an unknown alias, audited with its name', async () => {
    const { ctx, store } = createTestContext();
    expect(await codeOf(deleteAlias(ctx, { actor: admin, alias: 'never' }))).toBe('NOT_FOUND');
    expect(store.audit).toEqual([expect.objectContaining({ action: 'DeleteAlias', errorCode: 'NOT_FOUND', details: { alias: 'never' } })]);
  });

  it('refuses a key user', async () => {
    const { ctx, store } = createTestContext();
    await createKey(ctx, { actor: admin, alias: 'kept', origin: 'KMS' });
    expect(await codeOf(deleteAlias(ctx, { actor: principal('KEY_USER'), alias: 'kept' }))).toBe('FORBIDDEN');
    expect(store.aliases.has('kept')).toBe(true);
  });
});

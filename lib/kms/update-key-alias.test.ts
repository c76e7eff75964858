import { describe, expect, it } from 'vitest';
import { createAlias } from './create-alias';
import { createKey } from './create-key';
import { describeKey } from './describe-key';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { barrier, codeOf, createTestContext, principal } from './testing/test-context';
import { updateKeyAlias } from './update-key-alias';

const admin = principal('ADMINISTRATOR');

describe('updateKeyAlias', () => {
  it('replaces the only alias in one change: the new name finds the key, the old one is free again', async () => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'old-name', origin: 'KMS' });
    const view = await updateKeyAlias(ctx, { actor: admin, keyId, alias: 'new-name' });
    expect(view.aliases).toEqual(['new-name']);
    expect((await describeKey(ctx, { actor: admin, keyRef: 'new-name' })).id).toBe(keyId);
    expect(await codeOf(describeKey(ctx, { actor: admin, keyRef: 'old-name' }))).toBe('NOT_FOUND');
    expect(store.audit.at(-1)).toMatchObject({ action: 'UpdateKeyAlias', result: 'SUCCESS', keyId, details: { alias: 'new-name', previousAlias: 'old-name' } });
    const { id: other } = await createKey(ctx, { actor: admin, alias: 'old-name', origin: 'KMS' });
    expect(other).not.toBe(keyId);
  });

  it('gives a key without alias this one, and accepts the alias it already has', async () => {
    const { ctx } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, origin: 'EXTERNAL' });
    expect((await updateKeyAlias(ctx, { actor: admin, keyId, alias: 'first' })).aliases).toEqual(['first']);
    expect((await updateKeyAlias(ctx, { actor: admin, keyId, alias: 'first' })).aliases).toEqual(['first']);
  });

  it('refuses a key with several aliases (INVALID_STATE) and leaves them all', async () => {
    const { ctx } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'a', origin: 'KMS' });
    await createAlias(ctx, { actor: admin, keyId, alias: 'b' });
    expect(await codeOf(updateKeyAlias(ctx, { actor: admin, keyId, alias: 'c' }))).toBe('INVALID_STATE');
    expect((await describeKey(ctx, { actor: admin, keyRef: keyId })).aliases).toEqual(['a', 'b']);
  });

  it('keeps the old alias when the new name is taken (ALIAS_EXISTS), refuses bad names and keys pending deletion', async () => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'mine', origin: 'KMS' });
    await createKey(ctx, { actor: admin, alias: 'taken', origin: 'KMS' });
    expect(await codeOf(updateKeyAlias(ctx, { actor: admin, keyId, alias: 'taken' }))).toBe('ALIAS_EXISTS');
    expect((await store.findKey(keyId))?.aliases).toEqual(['mine']);
    for (const alias of ['', 'x/default', 'aws/x', 'alias/x', 'spaces not allowed']) {
      expect(await codeOf(updateKeyAlias(ctx, { actor: admin, keyId, alias }))).toBe('VALIDATION');
    }
    await scheduleKeyDeletion(ctx, { actor: admin, keyId, pendingWindowInDays: 7 });
    expect(await codeOf(updateKeyAlias(ctx, { actor: admin, keyId, alias: 'later' }))).toBe('INVALID_STATE');
    expect(await codeOf(updateKeyAlias(ctx, { actor: principal('KEY_USER'), keyId, alias: 'later' }))).toBe('FORBIDDEN');
  });

  it('two racing renames of one key apply in turn (the loser re-reads and replaces the winner), ending with one alias', async () => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'start', origin: 'KMS' });
    // Both read the key before either updates it: the loser's conditional update fails and it re-evaluates.
    store.hooks.updateKey = barrier(2);
    const results = await Promise.allSettled([
      updateKeyAlias(ctx, { actor: admin, keyId, alias: 'left' }),
      updateKeyAlias(ctx, { actor: admin, keyId, alias: 'right' }),
    ]);
    delete store.hooks.updateKey;
    const aliases = (await store.findKey(keyId))?.aliases;
    expect(aliases).toHaveLength(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(['left', 'right']).toContain(aliases?.[0]);
    expect(store.audit.filter((e) => e.action === 'UpdateKeyAlias' && e.result === 'SUCCESS')).toHaveLength(2);
  });
});

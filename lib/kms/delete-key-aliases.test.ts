import { describe, expect, it } from 'vitest';
import { createAlias } from './create-alias';
import { createKey } from './create-key';
import { deleteKeyAliases } from './delete-key-aliases';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { codeOf, createTestContext, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');

async function keyWithAliases(ctx: ReturnType<typeof createTestContext>['ctx'], names: string[]) {
  const { id } = await createKey(ctx, { actor: admin, alias: names[0], origin: 'KMS' });
  for (const alias of names.slice(1)) await createAlias(ctx, { actor: admin, keyId: id, alias });
  return id;
}

describe('deleteKeyAliases', () => {
  it('removes the named aliases of the key in one change, with one audit record naming them', async () => {
    const { ctx, store } = createTestContext();
    const keyId = await keyWithAliases(ctx, ['a', 'b', 'c']);
    const view = await deleteKeyAliases(ctx, { actor: admin, keyId, aliases: ['a', 'c'] });
    expect(view.aliases).toEqual(['b']);
    expect(store.audit.at(-1)).toMatchObject({ action: 'DeleteAlias', result: 'SUCCESS', keyId, details: { alias: 'a,c', aliasCount: 2 } });
  });

  it("removes nothing when one name is not this key's alias (NOT_FOUND), even another key's", async () => {
    const { ctx, store } = createTestContext();
    const keyId = await keyWithAliases(ctx, ['mine-1', 'mine-2']);
    await keyWithAliases(ctx, ['theirs']);
    expect(await codeOf(deleteKeyAliases(ctx, { actor: admin, keyId, aliases: ['mine-1', 'theirs'] }))).toBe('NOT_FOUND');
    expect(await codeOf(deleteKeyAliases(ctx, { actor: admin, keyId, aliases: ['mine-1', 'nobody'] }))).toBe('NOT_FOUND');
    expect((await store.findKey(keyId))?.aliases).toEqual(['mine-1', 'mine-2']);
    expect(await store.findKeyIdByAlias('theirs')).not.toBeNull();
  });

  it('refuses an empty list, repeated or malformed names, and callers without keys:manage; works pending deletion', async () => {
    const { ctx } = createTestContext();
    const keyId = await keyWithAliases(ctx, ['x', 'y']);
    for (const aliases of [[], ['x', 'x'], ['alias/x']]) {
      expect(await codeOf(deleteKeyAliases(ctx, { actor: admin, keyId, aliases }))).toBe('VALIDATION');
    }
    expect(await codeOf(deleteKeyAliases(ctx, { actor: principal('KEY_USER'), keyId, aliases: ['x'] }))).toBe('FORBIDDEN');
    await scheduleKeyDeletion(ctx, { actor: admin, keyId, pendingWindowInDays: 7 });
    expect((await deleteKeyAliases(ctx, { actor: admin, keyId, aliases: ['x'] })).aliases).toEqual(['y']);
  });
});

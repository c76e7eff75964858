import { describe, expect, it } from 'vitest';
import { changeRole } from './change-role';
import { createLocalChangeFeed, type TChange } from './change-feed';
import { createAccessKey } from './create-access-key';
import { createKey } from './create-key';
import { disableKey } from './disable-key';
import { disablePerson } from './disable-person';
import { enablePerson } from './enable-person';
import { removePerson } from './remove-person';
import { revokeAccessKey } from './revoke-access-key';
import { createTestContext } from './testing/test-context';
import type { Principal } from './types';

function announcing() {
  const t = createTestContext();
  const feed = createLocalChangeFeed();
  const heard: TChange[] = [];
  feed.subscribe((change) => heard.push(change));
  for (const id of ['ada', 'bob']) t.people.seed({ id, role: id === 'ada' ? 'ADMINISTRATOR' : 'KEY_USER', email: `${id}@example.test` });
  const ada: Principal = { type: 'user', id: 'ada', name: 'ada@example.test', role: 'ADMINISTRATOR', authenticatedAt: t.clock.now() };
  return { ctx: { ...t.ctx, changes: feed }, heard, ada };
}

describe('committed changes are announced to every cache that may hold the old state', () => {
  it('announces a key change once it is committed, and nothing for a refused one', async () => {
    const { ctx, heard, ada } = announcing();
    const { id } = await createKey(ctx, { actor: ada, origin: 'KMS' });
    heard.length = 0;
    await disableKey(ctx, { actor: ada, keyId: id });
    await disableKey(ctx, { actor: ada, keyId: id }).catch(() => undefined);
    expect(heard).toEqual([{ kind: 'key', id }]);
  });

  it('announces a created and a revoked access key by its ID', async () => {
    const { ctx, heard, ada } = announcing();
    const { accessKey } = await createAccessKey(ctx, { actor: ada, role: 'KEY_USER', description: 'app' });
    await revokeAccessKey(ctx, { actor: ada, accessKeyId: accessKey.id });
    await revokeAccessKey(ctx, { actor: ada, accessKeyId: accessKey.id }).catch(() => undefined);
    expect(heard).toEqual([
      { kind: 'access-key', id: accessKey.id },
      { kind: 'access-key', id: accessKey.id },
    ]);
  });

  it('announces people changes, which may change what any access key may do', async () => {
    const { ctx, heard, ada } = announcing();
    await changeRole(ctx, { actor: ada, userId: 'bob', role: 'AUDITOR' });
    await disablePerson(ctx, { actor: ada, userId: 'bob' });
    await enablePerson(ctx, { actor: ada, userId: 'bob' });
    await removePerson(ctx, { actor: ada, userId: 'bob' });
    expect(heard).toEqual([{ kind: 'people' }, { kind: 'people' }, { kind: 'people' }, { kind: 'people' }]);
  });
});

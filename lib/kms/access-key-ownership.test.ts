import { describe, expect, it } from 'vitest';
import { createAccessKey } from './create-access-key';
import { changeRole } from './change-role';
import { disablePerson } from './disable-person';
import { enablePerson } from './enable-person';
import { listAccessKeys } from './list-access-keys';
import { removePerson } from './remove-person';
import { resolveAccessKey } from './resolve-access-key';
import { revokeAccessKey } from './revoke-access-key';
import { roleCovers, rolesCoveredBy } from './role-coverage';
import { codeOf, createTestContext } from './testing/test-context';
import { ROLES, type Principal, type Role } from './types';

function setUp() {
  const t = createTestContext();
  const as = (id: string, role: Role): Principal => {
    if (!t.people.state.people.has(id)) t.people.seed({ id, role, email: `${id}@example.test` });
    return { type: 'user', id, name: `${id}@example.test`, role, authenticatedAt: t.clock.now() };
  };
  return { ...t, as, ada: as('ada', 'ADMINISTRATOR') };
}

describe('role coverage', () => {
  it('an administrator covers every role; every other role only itself (the roles are not a ladder)', () => {
    expect(rolesCoveredBy('ADMINISTRATOR')).toEqual([...ROLES]);
    for (const role of ['KEY_MANAGER', 'KEY_USER', 'AUDITOR'] as const) expect(rolesCoveredBy(role)).toEqual([role]);
    expect(rolesCoveredBy('ROOT')).toEqual([]);
    expect(roleCovers('__proto__', 'AUDITOR')).toBe(false);
  });
});

describe('access keys belong to a person', () => {
  it('every person creates keys with a role their own covers, sees only their own; administrators see all', async () => {
    const { ctx, as, ada } = setUp();
    const kim = as('kim', 'KEY_MANAGER');
    const aud = as('aud', 'AUDITOR');
    const own = await createAccessKey(ctx, { actor: kim, role: 'KEY_MANAGER' });
    await createAccessKey(ctx, { actor: aud, role: 'AUDITOR' });
    expect(await codeOf(createAccessKey(ctx, { actor: kim, role: 'KEY_USER' }))).toBe('FORBIDDEN');
    expect(await codeOf(createAccessKey(ctx, { actor: aud, role: 'ADMINISTRATOR' }))).toBe('FORBIDDEN');
    expect((await listAccessKeys(ctx, { actor: kim })).map((k) => k.id)).toEqual([own.accessKey.id]);
    expect(await listAccessKeys(ctx, { actor: ada })).toHaveLength(2);
  });

  it('a person revokes their own keys but not another’s (FORBIDDEN); administrators revoke anyone’s', async () => {
    const { ctx, as, ada } = setUp();
    const kim = as('kim', 'KEY_USER');
    const other = as('ola', 'KEY_USER');
    const a = await createAccessKey(ctx, { actor: kim, role: 'KEY_USER' });
    const b = await createAccessKey(ctx, { actor: kim, role: 'KEY_USER' });
    expect(await codeOf(revokeAccessKey(ctx, { actor: other, accessKeyId: a.accessKey.id }))).toBe('FORBIDDEN');
    expect(await codeOf(revokeAccessKey(ctx, { actor: kim, accessKeyId: a.accessKey.id }))).toBe('NO_ERROR');
    expect(await codeOf(revokeAccessKey(ctx, { actor: ada, accessKeyId: b.accessKey.id }))).toBe('NO_ERROR');
  });

  it('a key works only while its owner is active and their current role covers it', async () => {
    const { ctx, as, ada } = setUp();
    const kim = as('kim', 'ADMINISTRATOR');
    const { accessKey } = await createAccessKey(ctx, { actor: kim, role: 'KEY_USER' });
    const works = async () => (await resolveAccessKey(ctx, { accessKeyId: accessKey.id })) !== null;
    expect(await works()).toBe(true);
    await disablePerson(ctx, { actor: ada, userId: 'kim' });
    expect(await works()).toBe(false);
    await enablePerson(ctx, { actor: ada, userId: 'kim' });
    expect(await works()).toBe(true);
    await changeRole(ctx, { actor: ada, userId: 'kim', role: 'AUDITOR' });
    expect(await works()).toBe(false);
    await changeRole(ctx, { actor: ada, userId: 'kim', role: 'KEY_USER' });
    expect(await works()).toBe(true);
  });

  it('removing a person revokes their keys (rows kept) in the same transaction', async () => {
    const { ctx, as, ada, accessKeys, store } = setUp();
    const kim = as('kim', 'KEY_USER');
    const { accessKey } = await createAccessKey(ctx, { actor: kim, role: 'KEY_USER' });
    expect((await removePerson(ctx, { actor: ada, userId: 'kim' })).revokedAccessKeyIds).toEqual([accessKey.id]);
    expect(accessKeys.rows.get(accessKey.id)).toMatchObject({ secretCiphertext: null, revokedAt: expect.any(Date) });
    expect(await resolveAccessKey(ctx, { accessKeyId: accessKey.id })).toBeNull();
    expect(store.audit.at(-1)).toMatchObject({ action: 'RemovePerson', details: { revokedAccessKeys: 1 } });
  });

  it('a key without an owner (the environment’s bootstrap key) acts on its own', async () => {
    const { ctx } = setUp();
    const system: Principal = { type: 'system', id: 'system', name: 'Keyfort', role: 'ADMINISTRATOR' };
    const { accessKey } = await createAccessKey(ctx, { actor: system, role: 'ADMINISTRATOR' });
    expect(accessKey.ownerUserId).toBeNull();
    expect((await resolveAccessKey(ctx, { accessKeyId: accessKey.id }))?.principal.role).toBe('ADMINISTRATOR');
  });
});

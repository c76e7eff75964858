import { describe, expect, it } from 'vitest';
import { addPerson } from './add-person';
import { changeRole } from './change-role';
import { disablePerson } from './disable-person';
import { enablePerson } from './enable-person';
import { FRESH_AUTHENTICATION_MS } from './fresh-authentication';
import { listPeople } from './list-people';
import { removePerson } from './remove-person';
import { barrier, codeOf, createTestContext } from './testing/test-context';
import type { Principal, Role } from './types';

function setUp() {
  const t = createTestContext();
  const seed = (id: string, role: string, extra: { disabledAt?: Date } = {}) => t.people.seed({ id, role, email: `${id}@example.test`, ...extra });
  /** A signed-in person who proved themselves just now (fresh authentication). */
  const as = (id: string, role: Role): Principal => ({ type: 'user', id, name: `${id}@example.test`, role, authenticatedAt: t.clock.now() });
  seed('ada', 'ADMINISTRATOR');
  const ada = as('ada', 'ADMINISTRATOR');
  return { ...t, seed, as, ada };
}

describe('people: add and list', () => {
  it('adds a person with a lower-cased email, no password and a link; audits actor and target, never the token', async () => {
    const { ctx, store, ada } = setUp();
    const { person, link } = await addPerson(ctx, { actor: ada, email: '  Bob@Example.TEST ', name: 'Bob', role: 'KEY_USER' });
    expect(person).toMatchObject({ email: 'bob@example.test', name: 'Bob', role: 'KEY_USER', status: 'ACTIVE', lastSignInAt: null });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.audit.at(-1)).toMatchObject({
      action: 'AddPerson',
      actorId: 'ada',
      result: 'SUCCESS',
      details: { targetUserId: person.id, targetEmail: 'bob@example.test', role: 'KEY_USER' },
    });
    expect(JSON.stringify(store.audit)).not.toContain(link.token);
    expect((await listPeople(ctx, { actor: ada })).map((p) => p.email)).toEqual(['ada@example.test', 'bob@example.test']);
  });

  it('refuses an email that exists in any case (PERSON_EXISTS), an unknown role and a bad email (VALIDATION)', async () => {
    const { ctx, people, ada } = setUp();
    expect(await codeOf(addPerson(ctx, { actor: ada, email: 'ADA@example.test', name: 'Again', role: 'AUDITOR' }))).toBe('PERSON_EXISTS');
    expect(await codeOf(addPerson(ctx, { actor: ada, email: 'x@example.test', name: 'X', role: 'ROOT' as Role }))).toBe('VALIDATION');
    expect(await codeOf(addPerson(ctx, { actor: ada, email: 'not-an-email', name: 'X', role: 'AUDITOR' }))).toBe('VALIDATION');
    expect(people.state.people.size).toBe(1);
    expect(people.state.links.size).toBe(0);
  });

  it.each(['KEY_MANAGER', 'KEY_USER', 'AUDITOR'] as const)('refuses every people operation to a %s (FORBIDDEN, audited)', async (role) => {
    const { ctx, store, seed, as } = setUp();
    seed('eve', role);
    const eve = as('eve', role);
    const codes = await Promise.all([
      codeOf(listPeople(ctx, { actor: eve })),
      codeOf(addPerson(ctx, { actor: eve, email: 'x@example.test', name: 'X', role: 'ADMINISTRATOR' })),
      codeOf(changeRole(ctx, { actor: eve, userId: 'ada', role: 'AUDITOR' })),
      codeOf(disablePerson(ctx, { actor: eve, userId: 'ada' })),
      codeOf(enablePerson(ctx, { actor: eve, userId: 'ada' })),
      codeOf(removePerson(ctx, { actor: eve, userId: 'ada' })),
    ]);
    expect(codes).toEqual(Array(6).fill('FORBIDDEN'));
    expect(store.audit.filter((e) => e.errorCode === 'FORBIDDEN')).toHaveLength(6);
  });
});

describe('people: change role', () => {
  it('changes a role with old and new role in the audit record', async () => {
    const { ctx, store, seed, ada } = setUp();
    seed('bob', 'KEY_USER');
    expect(await changeRole(ctx, { actor: ada, userId: 'bob', role: 'KEY_MANAGER' })).toMatchObject({ role: 'KEY_MANAGER' });
    expect(store.audit.at(-1)).toMatchObject({ action: 'ChangeRole', details: { targetUserId: 'bob', oldRole: 'KEY_USER', newRole: 'KEY_MANAGER' } });
  });

  it('refuses one’s own role (OWN_ACCOUNT), an unknown person (NOT_FOUND) and a stale session (REAUTHENTICATION_REQUIRED)', async () => {
    const { ctx, clock, seed, ada } = setUp();
    seed('bea', 'ADMINISTRATOR');
    expect(await codeOf(changeRole(ctx, { actor: ada, userId: 'ada', role: 'AUDITOR' }))).toBe('OWN_ACCOUNT');
    expect(await codeOf(changeRole(ctx, { actor: ada, userId: 'nobody', role: 'AUDITOR' }))).toBe('NOT_FOUND');
    clock.advance({ ms: FRESH_AUTHENTICATION_MS + 1 });
    expect(await codeOf(changeRole(ctx, { actor: ada, userId: 'bea', role: 'AUDITOR' }))).toBe('REAUTHENTICATION_REQUIRED');
    expect(await codeOf(removePerson(ctx, { actor: ada, userId: 'bea' }))).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('never demotes the last active administrator (a disabled one does not count)', async () => {
    const { ctx, people, seed, ada } = setUp();
    seed('bea', 'ADMINISTRATOR', { disabledAt: new Date('2029-01-01') });
    // Acting as a system job (no own account) shows the rule holds even without OWN_ACCOUNT.
    const system: Principal = { type: 'system', id: 'system', name: 'Keyfort', role: 'ADMINISTRATOR' };
    expect(await codeOf(changeRole(ctx, { actor: system, userId: 'ada', role: 'AUDITOR' }))).toBe('LAST_ADMINISTRATOR');
    expect(await codeOf(disablePerson(ctx, { actor: system, userId: 'ada' }))).toBe('LAST_ADMINISTRATOR');
    expect(await codeOf(removePerson(ctx, { actor: system, userId: 'ada' }))).toBe('LAST_ADMINISTRATOR');
    expect(people.state.people.get('ada')).toMatchObject({ role: 'ADMINISTRATOR', disabledAt: null });
    // Re-enabled, the other counts again: now ada may go.
    await enablePerson(ctx, { actor: ada, userId: 'bea' });
    expect(await codeOf(changeRole(ctx, { actor: system, userId: 'ada', role: 'AUDITOR' }))).toBe('NO_ERROR');
  });

  it('lets exactly one of two administrators demoting each other at once succeed', async () => {
    const { ctx, people, seed, as, ada } = setUp();
    seed('bea', 'ADMINISTRATOR');
    const bea = as('bea', 'ADMINISTRATOR');
    people.hooks.beforeLock = barrier(2); // both have read nothing yet when the first takes the lock
    const codes = await Promise.all([
      codeOf(changeRole(ctx, { actor: ada, userId: 'bea', role: 'KEY_USER' })),
      codeOf(changeRole(ctx, { actor: bea, userId: 'ada', role: 'KEY_USER' })),
    ]);
    expect(codes.sort()).toEqual(['LAST_ADMINISTRATOR', 'NO_ERROR']);
    expect([...people.state.people.values()].filter((p) => p.role === 'ADMINISTRATOR')).toHaveLength(1);
  });
});

describe('people: disable, enable, remove', () => {
  it('disabling ends the person’s sessions in the same transaction; enabling lets them back', async () => {
    const { ctx, store, people, seed, ada } = setUp();
    seed('bob', 'KEY_USER');
    people.addSession('s1', 'bob');
    people.addSession('s2', 'bob');
    people.addSession('s3', 'ada');
    expect(await disablePerson(ctx, { actor: ada, userId: 'bob' })).toMatchObject({ status: 'DISABLED' });
    expect(people.sessionsOf('bob')).toEqual([]);
    expect(people.sessionsOf('ada')).toEqual(['s3']);
    expect(store.audit.at(-1)).toMatchObject({ action: 'DisablePerson', details: { targetUserId: 'bob', endedSessions: 2 } });
    expect(await codeOf(disablePerson(ctx, { actor: ada, userId: 'bob' }))).toBe('INVALID_STATE');
    expect(await enablePerson(ctx, { actor: ada, userId: 'bob' })).toMatchObject({ status: 'ACTIVE' });
    expect(await codeOf(enablePerson(ctx, { actor: ada, userId: 'bob' }))).toBe('INVALID_STATE');
  });

  it('refuses to disable or remove oneself (OWN_ACCOUNT)', async () => {
    const { ctx, seed, ada } = setUp();
    seed('bea', 'ADMINISTRATOR');
    expect(await codeOf(disablePerson(ctx, { actor: ada, userId: 'ada' }))).toBe('OWN_ACCOUNT');
    expect(await codeOf(removePerson(ctx, { actor: ada, userId: 'ada' }))).toBe('OWN_ACCOUNT');
  });

  it('a failed audit write rolls the change back', async () => {
    const { ctx, store, people, seed, ada } = setUp();
    seed('bob', 'KEY_USER');
    people.addSession('s1', 'bob');
    store.failNext('insertAudit');
    await expect(disablePerson(ctx, { actor: ada, userId: 'bob' })).rejects.toThrow('injected insertAudit failure');
    expect(people.state.people.get('bob')?.disabledAt).toBeNull();
    expect(people.sessionsOf('bob')).toEqual(['s1']);
  });

  it('removing deletes the person and their sessions and links', async () => {
    const { ctx, store, people, ada } = setUp();
    const { person } = await addPerson(ctx, { actor: ada, email: 'bob@example.test', name: 'Bob', role: 'KEY_USER' });
    people.addSession('s1', person.id);
    expect(await removePerson(ctx, { actor: ada, userId: person.id })).toEqual({ userId: person.id, revokedAccessKeyIds: [] });
    expect(people.state.people.has(person.id)).toBe(false);
    expect(people.state.links.size).toBe(0);
    expect(people.sessionsOf(person.id)).toEqual([]);
    expect(store.audit.at(-1)).toMatchObject({ action: 'RemovePerson', details: { targetEmail: 'bob@example.test', revokedAccessKeys: 0 } });
  });
});

import { describe, expect, it } from 'vitest';
import { confirmReauthentication } from './confirm-reauthentication';
import { requireFreshAuthentication } from './fresh-authentication';
import { listSessions } from './list-sessions';
import { revokeAllSessions } from './revoke-all-sessions';
import { revokeSession } from './revoke-session';
import { DEFAULT_SESSION_LIMITS } from './session-lifetime';
import type { TSessionsContext } from './session-store';
import { InMemorySessionStore } from './testing/in-memory-session-store';
import { barrier, codeOf, createTestContext } from './testing/test-context';
import type { Principal, Role } from './types';

function setup() {
  const t = createTestContext();
  const sessions = new InMemorySessionStore(t.store);
  const ctx: TSessionsContext = { store: t.store, clock: t.clock, sessions, sessionLimits: DEFAULT_SESSION_LIMITS };
  const start = t.clock.now();
  sessions.addSession({ id: 'alice1', userId: 'alice', createdAt: start });
  sessions.addSession({ id: 'alice2', userId: 'alice', createdAt: new Date(start.getTime() + 1000), lastActiveAt: new Date(start.getTime() + 5000) });
  sessions.addSession({ id: 'bob1', userId: 'bob', createdAt: start });
  sessions.addSession({ id: 'root1', userId: 'root', createdAt: start });
  const person = (id: string, role: Role, sessionId: string): Principal => ({ type: 'user', id, name: `${id}@example.test`, role, sessionId });
  return {
    ...t,
    ctx,
    sessions,
    alice: person('alice', 'KEY_USER', 'alice1'),
    bob: person('bob', 'AUDITOR', 'bob1'),
    root: person('root', 'ADMINISTRATOR', 'root1'),
  };
}

describe('listSessions', () => {
  it("lists a person's own sessions newest first, marks the current one, and shows no token", async () => {
    const s = setup();
    const { owner, sessions } = await listSessions(s.ctx, { actor: s.alice, userId: 'alice' });
    expect(owner.email).toBe('alice@example.test');
    expect(sessions.map((v) => [v.id, v.current])).toEqual([
      ['alice2', false],
      ['alice1', true],
    ]);
    expect(sessions[0]).toMatchObject({ address: '203.0.113.7', userAgent: 'Mozilla/5.0 (test)', lastActiveAt: new Date(s.clock.now().getTime() + 5000) });
    expect(sessions[1]?.lastActiveAt).toEqual(sessions[1]?.startedAt);
    expect(Object.keys(sessions[0] ?? {})).not.toContain('token');
  });

  it('leaves out rows idle or old beyond the limits, which their next request would delete', async () => {
    const s = setup();
    s.sessions.addSession({ id: 'alice3', userId: 'alice', createdAt: s.clock.now(), lastActiveAt: s.clock.advance({ hours: 11 }) });
    s.clock.advance({ minutes: 29 });
    expect((await listSessions(s.ctx, { actor: s.alice, userId: 'alice' })).sessions.map((v) => v.id)).toEqual(['alice3']);
    s.clock.advance({ minutes: 31 });
    expect((await listSessions(s.ctx, { actor: s.alice, userId: 'alice' })).sessions).toEqual([]);
  });

  it("refuses someone else's sessions to a non-administrator (FORBIDDEN, audited) and shows them to an administrator", async () => {
    const s = setup();
    expect(await codeOf(listSessions(s.ctx, { actor: s.bob, userId: 'alice' }))).toBe('FORBIDDEN');
    expect(s.store.audit.at(-1)).toMatchObject({ action: 'ListSessions', result: 'FAILURE', errorCode: 'FORBIDDEN', details: { userId: 'alice' } });
    expect((await listSessions(s.ctx, { actor: s.root, userId: 'alice' })).sessions.map((v) => v.current)).toEqual([false, false]);
  });

  it('answers NOT_FOUND for an unknown person and VALIDATION for a malformed ID', async () => {
    const s = setup();
    expect(await codeOf(listSessions(s.ctx, { actor: s.root, userId: 'nobody' }))).toBe('NOT_FOUND');
    expect(await codeOf(listSessions(s.ctx, { actor: s.root, userId: "x' OR 1=1" }))).toBe('VALIDATION');
  });
});

describe('revokeSession', () => {
  it('ends one of your own sessions and audits it with the person and session', async () => {
    const s = setup();
    expect(await revokeSession(s.ctx, { actor: s.alice, sessionId: 'alice2' })).toEqual({ userId: 'alice' });
    expect(s.sessions.rows.has('alice2')).toBe(false);
    expect(s.store.audit.at(-1)).toMatchObject({
      action: 'RevokeSession',
      result: 'SUCCESS',
      actorId: 'alice',
      details: { userId: 'alice', sessionId: 'alice2' },
    });
  });

  it("answers NOT_FOUND for someone else's session to a non-administrator, so ids cannot be probed, and audits it", async () => {
    const s = setup();
    expect(await codeOf(revokeSession(s.ctx, { actor: s.bob, sessionId: 'alice1' }))).toBe('NOT_FOUND');
    expect(s.sessions.rows.has('alice1')).toBe(true);
    expect(s.store.audit.at(-1)).toMatchObject({ action: 'RevokeSession', result: 'FAILURE', errorCode: 'NOT_FOUND' });
  });

  it("lets an administrator end anyone's session", async () => {
    const s = setup();
    await revokeSession(s.ctx, { actor: s.root, sessionId: 'bob1' });
    expect(s.sessions.rows.has('bob1')).toBe(false);
    expect(s.store.audit.at(-1)).toMatchObject({ actorId: 'root', details: { userId: 'bob', sessionId: 'bob1' } });
  });

  it('lets exactly one of two racing revocations succeed', async () => {
    const s = setup();
    s.sessions.hooks.beforeWrite = barrier(2);
    const codes = await Promise.all([codeOf(revokeSession(s.ctx, { actor: s.root, sessionId: 'bob1' })), codeOf(revokeSession(s.ctx, { actor: s.bob, sessionId: 'bob1' }))]);
    expect(codes.sort()).toEqual(['NOT_FOUND', 'NO_ERROR']);
    expect(s.store.audit.filter((e) => e.action === 'RevokeSession' && e.result === 'SUCCESS')).toHaveLength(1);
  });
});

describe('revokeAllSessions', () => {
  it('signs you out everywhere else, keeping the session you asked from', async () => {
    const s = setup();
    expect(await revokeAllSessions(s.ctx, { actor: s.alice, userId: 'alice' })).toEqual({ ended: 1 });
    expect([...s.sessions.rows.keys()].filter((id) => id.startsWith('alice'))).toEqual(['alice1']);
    expect(s.store.audit.at(-1)).toMatchObject({ action: 'RevokeAllSessions', details: { userId: 'alice', ended: 1, keptCurrent: true } });
  });

  it("lets an administrator end all of someone's sessions, and nobody else", async () => {
    const s = setup();
    expect(await codeOf(revokeAllSessions(s.ctx, { actor: s.bob, userId: 'alice' }))).toBe('FORBIDDEN');
    expect(await revokeAllSessions(s.ctx, { actor: s.root, userId: 'alice' })).toEqual({ ended: 2 });
    expect(s.store.audit.at(-1)).toMatchObject({ actorId: 'root', details: { userId: 'alice', ended: 2, keptCurrent: false } });
  });
});

describe('confirmReauthentication', () => {
  it('makes a stale session fresh for the next 10 minutes and audits Reauthenticate', async () => {
    const s = setup();
    s.clock.advance({ minutes: 11 });
    const stale = { ...s.alice, authenticatedAt: new Date(s.clock.now().getTime() - 11 * 60_000) };
    expect(() => requireFreshAuthentication(s.clock, stale)).toThrow(/10 minutes/);
    const at = await confirmReauthentication(s.ctx, { actor: s.alice });
    expect(s.sessions.rows.get('alice1')?.authenticatedAt).toEqual(at);
    expect(() => requireFreshAuthentication(s.clock, { ...s.alice, authenticatedAt: at })).not.toThrow();
    expect(s.store.audit.at(-1)).toMatchObject({ action: 'Reauthenticate', result: 'SUCCESS', actorId: 'alice' });
  });

  it('refuses a session that has ended, and principals without a session', async () => {
    const s = setup();
    await revokeSession(s.ctx, { actor: s.alice, sessionId: 'alice1' });
    expect(await codeOf(confirmReauthentication(s.ctx, { actor: s.alice }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(confirmReauthentication(s.ctx, { actor: { type: 'access-key', id: 'KF1', name: 'KF1', role: 'ADMINISTRATOR' } }))).toBe('UNAUTHENTICATED');
  });
});

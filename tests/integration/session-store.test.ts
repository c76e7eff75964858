import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { PrismaSessionStore } from '@/lib/db/prisma-session-store';
import { confirmReauthentication, DEFAULT_SESSION_LIMITS, listSessions, revokeAllSessions, revokeSession, type TSessionsContext } from '@/lib/kms';
import type { FakeClock } from '@/lib/kms/testing/fake-clock';
import type { Principal } from '@/lib/kms/types';
import { forEachDatabase, type Connection } from './support/databases';
import { newClock } from './support/domain-context';

forEachDatabase('session store', (db) => {
  let clock: FakeClock;
  let a: TSessionsContext;
  let b: TSessionsContext;
  const contextOf = (connection: Connection): TSessionsContext => ({
    store: connection.store,
    clock,
    sessions: new PrismaSessionStore(connection.database.prisma, connection.database.provider),
    sessionLimits: DEFAULT_SESSION_LIMITS,
  });

  beforeAll(async () => {
    clock = newClock();
    a = contextOf(db());
    b = contextOf(await db().connect());
  });

  /** A person with `count` sessions, as Better Auth writes them at sign-in. */
  async function personWithSessions(count: number, role: Principal['role'] = 'KEY_USER') {
    const prisma = db().database.prisma;
    const id = randomUUID().replaceAll('-', '');
    const now = clock.now();
    await prisma.user.create({ data: { id, name: 'Pat', email: `${id}@example.test`, role, createdAt: now, updatedAt: now } });
    const sessionIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const sessionId = `${id.slice(0, 20)}s${i}`;
      await prisma.session.create({
        data: {
          id: sessionId,
          token: randomUUID(),
          userId: id,
          createdAt: new Date(now.getTime() + i * 1000),
          updatedAt: now,
          expiresAt: new Date(now.getTime() + DEFAULT_SESSION_LIMITS.maxAgeMs),
          ipAddress: '198.51.100.9',
          userAgent: `Browser ${i}`,
        },
      });
      sessionIds.push(sessionId);
    }
    const actor: Principal = { type: 'user', id, name: `${id}@example.test`, role, sessionId: sessionIds[0] };
    return { id, sessionIds, actor };
  }

  const admin: Principal = { type: 'user', id: 'admin-1', name: 'admin@example.test', role: 'ADMINISTRATOR' };
  const auditOf = async (action: string) =>
    (await db().database.prisma.auditEvent.findMany({ where: { action }, orderBy: { at: 'asc' } })).map((row) => ({
      result: row.result,
      details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
    }));

  it('lists a person\'s sessions newest first with device, address and times, the current one marked, never the token', async () => {
    const p = await personWithSessions(2);
    const { sessions } = await listSessions(a, { actor: p.actor, userId: p.id });
    expect(sessions.map((s) => [s.id, s.userAgent, s.address, s.current])).toEqual([
      [p.sessionIds[1], 'Browser 1', '198.51.100.9', false],
      [p.sessionIds[0], 'Browser 0', '198.51.100.9', true],
    ]);
    expect(JSON.stringify(sessions)).not.toMatch(/token/i);
  });

  it('revokes a session once: of two administrators racing, one deletes and audits, the other gets NOT_FOUND', async () => {
    const p = await personWithSessions(2);
    const target = p.sessionIds[1]!;
    const outcomes = await Promise.allSettled([revokeSession(a, { actor: admin, sessionId: target }), revokeSession(b, { actor: admin, sessionId: target })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await a.sessions.findSession(target)).toBeNull();
    const records = (await auditOf('RevokeSession')).filter((r) => r.details?.sessionId === target);
    expect(records.map((r) => r.result).sort()).toEqual(['FAILURE', 'SUCCESS']);
    expect(records.find((r) => r.result === 'SUCCESS')?.details).toEqual({ userId: p.id, sessionId: target });
  });

  it('signs a person out everywhere else, keeping the current session, and audits the count', async () => {
    const p = await personWithSessions(3);
    expect(await revokeAllSessions(a, { actor: p.actor, userId: p.id })).toEqual({ ended: 2 });
    expect((await a.sessions.listSessions(p.id)).map((s) => s.id)).toEqual([p.sessionIds[0]]);
    expect((await auditOf('RevokeAllSessions')).at(-1)?.details).toEqual({ userId: p.id, ended: 2, keptCurrent: true });
    expect(await revokeAllSessions(b, { actor: admin, userId: p.id })).toEqual({ ended: 1 });
    expect(await a.sessions.listSessions(p.id)).toEqual([]);
  });

  it('records activity at most once per interval, and marks a session re-authenticated with its audit record', async () => {
    const p = await personWithSessions(1);
    const id = p.sessionIds[0]!;
    const first = clock.now();
    await a.sessions.touchSession(id, first, 60_000);
    await b.sessions.touchSession(id, new Date(first.getTime() + 59_999), 60_000);
    expect((await a.sessions.findSession(id))?.lastActiveAt).toEqual(first);
    const later = new Date(first.getTime() + 60_000);
    await b.sessions.touchSession(id, later, 60_000);
    expect((await a.sessions.findSession(id))?.lastActiveAt).toEqual(later);

    const at = await confirmReauthentication(a, { actor: p.actor });
    expect((await b.sessions.findSession(id))?.authenticatedAt).toEqual(at);
    await a.sessions.expireSession(id);
    await expect(confirmReauthentication(a, { actor: p.actor })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { forEachDatabase } from './support/databases';
import { auditEvent, TEST_ACTOR } from './support/keys';

forEachDatabase('audit and settings store', (db) => {
  it('writes audit records and reads them back newest first, with actor and details intact', async () => {
    const keyId = randomUUID();
    const first = auditEvent({ keyId, at: new Date('2026-03-01T10:00:00.001Z'), details: { alias: 'a/b', days: 7, flag: true, none: null } });
    const second = auditEvent({
      keyId,
      at: new Date('2026-03-01T10:00:00.002Z'),
      action: 'DisableKey',
      result: 'FAILURE',
      errorCode: 'INVALID_STATE',
    });
    const fromConsole = auditEvent({
      keyId,
      at: new Date('2026-03-01T10:00:00.003Z'),
      action: 'EnableKey',
      actor: { ...TEST_ACTOR, source: { address: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11)', accessKeyId: 'KFEXAMPLE0000000001', via: 'aws-api' } },
    });
    await db().store.insertAudit(first);
    await db().store.transaction((tx) => tx.insertAudit(second));
    await db().store.insertAudit(fromConsole);

    const page = await db().store.listAudit({ keyId, page: 1, pageSize: 10 });
    expect(page.total).toBe(3);
    const actor = { actorType: TEST_ACTOR.type, actorId: TEST_ACTOR.id, actorName: TEST_ACTOR.name };
    const noSource = { sourceAddress: null, userAgent: null, accessKeyId: null, via: null };
    expect(page.items.map(({ id, ...rest }) => rest)).toEqual([
      {
        at: fromConsole.at,
        ...actor,
        action: 'EnableKey',
        keyId,
        result: 'SUCCESS',
        errorCode: null,
        details: null,
        sourceAddress: '203.0.113.9',
        userAgent: 'Mozilla/5.0 (X11)',
        accessKeyId: 'KFEXAMPLE0000000001',
        via: 'aws-api',
      },
      { at: second.at, ...actor, action: 'DisableKey', keyId, result: 'FAILURE', errorCode: 'INVALID_STATE', details: null, ...noSource },
      { at: first.at, ...actor, action: 'CreateKey', keyId, result: 'SUCCESS', errorCode: null, details: first.details, ...noSource },
    ]);
    expect(new Set(page.items.map((item) => item.id)).size).toBe(3);
  });

  it('filters audit records by key, action and result together, and pages them', async () => {
    const keyId = randomUUID();
    const base = Date.parse('2026-04-01T00:00:00.000Z');
    for (let i = 0; i < 5; i++) {
      await db().store.insertAudit(auditEvent({ keyId, action: 'EnableKey', at: new Date(base + i) }));
    }
    await db().store.insertAudit(auditEvent({ keyId, action: 'EnableKey', result: 'FAILURE', errorCode: 'FORBIDDEN', at: new Date(base + 10) }));
    await db().store.insertAudit(auditEvent({ keyId, action: 'DisableKey', at: new Date(base + 11) }));

    const successes = await db().store.listAudit({ keyId, action: 'EnableKey', result: 'SUCCESS', page: 1, pageSize: 2 });
    expect(successes.total).toBe(5);
    expect(successes.items.map((e) => e.at.getTime())).toEqual([base + 4, base + 3]);
    const last = await db().store.listAudit({ keyId, action: 'EnableKey', result: 'SUCCESS', page: 3, pageSize: 2 });
    expect(last.items.map((e) => e.at.getTime())).toEqual([base]);
    expect((await db().store.listAudit({ keyId, result: 'FAILURE', page: 1, pageSize: 10 })).items.map((e) => e.errorCode)).toEqual(['FORBIDDEN']);
    expect((await db().store.listAudit({ keyId, page: 1, pageSize: 10 })).total).toBe(7);
  });

  it('keeps the first value of a setting: later writers get it back and change nothing', async () => {
    const name = `setting-${randomUUID()}`;
    expect(await db().store.getSetting(name)).toBeNull();
    expect(await db().store.putSettingIfAbsent(name, 'first')).toBe('first');
    expect(await db().store.putSettingIfAbsent(name, 'second')).toBe('first');
    expect(await db().store.getSetting(name)).toBe('first');
  });
});

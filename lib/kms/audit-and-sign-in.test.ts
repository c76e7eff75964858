import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { disableKey } from './disable-key';
import { listAuditEvents } from './list-audit-events';
import { recordSignIn } from './record-sign-in';
import { codeOf, createTestContext, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');

describe('listAuditEvents', () => {
  async function fixture() {
    const t = createTestContext();
    const a = await createKey(t.ctx, { actor: admin, alias: 'a', origin: 'KMS' });
    t.clock.advance({ seconds: 1 });
    const b = await createKey(t.ctx, { actor: admin, alias: 'b', origin: 'EXTERNAL' });
    t.clock.advance({ seconds: 1 });
    await codeOf(disableKey(t.ctx, { actor: admin, keyId: b.id })); // Pending import: refused
    return { ...t, a, b };
  }

  it('lists newest first and filters by key, action and result', async () => {
    const { ctx, a, b } = await fixture();
    const all = await listAuditEvents(ctx, { actor: principal('AUDITOR') });
    expect(all.items.map((e) => [e.action, e.result])).toEqual([
      ['DisableKey', 'FAILURE'],
      ['CreateKey', 'SUCCESS'],
      ['CreateKey', 'SUCCESS'],
    ]);
    expect((await listAuditEvents(ctx, { actor: admin, keyId: a.id })).items.map((e) => e.keyId)).toEqual([a.id]);
    expect((await listAuditEvents(ctx, { actor: admin, action: 'DisableKey' })).items).toEqual([
      expect.objectContaining({ keyId: b.id, errorCode: 'INVALID_STATE' }),
    ]);
    expect((await listAuditEvents(ctx, { actor: admin, result: 'SUCCESS' })).total).toBe(2);
  });

  it('is for administrators and auditors only; a refusal is itself audited', async () => {
    const { ctx, store } = await fixture();
    for (const role of ['KEY_MANAGER', 'KEY_USER'] as const) {
      expect(await codeOf(listAuditEvents(ctx, { actor: principal(role) }))).toBe('FORBIDDEN');
    }
    expect(store.audit.slice(-2).map((e) => [e.action, e.errorCode])).toEqual([
      ['ListAuditEvents', 'FORBIDDEN'],
      ['ListAuditEvents', 'FORBIDDEN'],
    ]);
  });

  it('validates its filters', async () => {
    const { ctx } = await fixture();
    expect(await codeOf(listAuditEvents(ctx, { actor: admin, keyId: 'not-a-key' }))).toBe('VALIDATION');
    expect(await codeOf(listAuditEvents(ctx, { actor: admin, action: 'DropTable' as 'CreateKey' }))).toBe('VALIDATION');
    expect(await codeOf(listAuditEvents(ctx, { actor: admin, pageSize: 101 }))).toBe('VALIDATION');
  });
});

describe('recordSignIn', () => {
  it('records success and failure with the typed e-mail as actor name', async () => {
    const { ctx, store, clock } = createTestContext();
    await recordSignIn(ctx, { email: 'ann@example.test', userId: 'u1', success: true });
    await recordSignIn(ctx, { email: 'who@example.test', userId: null, success: false });
    expect(store.audit.map((e) => [e.action, e.actorName, e.actorId, e.result, e.errorCode, e.at])).toEqual([
      ['SignIn', 'ann@example.test', 'u1', 'SUCCESS', null, clock.now()],
      ['SignIn', 'who@example.test', 'who@example.test', 'FAILURE', 'UNAUTHENTICATED', clock.now()],
    ]);
  });

  it('records a throttled attempt as RATE_LIMITED with the client address', async () => {
    const { ctx, store } = createTestContext();
    await recordSignIn(ctx, { email: 'who@example.test', userId: null, success: false, rateLimited: true, address: '203.0.113.7' });
    expect(store.audit[0]).toMatchObject({
      action: 'SignIn',
      result: 'FAILURE',
      errorCode: 'RATE_LIMITED',
      details: { address: '203.0.113.7' },
      sourceAddress: '203.0.113.7',
    });
  });

  it('neutralises hostile input instead of dropping the record', async () => {
    const { ctx, store } = createTestContext();
    await recordSignIn(ctx, { email: `evil\u202E\u200B\u0000\n${'x'.repeat(400)}`, userId: null, success: false });
    const name = store.audit[0]?.actorName ?? '';
    expect(name.startsWith('evil\uFFFD\uFFFD\uFFFD\uFFFD')).toBe(true);
    expect([...name]).toHaveLength(254);
  });

  it('uses the given actor when the caller knows it', async () => {
    const { ctx, store } = createTestContext();
    await recordSignIn(ctx, { email: 'ann@example.test', userId: 'u1', success: true, actor: principal('KEY_USER', 'Ann') });
    expect(store.audit[0]).toMatchObject({ actorId: 'user-key_user', actorName: 'Ann' });
  });
});

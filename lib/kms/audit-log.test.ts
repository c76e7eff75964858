import { beforeEach, describe, expect, it } from 'vitest';
import { aliasesOfKeys } from './aliases-of-keys';
import { createAlias } from './create-alias';
import { createKey } from './create-key';
import { exportAuditEvents } from './export-audit-events';
import { getAuditEvent } from './get-audit-event';
import { listAuditEvents } from './list-audit-events';
import { createTestContext, principal, type TTestContext } from './testing/test-context';
import type { AuditEvent, Principal } from './types';

const FROM_OFFICE: Principal = { ...principal('ADMINISTRATOR'), source: { address: '192.0.2.10', userAgent: 'Firefox', accessKeyId: null } };

let t: TTestContext;
beforeEach(() => {
  t = createTestContext({ start: '2030-01-01T00:00:00Z' });
});

async function collect(pages: AsyncIterable<AuditEvent[]>): Promise<AuditEvent[][]> {
  const all: AuditEvent[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('the audit log', () => {
  it('filters by actor and by address, and shows one record whole', async () => {
    await createKey(t.ctx, { actor: FROM_OFFICE, origin: 'KMS' });
    await createKey(t.ctx, { actor: principal('KEY_MANAGER'), origin: 'KMS' });
    const byAddress = await listAuditEvents(t.ctx, { actor: principal('AUDITOR'), sourceAddress: '192.0.2.10', page: 1, pageSize: 10 });
    expect(byAddress.items.map((e) => e.actorName)).toEqual([FROM_OFFICE.name]);
    const byActor = await listAuditEvents(t.ctx, { actor: principal('AUDITOR'), actorName: 'key_manager@example.test', page: 1, pageSize: 10 });
    expect(byActor.items).toHaveLength(1);
    const whole = await getAuditEvent(t.ctx, { actor: principal('AUDITOR'), id: byAddress.items[0]!.id });
    expect(whole).toMatchObject({ action: 'CreateKey', sourceAddress: '192.0.2.10', userAgent: 'Firefox', accessKeyId: null });
    await expect(getAuditEvent(t.ctx, { actor: principal('AUDITOR'), id: 'no-such-record' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a key user the detail view and the export, and audits both refusals', async () => {
    await expect(getAuditEvent(t.ctx, { actor: principal('KEY_USER'), id: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(exportAuditEvents(t.ctx, { actor: principal('KEY_USER'), format: 'csv' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(t.store.audit.map((e) => `${e.action}:${e.errorCode}`)).toEqual(['ListAuditEvents:FORBIDDEN', 'ExportAuditLog:FORBIDDEN']);
  });

  it('exports page by page, newest first, without repeating or skipping records written meanwhile, and audits the export', async () => {
    for (let i = 0; i < 5; i++) {
      await createKey(t.ctx, { actor: FROM_OFFICE, origin: 'KMS' });
      t.clock.advance({ seconds: 1 });
    }
    const before = t.store.audit.map((e) => e.id);
    const pages = await exportAuditEvents(t.ctx, { actor: principal('AUDITOR'), format: 'jsonl', action: 'CreateKey', pageSize: 2 });
    expect(t.store.audit.at(-1)).toMatchObject({ action: 'ExportAuditLog', result: 'SUCCESS', details: { format: 'jsonl', action: 'CreateKey' } });
    const iterator = pages[Symbol.asyncIterator]();
    const first = await iterator.next();
    // A record written after the export started is newer than its cursor: it shifts nothing.
    await createKey(t.ctx, { actor: FROM_OFFICE, origin: 'KMS' });
    const rest: AuditEvent[][] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    const exported = [first.value as AuditEvent[], ...rest];
    expect(exported.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(exported.flat().map((e) => e.id)).toEqual([...before].reverse());
    expect(await collect(await exportAuditEvents(t.ctx, { actor: principal('AUDITOR'), format: 'csv', sourceAddress: '203.0.113.1' }))).toEqual([]);
  });

  it('reads the aliases of a page of keys at once', async () => {
    const actor = principal('KEY_MANAGER');
    const a = await createKey(t.ctx, { actor, origin: 'KMS' });
    const b = await createKey(t.ctx, { actor, origin: 'KMS' });
    await createAlias(t.ctx, { actor, keyId: a.id, alias: 'payments' });
    await createAlias(t.ctx, { actor, keyId: a.id, alias: 'billing' });
    const byKey = await aliasesOfKeys(t.ctx, { actor: principal('AUDITOR'), keyIds: [a.id, b.id, a.id] });
    expect(Object.fromEntries(byKey)).toEqual({ [a.id]: ['billing', 'payments'] });
  });
});

import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { forEachDatabase } from './support/databases';
import { auditEvent, newKey, TEST_ACTOR } from './support/keys';

// The audit page's and the export's reads on both databases: actor and address filters, keyset scans
// (ties on `at` broken by id), one record by ID, and the aliases of a page of keys in one read.
forEachDatabase('audit log reads', (db) => {
  it('filters by actor and address, scans newest first across equal times, and finds one record', async () => {
    const keyId = randomUUID();
    const at = new Date('2026-05-01T00:00:00.000Z');
    const address = '198.51.100.23';
    const actor = { ...TEST_ACTOR, name: `auditor-${randomUUID()}@example.test`, source: { address, userAgent: 'curl/8', accessKeyId: null } };
    // Five records at the same millisecond: only the id orders them.
    for (let i = 0; i < 5; i++) await db().store.insertAudit(auditEvent({ keyId, at, actor }));
    await db().store.insertAudit(auditEvent({ keyId, at, action: 'DisableKey' }));

    expect((await db().store.listAudit({ actorName: actor.name, page: 1, pageSize: 10 })).total).toBe(5);
    expect((await db().store.listAudit({ keyId, sourceAddress: address, page: 1, pageSize: 10 })).total).toBe(5);

    const seen: string[] = [];
    let before: { at: Date; id: string } | undefined;
    for (;;) {
      const page = await db().store.scanAudit({ actorName: actor.name, before, limit: 2 });
      seen.push(...page.map((e) => e.id));
      if (page.length < 2) break;
      before = { at: page.at(-1)!.at, id: page.at(-1)!.id };
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect([...seen].sort().reverse()).toEqual(seen);

    const one = await db().store.findAudit(seen[0]!);
    expect(one).toMatchObject({ id: seen[0], actorName: actor.name, sourceAddress: address, userAgent: 'curl/8', keyId });
    expect(await db().store.findAudit(randomUUID())).toBeNull();
  });

  // The filters' own indexes, not a scan of the whole log in time order. PostgreSQL is told to avoid a
  // sequential scan, which it would otherwise rightly prefer on a near-empty table.
  it.each([
    { column: 'actorName', index: 'AuditEvent_actorName_at_idx' },
    { column: 'sourceAddress', index: 'AuditEvent_sourceAddress_at_idx' },
  ])('answers the $column filter, newest first, from its index', async ({ column, index }) => {
    const query = `SELECT "id" FROM "AuditEvent" WHERE "${column}" = 'x' ORDER BY "at" DESC LIMIT 50`;
    const prisma = db().database.prisma;
    const plan =
      db().provider === 'sqlite'
        ? await prisma.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${query}`)
        : await prisma.$transaction(async (tx) => {
            await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
            return tx.$queryRawUnsafe<Record<string, string>[]>(`EXPLAIN ${query}`);
          });
    expect(JSON.stringify(plan, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))).toContain(index);
  });

  it('reads the aliases of several keys at once', async () => {
    const [a, b] = [newKey(), newKey()];
    await db().store.transaction(async (tx) => {
      await tx.insertKey(a);
      await tx.insertKey(b);
      await tx.insertAlias(`reads-${a.id}-2`, a.id, new Date());
      await tx.insertAlias(`reads-${a.id}-1`, a.id, new Date());
    });
    const aliases = await db().store.listAliasesOfKeys([a.id, b.id, randomUUID()]);
    expect(aliases.map((alias) => [alias.keyId, alias.name])).toEqual([
      [a.id, `reads-${a.id}-1`],
      [a.id, `reads-${a.id}-2`],
    ]);
    expect(await db().store.listAliasesOfKeys([])).toEqual([]);
  });
});

import { expect, it } from 'vitest';
import { forEachDatabase } from './support/databases';
import { auditEvent, newKey, sleep, uniqueAlias } from './support/keys';

forEachDatabase('key store', (db) => {
  it('stores a key and reads every field back unchanged (bytes, dates to the millisecond, aliases)', async () => {
    const key = newKey({
      description: 'Payments — "quoted" <b>',
      origin: 'EXTERNAL',
      materialId: 'hmac-of-material',
      materialImportedAt: new Date('2026-02-03T04:05:06.789Z'),
      materialExpiresAt: new Date('2027-02-03T04:05:06.001Z'),
      deletionDate: new Date('2026-03-01T00:00:00.000Z'),
    });
    const aliases = [uniqueAlias('b'), uniqueAlias('a')];
    await db().store.transaction(async (tx) => {
      await tx.insertKey(key);
      for (const alias of aliases) expect(await tx.insertAlias(alias, key.id, key.createdAt)).toBe(true);
    });

    expect(await db().store.findKey(key.id)).toEqual({ ...key, materialRemovedReason: null, materialRemovedAt: null, rotationPeriodDays: null, nextRotationAt: null, removedMaterialSequence: 0, version: 0, aliases: [...aliases].sort() });
    expect(await db().store.findKeyIdByAlias(aliases[0]!)).toBe(key.id);
    expect(await db().store.findKey('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await db().store.findKeyIdByAlias(uniqueAlias())).toBeNull();
  });

  it('updates only the patched fields, bumps the version, and refuses a stale version', async () => {
    const key = newKey();
    await db().store.transaction((tx) => tx.insertKey(key));
    const later = new Date('2026-06-01T00:00:00.500Z');

    const updated = await db().store.transaction((tx) => tx.updateKey(key.id, 0, { state: 'DISABLED', updatedAt: later }));
    expect(updated).toBe(true);
    expect(await db().store.findKey(key.id)).toEqual({ ...key, state: 'DISABLED', updatedAt: later, materialRemovedReason: null, materialRemovedAt: null, rotationPeriodDays: null, nextRotationAt: null, removedMaterialSequence: 0, version: 1, aliases: [] });

    const stale = await db().store.transaction((tx) => tx.updateKey(key.id, 0, { description: 'lost write' }));
    expect(stale).toBe(false);
    expect((await db().store.findKey(key.id))?.description).toBe(key.description);

    const removedAt = new Date('2026-06-02T03:04:05.678Z');
    const cleared = await db().store.transaction((tx) =>
      tx.updateKey(key.id, 1, { materialCiphertext: null, materialRemovedReason: 'DELETED', materialRemovedAt: removedAt }),
    );
    expect(cleared).toBe(true);
    expect(await db().store.findKey(key.id)).toMatchObject({ materialCiphertext: null, materialRemovedReason: 'DELETED', materialRemovedAt: removedAt, version: 2 });
  });

  it('deletes a key only at the expected version, taking its aliases with it', async () => {
    const key = newKey();
    const alias = uniqueAlias();
    await db().store.transaction(async (tx) => {
      await tx.insertKey(key);
      await tx.insertAlias(alias, key.id, key.createdAt);
    });

    expect(await db().store.transaction((tx) => tx.deleteKey(key.id, 7))).toBe(false);
    expect(await db().store.findKey(key.id)).not.toBeNull();
    expect(await db().store.transaction((tx) => tx.deleteKey(key.id, 0))).toBe(true);
    expect(await db().store.findKey(key.id)).toBeNull();
    expect(await db().store.findKeyIdByAlias(alias)).toBeNull();
  });

  it('reports a taken alias as false and the transaction carries on and commits', async () => {
    const [first, second] = [newKey(), newKey()];
    const alias = uniqueAlias();
    await db().store.transaction(async (tx) => {
      await tx.insertKey(first);
      await tx.insertAlias(alias, first.id, first.createdAt);
    });

    const audit = auditEvent({ action: 'CreateAlias', keyId: second.id, details: { alias } });
    const result = await db().store.transaction(async (tx) => {
      await tx.insertKey(second);
      const inserted = await tx.insertAlias(alias, second.id, second.createdAt);
      // On PostgreSQL a failed INSERT would have aborted the transaction: these writes would then fail.
      await tx.insertAudit(audit);
      return inserted;
    });

    expect(result).toBe(false);
    expect(await db().store.findKeyIdByAlias(alias)).toBe(first.id);
    expect(await db().store.findKey(second.id)).not.toBeNull();
    const page = await db().store.listAudit({ keyId: second.id, page: 1, pageSize: 10 });
    expect(page.items).toHaveLength(1);
  });

  it('deletes an alias only for the key it belongs to', async () => {
    const [owner, other] = [newKey(), newKey()];
    const alias = uniqueAlias();
    await db().store.transaction(async (tx) => {
      await tx.insertKey(owner);
      await tx.insertKey(other);
      await tx.insertAlias(alias, owner.id, owner.createdAt);
    });

    expect(await db().store.transaction((tx) => tx.deleteAlias(alias, other.id))).toBe(false);
    expect(await db().store.findKeyIdByAlias(alias)).toBe(owner.id);
    expect(await db().store.transaction((tx) => tx.deleteAlias(alias, owner.id))).toBe(true);
    expect(await db().store.findKeyIdByAlias(alias)).toBeNull();
    expect(await db().store.transaction((tx) => tx.deleteAlias(alias, owner.id))).toBe(false);
  });

  it('rolls back every write of a transaction whose function throws', async () => {
    const key = newKey();
    const alias = uniqueAlias();
    await expect(
      db().store.transaction(async (tx) => {
        await tx.insertKey(key);
        await tx.insertAlias(alias, key.id, key.createdAt);
        await tx.insertAudit(auditEvent({ keyId: key.id }));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    expect(await db().store.findKey(key.id)).toBeNull();
    expect(await db().store.findKeyIdByAlias(alias)).toBeNull();
    expect((await db().store.listAudit({ keyId: key.id, page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('never lets a read outside a transaction see that transaction’s uncommitted writes', async () => {
    const key = newKey();
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = db().store.transaction(async (tx) => {
      await tx.insertKey(key);
      inserted();
      await sleep(100);
      throw new Error('rolled back');
    });

    await insertedSignal;
    // Same client, same process: on SQLite that is the same connection as the open transaction.
    expect(await db().store.findKey(key.id)).toBeNull();
    await expect(transaction).rejects.toThrow('rolled back');
    expect(await db().store.findKey(key.id)).toBeNull();
  });

  it('lists keys due for purge: pending deletion whose date has come, oldest first, up to the limit', async () => {
    const now = new Date('2031-05-05T12:00:00.000Z');
    const due = (offsetMs: number) => newKey({ state: 'PENDING_DELETION', deletionDate: new Date(now.getTime() + offsetMs) });
    const oldest = due(-3000);
    const older = due(-2000);
    const exactlyNow = due(0);
    const notYet = due(1);
    const enabledWithDate = newKey({ deletionDate: new Date(now.getTime() - 5000) });
    await db().store.transaction(async (tx) => {
      for (const key of [exactlyNow, notYet, older, enabledWithDate, oldest]) await tx.insertKey(key);
    });

    // Other tests' keys are not due this early, so only these can match.
    const all = await db().store.findKeysDueForPurge(now, 10);
    expect(all.map((k) => k.id)).toEqual([oldest.id, older.id, exactlyNow.id]);
    expect((await db().store.findKeysDueForPurge(now, 2)).map((k) => k.id)).toEqual([oldest.id, older.id]);
  });
});

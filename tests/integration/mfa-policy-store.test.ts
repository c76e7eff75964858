import { beforeAll, expect, it } from 'vitest';
import { listAuditEvents, readMfaPolicy, setMfaPolicy } from '@/lib/kms';
import { forEachDatabase } from './support/databases';
import { newClock, newKeyring, startWorkers, type Worker } from './support/domain-context';
import { TEST_ACTOR as actor } from './support/keys';

// The multi-factor policy is one SystemSetting row written with its audit record (KeyStoreTx.putSetting).
forEachDatabase('multi-factor policy store', (db) => {
  let workers: Worker[];
  const clock = newClock();
  beforeAll(async () => {
    workers = await startWorkers(db(), 2, clock, newKeyring());
  });

  it('writes, overwrites and reads back the setting on every instance, with one audit record per change', async () => {
    const [a, b] = [workers[0]!.ctx, workers[1]!.ctx];
    const before = (await listAuditEvents(a, { actor, action: 'SetMfaPolicy', pageSize: 100 })).total;
    await setMfaPolicy(a, { actor, required: true });
    expect(await readMfaPolicy(b)).toEqual({ required: true });
    clock.advance({ minutes: 1 }); // newest first needs distinct times
    await setMfaPolicy(b, { actor, required: false });
    expect(await readMfaPolicy(a)).toEqual({ required: false });
    const records = (await listAuditEvents(a, { actor, action: 'SetMfaPolicy', pageSize: 100 })).items;
    expect(records).toHaveLength(before + 2);
    expect(records.slice(0, 2).map((e) => [e.result, e.details])).toEqual([
      ['SUCCESS', { required: false }],
      ['SUCCESS', { required: true }],
    ]);
  });
});

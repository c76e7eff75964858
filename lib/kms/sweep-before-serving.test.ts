import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { describeKey } from './describe-key';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { sweepBeforeServing } from './sweep-before-serving';
import { createTestContext, principal, seedImportedMaterial } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const HOUR = 3_600_000;

describe('sweepBeforeServing (start-up, before any request)', () => {
  it('removes every expired material and purges every due key, batch after batch, each audited once', async () => {
    const t = createTestContext();
    const expiring: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await createKey(t.ctx, { actor: admin, alias: `expiring-${i}`, origin: 'EXTERNAL' });
      await seedImportedMaterial({ ctx: t.ctx, keyId: id, expiresAt: new Date(t.clock.now().getTime() + HOUR) });
      expiring.push(id);
    }
    const due: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await createKey(t.ctx, { actor: admin, alias: `due-${i}`, origin: 'KMS' });
      await scheduleKeyDeletion(t.ctx, { actor: admin, keyId: id, pendingWindowInDays: 7 });
      due.push(id);
    }
    const kept = await createKey(t.ctx, { actor: admin, alias: 'kept', origin: 'KMS' });
    // Stopped (or shelved as a backup) for longer than both: nothing ran meanwhile.
    t.clock.advance({ days: 8 });

    // A batch of one: three rounds each, proving the sweep goes on until a round comes back short.
    const result = await sweepBeforeServing(t.ctx, { batch: 1 });

    expect(result.expiredKeyIds.sort()).toEqual([...expiring].sort());
    expect(result.purgedKeyIds.sort()).toEqual([...due].sort());
    for (const id of expiring) {
      expect(await t.store.findKey(id)).toMatchObject({ state: 'PENDING_IMPORT', materialCiphertext: null });
    }
    for (const id of due) expect(await t.store.findKey(id)).toBeNull();
    expect((await describeKey(t.ctx, { actor: admin, keyRef: kept.id })).state).toBe('ENABLED');
    const audits = (action: string) => t.store.audit.filter((e) => e.action === action && e.result === 'SUCCESS').map((e) => e.keyId);
    expect(audits('ExpireKeyMaterial').sort()).toEqual([...expiring].sort());
    expect(audits('PurgeKey').sort()).toEqual([...due].sort());
    // A second start finds nothing left.
    expect(await sweepBeforeServing(t.ctx, { batch: 1 })).toEqual({ expiredKeyIds: [], purgedKeyIds: [] });
  });

  it('throws when the store fails, so start-up stops instead of serving', async () => {
    const t = createTestContext();
    t.store.findKeyIdsWithExpiredMaterial = () => Promise.reject(new Error('database unreachable'));
    await expect(sweepBeforeServing(t.ctx)).rejects.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { disableKey } from './disable-key';
import { disableKeyRotation } from './disable-key-rotation';
import { enableKey } from './enable-key';
import { enableKeyRotation } from './enable-key-rotation';
import { getKeyRotationStatus } from './get-key-rotation-status';
import { SYSTEM_PRINCIPAL } from './principals';
import { rotateDueKeys } from './rotate-due-keys';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createVersionFixture, type TVersionFixture } from './testing/material-version-fixture';
import { barrier, codeOf, principal } from './testing/test-context';

// SPEC §11: automatic rotation of generated keys, off by default, every 90–2560 days (default 365).

const admin = principal('ADMINISTRATOR');
const DAY = 86_400_000;
const job = (f: TVersionFixture) => rotateDueKeys(f.ctx, { actor: SYSTEM_PRINCIPAL });
const status = (f: TVersionFixture, keyId: string) => getKeyRotationStatus(f.ctx, { actor: admin, keyId });
const daysFrom = (start: Date, days: number) => new Date(start.getTime() + days * DAY);

describe('enable, disable and status', () => {
  it('is off for a new generated key; enabling defaults to 365 days and schedules the first rotation a period from now', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    expect(await status(f, keyId)).toEqual({
      keyId,
      enabled: false,
      rotationPeriodDays: null,
      nextRotationAt: null,
      onDemandRotationStartDate: null,
      rotationCount: 0,
      lastRotatedAt: null,
    });
    await enableKeyRotation(f.ctx, { actor: admin, keyId });
    expect(await status(f, keyId)).toMatchObject({ enabled: true, rotationPeriodDays: 365, nextRotationAt: daysFrom(f.clock.now(), 365) });
    expect(f.store.audit.at(-1)).toMatchObject({ action: 'EnableKeyRotation', result: 'SUCCESS', details: { rotationPeriodInDays: 365 } });
    await disableKeyRotation(f.ctx, { actor: admin, keyId });
    expect(await status(f, keyId)).toMatchObject({ enabled: false, rotationPeriodDays: null, nextRotationAt: null });
  });

  it('counts rotations, automatic and on demand, and dates the latest', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    await rotateKeyOnDemand(f.ctx, { actor: admin, keyId });
    f.clock.advance({ days: 3 });
    const second = f.clock.now();
    await rotateKeyOnDemand(f.ctx, { actor: principal('ADMINISTRATOR', 'admin@example.test', { authenticatedAt: second }), keyId });
    expect(await status(f, keyId)).toMatchObject({ rotationCount: 2, lastRotatedAt: second });
  });

  it.each([90, 2560])('accepts a period of %d days', async (rotationPeriodInDays) => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    await enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays });
    expect((await status(f, keyId)).nextRotationAt).toEqual(daysFrom(f.clock.now(), rotationPeriodInDays));
  });

  it.each([89, 2561, 365.5])('refuses a period of %d days (VALIDATION)', async (rotationPeriodInDays) => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    expect(await codeOf(enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays }))).toBe('VALIDATION');
    expect((await status(f, keyId)).enabled).toBe(false);
  });

  it('changing the period keeps the last rotation as the start', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    const start = f.clock.now();
    await enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays: 365 });
    f.clock.advance({ days: 30 });
    await enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays: 100 });
    expect((await status(f, keyId)).nextRotationAt).toEqual(daysFrom(start, 100));
  });

  it('is UNSUPPORTED for imported keys and DISABLED for a disabled key; reads as off while pending deletion', async () => {
    const f = createVersionFixture();
    const { keyId: imported } = await f.importedKey();
    expect(await codeOf(enableKeyRotation(f.ctx, { actor: admin, keyId: imported }))).toBe('UNSUPPORTED');
    expect((await status(f, imported)).enabled).toBe(false);
    const disabled = await f.generatedKey();
    await disableKey(f.ctx, { actor: admin, keyId: disabled });
    expect(await codeOf(enableKeyRotation(f.ctx, { actor: admin, keyId: disabled }))).toBe('DISABLED');
    const deleting = await f.generatedKey();
    await enableKeyRotation(f.ctx, { actor: admin, keyId: deleting });
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId: deleting, pendingWindowInDays: 7 });
    expect(await status(f, deleting)).toMatchObject({ enabled: false, nextRotationAt: null });
  });
});

describe('rotateDueKeys (the job)', () => {
  it('rotates exactly at nextRotationAt, once, and moves the next rotation a period on', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    await enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays: 90 });
    const due = daysFrom(f.clock.now(), 90);
    f.clock.set(new Date(due.getTime() - 1));
    expect(await job(f)).toEqual({ rotatedKeyIds: [] });
    f.clock.set(due);
    expect(await job(f)).toEqual({ rotatedKeyIds: [keyId] });
    expect(await job(f)).toEqual({ rotatedKeyIds: [] });
    expect(await f.versions(keyId)).toEqual([
      expect.objectContaining({ sequence: 1, state: 'NON_CURRENT' }),
      expect.objectContaining({ sequence: 2, state: 'CURRENT', rotationType: 'AUTOMATIC', rotationDate: due }),
    ]);
    expect((await status(f, keyId)).nextRotationAt).toEqual(daysFrom(due, 90));
    const audits = f.store.audit.filter((e) => e.action === 'RotateKey' && e.keyId === keyId);
    expect(audits).toEqual([expect.objectContaining({ result: 'SUCCESS', actorType: 'system', details: expect.objectContaining({ rotationType: 'AUTOMATIC', materialVersion: 2 }) })]);
  });

  it('does not rotate a disabled key; it rotates at the first run after it is enabled again', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    await enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays: 90 });
    await disableKey(f.ctx, { actor: admin, keyId });
    f.clock.advance({ days: 100 });
    expect(await job(f)).toEqual({ rotatedKeyIds: [] });
    expect(await f.shape(keyId)).toEqual([[1, 'CURRENT']]);
    await enableKey(f.ctx, { actor: admin, keyId });
    expect(await job(f)).toEqual({ rotatedKeyIds: [keyId] });
    expect((await status(f, keyId)).nextRotationAt).toEqual(daysFrom(f.clock.now(), 90));
  });

  it('does not rotate keys whose rotation was disabled, nor keys pending deletion', async () => {
    const f = createVersionFixture();
    const [off, deleting] = [await f.generatedKey(), await f.generatedKey()];
    for (const keyId of [off, deleting]) await enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays: 90 });
    await disableKeyRotation(f.ctx, { actor: admin, keyId: off });
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId: deleting, pendingWindowInDays: 30 });
    f.clock.advance({ days: 91 });
    expect(await job(f)).toEqual({ rotatedKeyIds: [] });
  });

  it('automatic rotations do not count towards the 25 rotations on demand', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    await enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays: 90 });
    f.clock.advance({ days: 90 });
    await job(f);
    const fresh = principal('ADMINISTRATOR', undefined, { authenticatedAt: f.clock.now() });
    for (let i = 0; i < 25; i++) await rotateKeyOnDemand(f.ctx, { actor: fresh, keyId });
    expect(await codeOf(rotateKeyOnDemand(f.ctx, { actor: fresh, keyId }))).toBe('LIMIT_EXCEEDED');
    expect(await f.versions(keyId)).toHaveLength(27);
  });

  it('rotates at most `limit` keys a run, the longest overdue first; the next run takes the rest', async () => {
    const f = createVersionFixture();
    const keyIds: string[] = [];
    for (const period of [92, 90, 91]) {
      const keyId = await f.generatedKey();
      await enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays: period });
      keyIds.push(keyId);
    }
    f.clock.advance({ days: 92 });
    expect(await rotateDueKeys(f.ctx, { actor: SYSTEM_PRINCIPAL, limit: 2 })).toEqual({ rotatedKeyIds: [keyIds[1], keyIds[2]] });
    expect(await rotateDueKeys(f.ctx, { actor: SYSTEM_PRINCIPAL, limit: 2 })).toEqual({ rotatedKeyIds: [keyIds[0]] });
  });

  it('two jobs racing on one due key rotate it once, with one audit record', async () => {
    const f = createVersionFixture();
    const keyId = await f.generatedKey();
    await enableKeyRotation(f.ctx, { actor: admin, keyId, rotationPeriodInDays: 90 });
    f.clock.advance({ days: 90 });
    // Both have read the key and planned the rotation before either makes its conditional update.
    f.store.hooks.updateKey = barrier(2);
    const runs = await Promise.all([job(f), job(f)]);
    expect(runs.flatMap((run) => run.rotatedKeyIds)).toEqual([keyId]);
    expect(await f.shape(keyId)).toEqual([[1, 'NON_CURRENT'], [2, 'CURRENT']]);
    expect(f.store.audit.filter((e) => e.action === 'RotateKey' && e.keyId === keyId)).toHaveLength(1);
  });
});

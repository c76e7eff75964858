import { beforeAll, expect, it } from 'vitest';
import { resolveDatabaseTarget } from '@/lib/db/target';
import {
  createAccessKey,
  ensureBootstrapAccessKey,
  listAccessKeys,
  listAuditEvents,
  recordAccessKeyUse,
  resolveAccessKey,
  revokeAccessKey,
  ACCESS_KEY_USE_INTERVAL_MS,
} from '@/lib/kms';
import type { FakeClock } from '@/lib/kms/testing/fake-clock';
import type { AccessKeyRecord } from '@/lib/kms/types';
import { forEachDatabase } from './support/databases';
import { newClock, newKeyring, outcome, startWorkers, type Worker } from './support/domain-context';
import { auditEvent, freshActor, TEST_ACTOR as actor } from './support/keys';
import { queryRows } from './support/raw-sql';

let sequence = 0;
/** IDs unique across the suite's rounds and providers, in the AWS shape. */
const newId = () => `ITEST${String(Date.now()).slice(-8)}${String(++sequence).padStart(7, '0')}`;

const record = (overrides: Partial<AccessKeyRecord> = {}): AccessKeyRecord => ({
  id: newId(),
  secretCiphertext: new Uint8Array([1, 2, 3, 250]),
  role: 'KEY_USER',
  ownerName: 'owner@example.com',
  ownerUserId: 'user-1',
  description: 'ci',
  createdAt: new Date('2030-01-01T00:00:00.123Z'),
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});

forEachDatabase('access key store', (db) => {
  let workers: Worker[];
  let clock: FakeClock;
  const a = () => workers[0]!.ctx;
  const b = () => workers[1]!.ctx;
  const successes = async (action: string, accessKeyId: string) =>
    (await listAuditEvents(a(), { actor, action: action as 'CreateAccessKey', pageSize: 100 })).items.filter(
      (e) => e.result === 'SUCCESS' && e.details?.accessKeyId === accessKeyId,
    );

  beforeAll(async () => {
    clock = newClock();
    workers = await startWorkers(db(), 2, clock, newKeyring());
    // Keys act for their owner only while the owner exists and is active (SPEC §9): the test actor is a person.
    const now = clock.now();
    await db().database.prisma.user.create({
      data: { id: actor.id, email: actor.name, name: 'Test administrator', role: actor.role, createdAt: now, updatedAt: now },
    });
  });

  it('stores and reads back every field; a taken ID inserts nothing and writes no audit record', async () => {
    const store = db().accessKeys;
    const row = record({ lastUsedAt: new Date('2030-01-02T00:00:00.456Z') });
    const audit = auditEvent({ action: 'CreateAccessKey', details: { accessKeyId: row.id } });
    expect(await store.insertAccessKey(row, audit)).toBe(true);
    expect(await store.findAccessKey(row.id)).toEqual(row);
    expect(await store.insertAccessKey({ ...row, role: 'ADMINISTRATOR' }, audit)).toBe(false);
    expect((await store.findAccessKey(row.id))?.role).toBe('KEY_USER');
    expect(await successes('CreateAccessKey', row.id)).toHaveLength(1);
    expect(await store.findAccessKey('NOSUCHACCESSKEY0001')).toBeNull();
  });

  it('lets one of two instances inserting the same ID at once win, with one audit record', async () => {
    for (let round = 0; round < 5; round++) {
      const id = newId();
      const audit = auditEvent({ action: 'CreateAccessKey', details: { accessKeyId: id } });
      const results = await Promise.all([a(), b()].map((ctx) => ctx.accessKeys.insertAccessKey(record({ id }), audit)));
      expect(results.sort()).toEqual([false, true]);
      expect(await successes('CreateAccessKey', id)).toHaveLength(1);
    }
  });

  it('keeps only the sealed secret in the database, which resolves to the secret handed out', async () => {
    const { accessKey, secretAccessKey } = await createAccessKey(a(), { actor, role: 'KEY_USER' });
    const target = resolveDatabaseTarget(db().options);
    const rows = await queryRows<{ secretCiphertext: Uint8Array }>(target, `SELECT "secretCiphertext" FROM "AccessKey" WHERE "id" = '${accessKey.id}'`);
    const stored = Buffer.from(rows[0]!.secretCiphertext);
    expect(stored.length).toBeGreaterThan(secretAccessKey.length); // control: the column holds the sealed value
    for (const needle of [secretAccessKey, Buffer.from(secretAccessKey).toString('hex'), Buffer.from(secretAccessKey).toString('base64')]) {
      expect(stored.toString('latin1').includes(needle)).toBe(false);
    }
    const audit = JSON.stringify(await queryRows(target, 'SELECT * FROM "AuditEvent"'));
    expect(audit.includes(secretAccessKey)).toBe(false);
    // Another instance, same root key: the secret comes back only through resolveAccessKey.
    expect((await resolveAccessKey(b(), { accessKeyId: accessKey.id }))?.secret.toString('utf8')).toBe(secretAccessKey);
  });

  it('two instances revoking one key at once: exactly one succeeds, with exactly one audit record', async () => {
    for (let round = 0; round < 5; round++) {
      const { accessKey } = await createAccessKey(a(), { actor, role: 'KEY_USER' });
      const outcomes = await Promise.all([a(), b()].map((ctx) => outcome(revokeAccessKey(ctx, { actor, accessKeyId: accessKey.id }))));
      expect(outcomes.sort()).toEqual(['INVALID_STATE', 'OK']);
      expect(await successes('RevokeAccessKey', accessKey.id)).toHaveLength(1);
      expect(await db().accessKeys.findAccessKey(accessKey.id)).toMatchObject({ secretCiphertext: null, revokedAt: clock.now() });
      expect(await resolveAccessKey(b(), { accessKeyId: accessKey.id })).toBeNull();
    }
  });

  it('records use at most once per interval, across instances, and never on a revoked key', async () => {
    const { accessKey } = await createAccessKey(a(), { actor, role: 'KEY_USER' });
    const first = clock.advance({ seconds: 1 });
    await Promise.all([a(), b(), a(), b()].map((ctx) => recordAccessKeyUse(ctx, { accessKeyId: accessKey.id })));
    const lastUsed = async () => (await db().accessKeys.findAccessKey(accessKey.id))?.lastUsedAt;
    expect(await lastUsed()).toEqual(first);
    clock.advance({ ms: ACCESS_KEY_USE_INTERVAL_MS - 1 });
    await recordAccessKeyUse(b(), { accessKeyId: accessKey.id });
    expect(await lastUsed()).toEqual(first);
    const due = clock.advance({ ms: 1 });
    await recordAccessKeyUse(b(), { accessKeyId: accessKey.id });
    expect(await lastUsed()).toEqual(due);
    await revokeAccessKey(a(), { actor, accessKeyId: accessKey.id });
    clock.advance({ hours: 1 });
    await recordAccessKeyUse(a(), { accessKeyId: accessKey.id });
    expect(await lastUsed()).toEqual(due);
  });

  it('lists newest first, revoked keys included', async () => {
    // Past every row other tests inserted at a fixed instant, whichever of them ran.
    clock.advance({ hours: 24 });
    const older = await createAccessKey(a(), { actor: freshActor(clock), role: 'AUDITOR' });
    clock.advance({ seconds: 1 });
    const newer = await createAccessKey(b(), { actor: freshActor(clock), role: 'KEY_MANAGER' });
    await revokeAccessKey(a(), { actor, accessKeyId: older.accessKey.id });
    const listed = (await listAccessKeys(a(), { actor })).map((k) => [k.id, k.status]);
    expect(listed.slice(0, 2)).toEqual([
      [newer.accessKey.id, 'ACTIVE'],
      [older.accessKey.id, 'REVOKED'],
    ]);
  });

  it('bootstraps once when two instances start together, and finds the key on the next start', async () => {
    const settings = { accessKeyId: newId(), secretAccessKey: 'bootstrap-secret-for-integration', ownerName: 'bootstrap' };
    const results = await Promise.all([a(), b()].map((ctx) => ensureBootstrapAccessKey(ctx, settings)));
    expect(results.sort()).toEqual(['created', 'exists']);
    expect(await ensureBootstrapAccessKey(b(), settings)).toBe('exists');
    expect(await ensureBootstrapAccessKey(a(), { ...settings, secretAccessKey: 'another-secret-entirely-0000' })).toBe('exists-different-secret');
    expect(await successes('CreateAccessKey', settings.accessKeyId)).toHaveLength(1);
  });
});

// The expiry sweeper and the deletion purger run on every instance (each console runs them), here every
// 250 ms on three instances, so they race for the same keys all the time. Each expired key and each key due
// for deletion must be handled exactly once: one audit record each, never two, none missing.
import { ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster, TEST_POSTGRES_URL } from './support/cluster';
import { createExternalKey, createKey, importCommand, importParameters, newMaterial, waitUntil } from './support/kms';

const KEYS = 6;
// lib/server/job-runner.ts accepts intervals from 100 ms; 250 ms keeps three instances' jobs overlapping
// without starving the machine.
const JOB_INTERVAL_MS = '250';
/** After the last key was handled, this long for a second (wrong) handling to show up: many job runs. */
const SETTLE_MS = 2_000;

if (!TEST_POSTGRES_URL) console.warn('[cluster] skipped: set TEST_POSTGRES_URL to run several instances on PostgreSQL.');

describe.skipIf(!TEST_POSTGRES_URL)('background jobs on three instances', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({
      instances: 3,
      env: { KEYFORT_SWEEP_INTERVAL_MS: JOB_INTERVAL_MS, KEYFORT_PURGE_INTERVAL_MS: JOB_INTERVAL_MS },
    });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  const auditCounts = async (action: string, keyIds: string[]) => {
    const rows = await cluster.sql<{ keyId: string; records: string }>(
      `SELECT "keyId", count(*) AS records FROM "AuditEvent" WHERE action = $1 AND result = 'SUCCESS' AND "keyId" = ANY($2) GROUP BY "keyId"`,
      [action, keyIds],
    );
    return Object.fromEntries(keyIds.map((id) => [id, Number(rows.find((row) => row.keyId === id)?.records ?? 0)]));
  };
  const once = (keyIds: string[]) => Object.fromEntries(keyIds.map((id) => [id, 1]));

  it('expires material that reached its expiry exactly once (one ExpireKeyMaterial record per key), with every instance sweeping', async () => {
    const keyIds: string[] = [];
    for (let i = 0; i < KEYS; i++) {
      const { kms } = cluster.instances[i % cluster.instances.length]!;
      const keyId = await createExternalKey(kms, `expires soon ${i}`);
      const parameters = await importParameters(kms, keyId);
      // Whole seconds, as the SDK sends them; a few seconds ahead so the import itself is not refused.
      const validTo = new Date((Math.floor(Date.now() / 1000) + 5) * 1000);
      await kms.send(importCommand(keyId, parameters, newMaterial(), { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo }));
      keyIds.push(keyId);
    }
    await waitUntil(async () => Object.values(await auditCounts('ExpireKeyMaterial', keyIds)).every((count) => count >= 1), {
      withinMs: 30_000,
      everyMs: 250,
      what: 'every key swept',
    });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    expect(await auditCounts('ExpireKeyMaterial', keyIds)).toEqual(once(keyIds));
    const states = await cluster.sql<{ state: string; material: boolean }>(
      `SELECT state, "materialCiphertext" IS NOT NULL AS material FROM "Key" WHERE id = ANY($1)`,
      [keyIds],
    );
    expect(states).toEqual(keyIds.map(() => ({ state: 'PENDING_IMPORT', material: false })));
  });

  it('purges keys whose deletion date passed exactly once (one PurgeKey record per key), with every instance purging', async () => {
    const keyIds: string[] = [];
    for (let i = 0; i < KEYS; i++) {
      const { kms } = cluster.instances[i % cluster.instances.length]!;
      const keyId = await createKey(kms, `deleted soon ${i}`);
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
      keyIds.push(keyId);
    }
    // Seven days pass at once for all of them: every instance's next purge run finds them all due.
    await cluster.sql(`UPDATE "Key" SET "deletionDate" = (now() AT TIME ZONE 'UTC') - interval '1 minute' WHERE id = ANY($1)`, [keyIds]);
    await waitUntil(async () => (await cluster.sql(`SELECT 1 FROM "Key" WHERE id = ANY($1)`, [keyIds])).length === 0, {
      withinMs: 30_000,
      everyMs: 250,
      what: 'every due key purged',
    });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    expect(await auditCounts('PurgeKey', keyIds)).toEqual(once(keyIds));
  });
});

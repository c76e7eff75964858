import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createImportFixture, expiresAt } from '@/lib/kms/testing/import-fixture';
import { JOB_DEFINITIONS, startBackgroundJobs } from './background-jobs';
import type { TJob } from './job-runner';

let jobs: TJob[] = [];
afterEach(async () => {
  await Promise.all(jobs.map((job) => job.stop()));
  jobs = [];
});

describe('material expiry sweeper job', () => {
  it('runs every KEYFORT_SWEEP_INTERVAL_MS and moves a key with expired material to Pending import on its own', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const p = await f.parameters(keyId);
    await f.importWith(p, f.wrap(p, randomBytes(32)), expiresAt(new Date(f.clock.now().getTime() + 1000)));
    f.clock.advance({ seconds: 1 });
    jobs = startBackgroundJobs({ ctx: f.ctx, env: { KEYFORT_SWEEP_INTERVAL_MS: '100' } });
    const deadline = Date.now() + 5_000;
    while ((await f.store.findKey(keyId))?.state !== 'PENDING_IMPORT' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await f.store.findKey(keyId)).toMatchObject({ state: 'PENDING_IMPORT', materialCiphertext: null });
    expect(f.store.audit.filter((e) => e.action === 'ExpireKeyMaterial')).toHaveLength(1);
  });

  it('defaults to 30 s, so expired material goes within the minute SPEC §5 allows', () => {
    const sweeper = JOB_DEFINITIONS.find((job) => job.intervalEnv === 'KEYFORT_SWEEP_INTERVAL_MS');
    expect(sweeper?.defaultIntervalMs).toBe(30_000);
  });

  it('refuses a malformed interval before starting any job', () => {
    const f = createImportFixture();
    expect(() => startBackgroundJobs({ ctx: f.ctx, env: { KEYFORT_SWEEP_INTERVAL_MS: 'soon' } })).toThrow(/KEYFORT_SWEEP_INTERVAL_MS/);
  });
});

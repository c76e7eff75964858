import { afterEach, describe, expect, it, vi } from 'vitest';
import { KmsError } from '@/lib/kms';
import { capturingLogger } from './capturing-logger';
import { intervalFromEnv, startJob, type TJob } from './job-runner';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('startJob', () => {
  const jobs: TJob[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(jobs.splice(0).map((job) => job.stop()));
  });

  it('skips a tick while the previous run is still going, then runs again', async () => {
    const gate = deferred();
    let runs = 0;
    const job = startJob({ name: 't', intervalMs: 60_000, run: async () => { runs++; await gate.promise; } });
    jobs.push(job);
    const first = job.tick();
    expect(await job.tick()).toBe('skipped');
    gate.resolve();
    expect(await first).toBe('ran');
    expect(await job.tick()).toBe('ran');
    expect(runs).toBe(2);
  });

  it('tells the observer each tick’s outcome: ran, skipped, failed', async () => {
    const gate = deferred();
    const outcomes: string[] = [];
    let fail = false;
    const job = startJob({ name: 't', intervalMs: 60_000, logger: capturingLogger().logger, observe: (outcome) => outcomes.push(outcome), run: async () => { await gate.promise; if (fail) throw new Error('boom'); } });
    jobs.push(job);
    const first = job.tick();
    await job.tick();
    gate.resolve();
    await first;
    fail = true;
    await job.tick();
    expect(outcomes).toEqual(['skipped', 'ran', 'failed']);
  });

  it('runs on its interval', async () => {
    vi.useFakeTimers();
    let runs = 0;
    jobs.push(startJob({ name: 't', intervalMs: 1000, run: async () => { runs++; } }));
    await vi.advanceTimersByTimeAsync(3500);
    expect(runs).toBe(3);
  });

  it('logs a failure without the error message of a non-domain error, and keeps running', async () => {
    const { logger, lines, records } = capturingLogger('debug');
    let calls = 0;
    const job = startJob({
      name: 'purge',
      intervalMs: 60_000,
      logger: logger.child({ component: 'purge' }),
      run: async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('INSERT … VALUES (x\'c0ffee-material\')'), { code: 'P2010' });
        if (calls === 2) throw new KmsError('INVALID_STATE', 'Key is not pending deletion.');
      },
    });
    jobs.push(job);
    expect(await job.tick()).toBe('failed');
    expect(await job.tick()).toBe('failed');
    expect(await job.tick()).toBe('ran');
    expect(records().map(({ level, component, operation, result, msg }) => ({ level, component, operation, result, msg }))).toEqual([
      { level: 'error', component: 'purge', operation: 'purge', result: 'failed', msg: 'background job purge failed: Error P2010' },
      { level: 'error', component: 'purge', operation: 'purge', result: 'failed', msg: 'background job purge failed: KmsError INVALID_STATE: Key is not pending deletion.' },
      { level: 'debug', component: 'purge', operation: 'purge', result: 'ran', msg: 'background job purge ran' },
    ]);
    expect(lines.join('')).not.toContain('c0ffee');
  });

  it('catches a run that throws synchronously', async () => {
    const { logger, lines } = capturingLogger();
    const job = startJob({ name: 't', intervalMs: 60_000, logger, run: (() => { throw new TypeError('boom'); }) as never });
    jobs.push(job);
    expect(await job.tick()).toBe('failed');
    expect(lines).toHaveLength(1);
  });

  it('stop() waits for the run in progress and ends the timer', async () => {
    vi.useFakeTimers();
    const gate = deferred();
    let finished = false;
    let runs = 0;
    const job = startJob({ name: 't', intervalMs: 1000, run: async () => { runs++; await gate.promise; finished = true; } });
    void job.tick();
    const stopped = job.stop();
    gate.resolve();
    await stopped;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
  });
});

describe('intervalFromEnv', () => {
  it('uses the default when unset and the value when valid', () => {
    expect(intervalFromEnv({ env: {}, name: 'KEYFORT_PURGE_INTERVAL_MS', defaultMs: 60_000 })).toBe(60_000);
    expect(intervalFromEnv({ env: { KEYFORT_PURGE_INTERVAL_MS: '1000' }, name: 'KEYFORT_PURGE_INTERVAL_MS', defaultMs: 60_000 })).toBe(1000);
  });

  it('refuses malformed or too-small intervals, naming the variable', () => {
    for (const raw of ['abc', '0', '-5', '1.5', '99']) {
      expect(() => intervalFromEnv({ env: { X_MS: raw }, name: 'X_MS', defaultMs: 1 })).toThrow(/X_MS/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createReadinessCheck, livenessAnswer, readinessAnswer, type TReadinessProbes } from './health';

function probes(overrides: Partial<TReadinessProbes> = {}): TReadinessProbes {
  return { database: async () => undefined, migrationsApplied: async () => true, shuttingDown: () => false, ...overrides };
}

const never = () => new Promise<never>(() => undefined);

describe('readiness', () => {
  it('is ready when the database answers, every migration is applied and no shutdown began', async () => {
    expect(await createReadinessCheck({ probes: probes() })()).toEqual({ ready: true, failed: null });
  });

  it('names the database when it refuses, without asking about migrations', async () => {
    let asked = false;
    const check = createReadinessCheck({
      probes: probes({ database: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2')), migrationsApplied: async () => (asked = true) }),
    });
    expect(await check()).toEqual({ ready: false, failed: 'database' });
    expect(asked).toBe(false);
  });

  it('names the database when it does not answer within the bound', async () => {
    expect(await createReadinessCheck({ probes: probes({ database: never }), timeoutMs: 20 })()).toEqual({ ready: false, failed: 'database' });
    expect(await createReadinessCheck({ probes: probes({ migrationsApplied: never }), timeoutMs: 20 })()).toEqual({ ready: false, failed: 'database' });
  });

  it('names migrations when one this build ships is missing, or the history cannot be read', async () => {
    expect(await createReadinessCheck({ probes: probes({ migrationsApplied: async () => false }) })()).toEqual({ ready: false, failed: 'migrations' });
    const unreadable = probes({ migrationsApplied: () => Promise.reject(new Error('no such table: _prisma_migrations')) });
    expect(await createReadinessCheck({ probes: unreadable })()).toEqual({ ready: false, failed: 'migrations' });
  });

  it('names shutting-down once a shutdown began, even while the database answers', async () => {
    let shuttingDown = false;
    const check = createReadinessCheck({ probes: probes({ shuttingDown: () => shuttingDown }) });
    expect((await check()).ready).toBe(true);
    shuttingDown = true;
    expect(await check()).toEqual({ ready: false, failed: 'shutting-down' });
  });

  it('lets a shutdown that begins during the check win', async () => {
    let shuttingDown = false;
    const check = createReadinessCheck({ probes: probes({ shuttingDown: () => shuttingDown, database: async () => void (shuttingDown = true) }) });
    expect(await check()).toEqual({ ready: false, failed: 'shutting-down' });
  });

  it('shares one database check between concurrent probes', async () => {
    let queries = 0;
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const check = createReadinessCheck({ probes: probes({ database: () => ((queries += 1), answered) }) });
    const all = Promise.all([check(), check(), check()]);
    answer();
    expect((await all).map((result) => result.ready)).toEqual([true, true, true]);
    expect(queries).toBe(1);
    // Once answered, the next probe asks again: readiness is never served from a cache.
    await check();
    expect(queries).toBe(2);
  });
});

describe('probe answers', () => {
  it('liveness is 200 {"status":"ok"}, not cached', () => {
    expect(livenessAnswer()).toEqual({ status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: '{"status":"ok"}' });
  });

  it('unreadiness is 503 naming the failed check and nothing else', () => {
    const answer = readinessAnswer({ ready: false, failed: 'migrations' });
    expect({ status: answer.status, body: JSON.parse(answer.body), cache: answer.headers['cache-control'] }).toEqual({
      status: 503,
      body: { status: 'unavailable', failed: 'migrations' },
      cache: 'no-store',
    });
  });
});

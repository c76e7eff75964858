import { describe, expect, it, vi } from 'vitest';
import { createApiActors, createCredentialCache, createPerKeyThrottle } from './credentials';

const credential = { principal: { type: 'access-key' as const, id: 'KF1', name: 'ops', role: 'KEY_USER' as const }, secretAccessKey: 's' };

describe('credential cache', () => {
  it('serves a lookup for 500 ms from when it started, then looks up again', async () => {
    let now = 0;
    const resolve = vi.fn(async () => credential);
    const cache = createCredentialCache({ resolve, now: () => now });
    await cache.get('KF1');
    now = 499;
    expect(cache.peek('KF1')).toBe(credential);
    await cache.get('KF1');
    expect(resolve).toHaveBeenCalledTimes(1);
    now = 500;
    expect(cache.peek('KF1')).toBeUndefined();
    await cache.get('KF1');
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('counts lookups answered from memory as hits and lookups that went to the store as misses', async () => {
    let now = 0;
    const cache = createCredentialCache({ resolve: async () => credential, now: () => now });
    expect(cache.peek('KF1')).toBeUndefined();
    await Promise.all([cache.get('KF1'), cache.get('KF1')]);
    expect(cache.peek('KF1')).toBe(credential);
    now = 500;
    await cache.get('KF1');
    expect(cache.stats()).toEqual({ hits: 2, misses: 2 });
  });

  it('shares one lookup between concurrent requests and does not keep a failed one', async () => {
    const resolve = vi.fn().mockRejectedValueOnce(new Error('database down')).mockResolvedValue(credential);
    const cache = createCredentialCache({ resolve, now: () => 0 });
    const both = [cache.get('KF1'), cache.get('KF1')];
    await expect(Promise.all(both)).rejects.toThrow('database down');
    expect(resolve).toHaveBeenCalledTimes(1);
    await expect(cache.get('KF1')).resolves.toBe(credential);
  });

  it('forgets one access key, or all, at once: the next request looks up again', async () => {
    const resolve = vi.fn(async (id: string) => ({ ...credential, principal: { ...credential.principal, id } }));
    const cache = createCredentialCache({ resolve, now: () => 0 });
    await Promise.all([cache.get('KF1'), cache.get('KF2')]);
    cache.forget('KF1');
    expect([cache.peek('KF1'), cache.peek('KF2')?.principal.id]).toEqual([undefined, 'KF2']);
    cache.forget(null);
    expect(cache.peek('KF2')).toBeUndefined();
  });

  it('does not keep a lookup that was in flight when its access key was forgotten', async () => {
    let finish: (value: typeof credential) => void = () => {};
    const resolve = vi.fn(() => new Promise<typeof credential>((done) => (finish = done)));
    const cache = createCredentialCache({ resolve, now: () => 0 });
    const inFlight = cache.get('KF1');
    cache.forget('KF1');
    finish(credential);
    await expect(inFlight).resolves.toBe(credential);
    expect(cache.peek('KF1')).toBeUndefined();
  });

  it('refuses a TTL that would break the one-second revocation promise', () => {
    expect(() => createCredentialCache({ resolve: async () => null, ttlMs: 1000 })).toThrow(RangeError);
  });
});

describe('per-key throttle', () => {
  it('lets one event per key through per interval', () => {
    let now = 0;
    const throttle = createPerKeyThrottle({ intervalMs: 60_000, now: () => now });
    expect([throttle.take('a'), throttle.take('a'), throttle.take('b')]).toEqual([true, false, true]);
    now = 60_000;
    expect(throttle.take('a')).toBe(true);
  });

  it('bounds the keys it remembers: past the bound, new keys are refused until old ones age out', () => {
    let now = 0;
    const throttle = createPerKeyThrottle({ intervalMs: 60_000, maxKeys: 2, now: () => now });
    expect([throttle.take('a'), throttle.take('b'), throttle.take('c')]).toEqual([true, true, false]);
    now = 60_000;
    expect(throttle.take('c')).toBe(true);
  });
});

describe('API actors', () => {
  const request = (userAgent: string, clientAddress = '10.0.0.7') => ({ method: 'POST', path: '/', headers: { 'user-agent': userAgent }, body: Buffer.alloc(0), clientAddress });

  it('are the same frozen object while a credential calls from one address with one user agent, and new when either changes', () => {
    const actorFor = createApiActors('aws-api');
    const first = actorFor(credential, request('aws-sdk-js/3'), 'KF1');
    expect(first).toMatchObject({ ...credential.principal, source: { via: 'aws-api', address: '10.0.0.7', userAgent: 'aws-sdk-js/3', accessKeyId: 'KF1' } });
    expect(Object.isFrozen(first) && Object.isFrozen(first.source)).toBe(true);
    expect(actorFor(credential, request('aws-sdk-js/3'), 'KF1')).toBe(first);
    const otherAgent = actorFor(credential, request('aws-cli/2'), 'KF1');
    expect(otherAgent).not.toBe(first);
    expect(otherAgent.source?.userAgent).toBe('aws-cli/2');
    expect(actorFor(credential, request('aws-cli/2', '10.0.0.8'), 'KF1').source?.address).toBe('10.0.0.8');
  });

  it('are made afresh for a re-resolved credential (a changed owner or role reaches the next request)', () => {
    const actorFor = createApiActors('huawei-api');
    const before = actorFor(credential, request('sdk'), 'KF1');
    const promoted = { ...credential, principal: { ...credential.principal, role: 'ADMINISTRATOR' as const } };
    const after = actorFor(promoted, request('sdk'), 'KF1');
    expect(after).not.toBe(before);
    expect(after).toMatchObject({ role: 'ADMINISTRATOR', source: { via: 'huawei-api' } });
  });
});

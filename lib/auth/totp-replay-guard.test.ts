import { describe, expect, it } from 'vitest';
import { InMemoryAttemptCounters } from './attempt-counters';
import { TotpReplayGuard } from './totp-replay-guard';

describe('TotpReplayGuard', () => {
  const guard = () => new TotpReplayGuard({ counters: new InMemoryAttemptCounters(), now: () => 0 });

  it('gives a code to the first claim only, including among concurrent claims', async () => {
    const g = guard();
    const claims = await Promise.all([g.claim('u1', '123456'), g.claim('u1', '123456'), g.claim('u1', '123456')]);
    expect(claims.sort()).toEqual([false, false, true]);
    expect(await g.claim('u1', '123456')).toBe(false);
  });

  it('keeps people and codes apart', async () => {
    const g = guard();
    expect(await g.claim('u1', '123456')).toBe(true);
    expect(await g.claim('u2', '123456')).toBe(true);
    expect(await g.claim('u1', '654321')).toBe(true);
  });

  it('frees a released code (one that proved wrong) for a later claim', async () => {
    const g = guard();
    expect(await g.claim('u1', '123456')).toBe(true);
    await g.release('u1', '123456');
    expect(await g.claim('u1', '123456')).toBe(true);
  });
});

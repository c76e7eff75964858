import { describe, expect, it } from 'vitest';
import { createRestartBackoff, RESTART_BACKOFF } from './restart-backoff.mjs';

describe('restart backoff', () => {
  it('waits 1 s after a first failure, doubling with every failure in a row up to 30 s, and never gives up', () => {
    let now = 0;
    const backoff = createRestartBackoff(RESTART_BACKOFF, () => now);
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const { delayMs } = backoff.failed();
      delays.push(delayMs);
      now += delayMs + 500; // restarted, and failed again half a second later
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('starts again at 1 s after a minute of stable running since the last restart, not before', () => {
    let now = 0;
    const backoff = createRestartBackoff(RESTART_BACKOFF, () => now);
    backoff.failed();
    now = 1_000 + 59_999;
    expect(backoff.failed()).toEqual({ delayMs: 2_000, failures: 2 });
    now += 2_000 + 60_000;
    expect(backoff.failed()).toEqual({ delayMs: 1_000, failures: 1 });
  });
});

// When to restart a process that stopped on its own (an API worker, the console, the API listener).
// Plain JavaScript: scripts/start.mjs imports it without a compiler.

/**
 * 1 s after the first failure, doubling with every failure in a row, at most 30 s; a failure after a
 * minute of stable running starts again at 1 s. Never "give up": a crash loop that a restart cannot
 * fix costs one attempt every 30 s, while giving up would take down what still works (e.g. the console
 * when the API listener fails) and need a person to bring it back.
 */
export const RESTART_BACKOFF = Object.freeze({ firstDelayMs: 1_000, maxDelayMs: 30_000, stableAfterMs: 60_000 });

export function createRestartBackoff(policy = RESTART_BACKOFF, now = Date.now) {
  let failures = 0;
  let restartAt = -Infinity;
  return {
    /** Records a failure; returns how long to wait before the restart, and the failures in a row so far. */
    failed() {
      const at = now();
      if (at - restartAt >= policy.stableAfterMs) failures = 0;
      failures += 1;
      const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (failures - 1));
      restartAt = at + delayMs;
      return { delayMs, failures };
    },
  };
}

/**
 * Shared attempt counters (rate limits). In production they live in the database, so every instance counts
 * against the same budget; both operations must be atomic in the database, not read-then-write.
 */
export interface AttemptCounters {
  /**
   * Adds one to the counter (creating it at 1) and returns the new count. `expiresAtMs` is when the counter
   * stops mattering; stores may drop counters whose expiry is before `nowMs`.
   */
  increment(options: { key: string; expiresAtMs: number; nowMs: number }): Promise<number>;
  /** Takes one back, never below zero; a missing counter stays missing. */
  decrement(options: { key: string }): Promise<void>;
}

/** For unit tests: one process, so a Map is atomic enough. */
export class InMemoryAttemptCounters implements AttemptCounters {
  readonly counts = new Map<string, number>();

  async increment(options: { key: string }): Promise<number> {
    const count = (this.counts.get(options.key) ?? 0) + 1;
    this.counts.set(options.key, count);
    return count;
  }

  async decrement(options: { key: string }): Promise<void> {
    const count = this.counts.get(options.key);
    if (count !== undefined) this.counts.set(options.key, Math.max(0, count - 1));
  }
}

import { createHash } from 'node:crypto';
import type { AttemptCounters } from './attempt-counters';
import { COUNTER_KEY_PREFIX } from './attempt-limiter';

/**
 * How long a used authenticator code stays refused. The plugin accepts a code during its own 30-second step
 * and the steps either side (clock drift), so at most 90 s after it was first used; a little more for safety.
 */
export const USED_CODE_TTL_MS = 120_000;

/**
 * RFC 6238 §5.2: a code that was accepted once must not be accepted again. Better Auth's two-factor plugin
 * (1.7) does not remember used codes, so Keyfort does, in the shared attempt counters (atomic across
 * instances): the first request to claim a person's code gets it, any other is refused, even a concurrent one.
 * A claim whose code then proves wrong is released, so only accepted codes stay used.
 */
export class TotpReplayGuard {
  constructor(private readonly options: { counters: AttemptCounters; now: () => number }) {}

  private key(userId: string, code: string): string {
    const digest = createHash('sha256').update(`${userId}\n${code}`).digest('hex');
    return `${COUNTER_KEY_PREFIX}totp-used:${digest}`;
  }

  /** True when nobody used or is using this code of this person now. */
  async claim(userId: string, code: string): Promise<boolean> {
    const nowMs = this.options.now();
    const count = await this.options.counters.increment({ key: this.key(userId, code), expiresAtMs: nowMs + USED_CODE_TTL_MS, nowMs });
    if (count === 1) return true;
    await this.options.counters.decrement({ key: this.key(userId, code) });
    return false;
  }

  /** The code was not accepted (wrong, or the request failed): it was never used. */
  async release(userId: string, code: string): Promise<void> {
    await this.options.counters.decrement({ key: this.key(userId, code) });
  }
}

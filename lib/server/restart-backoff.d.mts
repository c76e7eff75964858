export interface TRestartBackoffPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
}
export declare const RESTART_BACKOFF: Readonly<TRestartBackoffPolicy>;
export interface TRestartBackoff {
  failed(): { delayMs: number; failures: number };
}
export declare function createRestartBackoff(policy?: TRestartBackoffPolicy, now?: () => number): TRestartBackoff;

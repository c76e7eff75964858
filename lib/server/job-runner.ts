import type { Logger } from 'pino';
import { describeError } from '@/lib/kms';
import { componentLogger } from './logger';

export type TTickResult = 'ran' | 'skipped' | 'failed';

export interface TJobOptions {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  /** Where its lines go (an error per failed run, a debug line per run); the process's logger by default. */
  logger?: Logger;
  /** Told the outcome of every tick, skipped ones included (metrics). */
  observe?: (result: TTickResult) => void;
}

export interface TJob {
  /** Runs once now unless the previous run is still going. Resolves when this tick is done. */
  tick(): Promise<TTickResult>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * A background job on a fixed interval that never overlaps itself: a tick that finds the previous run
 * still going is skipped, not queued. Safe to run on every instance when `run` is idempotent.
 */
export function startJob(options: TJobOptions): TJob {
  const log = options.logger ?? componentLogger(options.name);
  let running: Promise<TTickResult> | null = null;

  const observed = (result: TTickResult): TTickResult => {
    options.observe?.(result);
    return result;
  };

  const tick = (): Promise<TTickResult> => {
    if (running) return Promise.resolve(observed('skipped'));
    const started = performance.now();
    const durationMs = () => Math.round((performance.now() - started) * 100) / 100;
    // Started through a promise so that a synchronous throw is caught like a rejection.
    running = Promise.resolve()
      .then(() => options.run())
      .then(
        (): TTickResult => {
          log.debug({ operation: options.name, result: 'ran', durationMs: durationMs() }, `background job ${options.name} ran`);
          return 'ran';
        },
        (error: unknown): TTickResult => {
          // describeError: a domain refusal's message, or only the type and code of anything else (driver
          // errors can echo query arguments, sealed material included).
          const described = describeError(error);
          log.error({ operation: options.name, result: 'failed', durationMs: durationMs(), error: described }, `background job ${options.name} failed: ${described}`);
          return 'failed';
        },
      )
      .then(observed)
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void tick(), options.intervalMs);
  // The HTTP server keeps the process alive; a pending job timer alone must not.
  timer.unref();

  return {
    tick,
    async stop() {
      clearInterval(timer);
      if (running) await running;
    },
  };
}

/** A positive whole number of milliseconds from the environment, or the default. */
export function intervalFromEnv(options: {
  env: Record<string, string | undefined>;
  name: string;
  defaultMs: number;
}): number {
  const raw = options.env[options.name]?.trim();
  if (!raw) return options.defaultMs;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 100) {
    throw new Error(`${options.name} must be a whole number of milliseconds (at least 100), got "${raw}".`);
  }
  return value;
}

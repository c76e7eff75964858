import { describeError } from '@/lib/kms';

export type TTickResult = 'ran' | 'skipped' | 'failed';

export interface TJobOptions {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  /** Where failures go; console.error by default. Tests pass their own. */
  log?: (line: string) => void;
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
  const log = options.log ?? ((line: string) => console.error(line));
  let running: Promise<TTickResult> | null = null;

  const observed = (result: TTickResult): TTickResult => {
    options.observe?.(result);
    return result;
  };

  const tick = (): Promise<TTickResult> => {
    if (running) return Promise.resolve(observed('skipped'));
    // Started through a promise so that a synchronous throw is caught like a rejection.
    running = Promise.resolve()
      .then(() => options.run())
      .then(
        (): TTickResult => 'ran',
        (error: unknown): TTickResult => {
          log(`[keyfort] background job ${options.name} failed: ${describeError(error)}`);
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

import type { KmsContext } from '@/lib/kms';
import { expireKeyMaterial } from '@/lib/kms';
import { SYSTEM_PRINCIPAL } from '@/lib/kms';
import { purgeDueKeys } from '@/lib/kms';
import { backfillKeyCheckValues, rotateDueKeys } from '@/lib/kms';
import { intervalFromEnv, startJob, type TJob } from './job-runner';
import { countJobRun } from './metrics';

interface TJobDefinition {
  name: string;
  /** Environment variable holding the interval in milliseconds. */
  intervalEnv: string;
  defaultIntervalMs: number;
  run: (ctx: KmsContext) => Promise<void>;
}

/** Every periodic job. Each is idempotent and safe on several instances at once (the store decides). */
export const JOB_DEFINITIONS: readonly TJobDefinition[] = [
  {
    name: 'purge-due-keys',
    intervalEnv: 'KEYFORT_PURGE_INTERVAL_MS',
    defaultIntervalMs: 60_000,
    run: async (ctx) => {
      await purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL });
    },
  },
  {
    // SPEC §5 wants expired material gone within a minute: the default interval leaves room for a slow run.
    name: 'expire-key-material',
    intervalEnv: 'KEYFORT_SWEEP_INTERVAL_MS',
    defaultIntervalMs: 30_000,
    run: async (ctx) => {
      await expireKeyMaterial(ctx, { actor: SYSTEM_PRINCIPAL });
    },
  },
  {
    // SPEC §11: automatic rotation is due on a date, so a run every few minutes is on time to the day.
    name: 'rotate-due-keys',
    intervalEnv: 'KEYFORT_ROTATION_INTERVAL_MS',
    defaultIntervalMs: 300_000,
    run: async (ctx) => {
      await rotateDueKeys(ctx, { actor: SYSTEM_PRINCIPAL });
      // Key check values of material migrated from before versions: done once, then every run finds none.
      const { unreadable } = await backfillKeyCheckValues(ctx);
      // Thrown after the others were filled, so the job runner logs it on every run until someone looks.
      if (unreadable.length > 0) throw new Error(`Sealed key material does not open as its own version for keys ${unreadable.join(', ')}`);
    },
  },
];

/** Reads every interval first, so a malformed one stops start-up before any job runs. */
export function startBackgroundJobs(options: { ctx: KmsContext; env: Record<string, string | undefined> }): TJob[] {
  const intervals = JOB_DEFINITIONS.map((job) =>
    intervalFromEnv({ env: options.env, name: job.intervalEnv, defaultMs: job.defaultIntervalMs }),
  );
  return JOB_DEFINITIONS.map((job, index) =>
    startJob({
      name: job.name,
      intervalMs: intervals[index] ?? job.defaultIntervalMs,
      run: () => job.run(options.ctx),
      observe: (outcome) => countJobRun(job.name, outcome),
    }),
  );
}

import { bootstrapAdministrator } from '@/lib/auth/bootstrap-administrator';
import { resolveAuthEnvironment } from '@/lib/auth/auth-environment';
import { offerSetupCode } from '@/lib/auth/offer-setup-code';
import { evaluationOnlyWarning } from '@/lib/kms';
import { startBackgroundJobs } from './background-jobs';
import { sweepOnStart } from './sweep-on-start';
import { applyBootstrapAccessKey, takeBootstrapAccessKeySettings } from './bootstrap-access-key';
import { describeError } from '@/lib/kms';
import { markBackgroundStopping } from './graceful-close';
import { getKmsRuntime } from './kms-context';
import { sessionLimitsFromEnv } from './session-settings';
import { printBanner } from './banner';
import { componentLogger, logLevelFromEnv } from './logger';
import { exitOnStartupError, readSettings } from './startup-failure';

const log = componentLogger('startup');

const STARTED = Symbol.for('keyfort.started');
type Holder = { [STARTED]?: boolean };

/**
 * Runs once per server process (instrumentation.ts). Anything wrong ends the process before it serves a
 * request: status 78 for malformed settings and an unreadable or mismatched root key (`npm start` then
 * stops, restarting cannot fix them), 1 otherwise (e.g. an unreachable database: `npm start` retries).
 */
export async function startKeyfort(): Promise<void> {
  const holder = globalThis as Holder;
  if (holder[STARTED]) return;
  holder[STARTED] = true;
  try {
    // Settings first: a typo in KEYFORT_PUBLIC_URL should not surface only at the first sign-in.
    readSettings(() => logLevelFromEnv(process.env));
    const { baseURL } = readSettings(() => resolveAuthEnvironment({ env: process.env }));
    const bootstrapAccessKey = readSettings(() => takeBootstrapAccessKeySettings(process.env));
    readSettings(() => sessionLimitsFromEnv(process.env));
    const runtime = await getKmsRuntime();
    if (runtime.rootKey.evaluationOnly) {
      printBanner({ logger: log, text: evaluationOnlyWarning(runtime.rootKey), summary: 'evaluation-only root key in use (see the warning on stderr)' });
    }
    for (const warning of runtime.rootKey.warnings) log.warn(`warning: ${warning}`);
    const admin = await bootstrapAdministrator({ env: process.env });
    // Read once; leaving it in the environment would hand it to anything that reads or inherits it later.
    delete process.env.KEYFORT_ADMIN_PASSWORD;
    if (admin === 'created') log.info('administrator created from KEYFORT_ADMIN_EMAIL');
    // The one secret Keyfort prints on purpose: whoever reads the log may create the administrator. It goes
    // to stderr as a block for the person setting Keyfort up, never into a JSON line.
    const setupCode = await offerSetupCode({ publicUrl: baseURL });
    if (setupCode) printBanner({ logger: log, text: setupCode, summary: 'no administrator yet: a set-up code was printed on stderr', level: 'info' });
    if (bootstrapAccessKey) await applyBootstrapAccessKey({ ctx: runtime.ctx, settings: bootstrapAccessKey });
    await sweepOnStart(runtime.ctx);
    const jobs = startBackgroundJobs({ ctx: runtime.ctx, env: process.env });
    // Not awaited: requests are served meanwhile, and a request that finds no pair ready waits for its own.
    runtime.keyPairPool.warm().catch((error: unknown) => log.error({ error: describeError(error) }, `key pair pool: ${describeError(error)}`));
    stopOnShutdown(() => Promise.all([...jobs.map((job) => job.stop()), runtime.keyPairPool.stop(), runtime.changes.stop()]));
  } catch (error) {
    exitOnStartupError('cannot start', error);
  }
}

/**
 * Stops jobs and zeroes pooled private keys on SIGINT/SIGTERM. Whoever else listens (the HTTP server)
 * decides when to exit; if nobody does, the signal is raised again so its default action still happens.
 */
function stopOnShutdown(stop: () => Promise<unknown>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const stopped = stop().catch((error: unknown) => componentLogger('shutdown').error({ error: describeError(error) }, `shutdown: ${describeError(error)}`));
      // The front server (scripts/serve.ts) waits for this before it exits.
      markBackgroundStopping(stopped);
      void stopped.finally(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    });
  }
}

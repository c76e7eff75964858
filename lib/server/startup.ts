import { bootstrapAdministrator } from '@/lib/auth/bootstrap-administrator';
import { resolveAuthEnvironment } from '@/lib/auth/auth-environment';
import { evaluationOnlyWarning } from '@/lib/kms/crypto/root-key';
import { startBackgroundJobs } from './background-jobs';
import { describeStartupError } from './describe-error';
import { getKmsRuntime } from './kms-context';

const STARTED = Symbol.for('keyfort.started');
type Holder = { [STARTED]?: boolean };

/**
 * Runs once per server process (instrumentation.ts). Anything wrong — unreadable or mismatched root key,
 * unreachable database, malformed settings — ends the process with status 1 before it serves a request.
 */
export async function startKeyfort(): Promise<void> {
  const holder = globalThis as Holder;
  if (holder[STARTED]) return;
  holder[STARTED] = true;
  try {
    // Settings first: a typo in KEYFORT_PUBLIC_URL should not surface only at the first sign-in.
    resolveAuthEnvironment({ env: process.env });
    const runtime = await getKmsRuntime();
    if (runtime.rootKey.evaluationOnly) console.error(`\n${evaluationOnlyWarning(runtime.rootKey)}\n`);
    for (const warning of runtime.rootKey.warnings) console.error(`[keyfort] warning: ${warning}`);
    const admin = await bootstrapAdministrator({ env: process.env });
    // Read once; leaving it in the environment would hand it to anything that reads or inherits it later.
    delete process.env.KEYFORT_ADMIN_PASSWORD;
    if (admin === 'created') console.log('[keyfort] administrator created from KEYFORT_ADMIN_EMAIL');
    startBackgroundJobs({ ctx: runtime.ctx, env: process.env });
  } catch (error) {
    console.error(`[keyfort] cannot start: ${describeStartupError(error)}`);
    process.exit(1);
  }
}

import type { KmsContext } from './context';
import { expireKeyMaterial } from './expire-key-material';
import { SYSTEM_PRINCIPAL } from './principals';
import { purgeDueKeys } from './purge-due-keys';

/** As large as the jobs' inputs allow: fewer rounds when a restored backup has a long backlog. */
const DEFAULT_BATCH = 1000;

export interface TSweepBeforeServingResult {
  expiredKeyIds: string[];
  purgedKeyIds: string[];
}

/**
 * Start-up, before any listener accepts a request: runs the expiry sweeper and the deletion purge to completion
 * (batch after batch until one comes back short), at the clock's instant. A restored backup, or a process that was
 * down past an expiry or a deletion date, must not serve material or keys whose time has passed, nor leave them
 * stored until the first interval elapses. Reads already refuse expired material; this makes storage agree
 * before anyone reads. Both jobs are idempotent and conditional, so instances starting together each do a share
 * and audit every key once. Any failure is thrown: the caller must not serve.
 */
export async function sweepBeforeServing(ctx: KmsContext, options: { batch?: number } = {}): Promise<TSweepBeforeServingResult> {
  const batch = options.batch ?? DEFAULT_BATCH;
  const expiredKeyIds: string[] = [];
  for (;;) {
    const run = await expireKeyMaterial(ctx, { actor: SYSTEM_PRINCIPAL, limit: batch });
    expiredKeyIds.push(...run.expiredKeyIds);
    if (run.expiredKeyIds.length < batch) break;
  }
  // After expiry: a key pending deletion whose material also expired keeps the order the jobs would have had.
  const purgedKeyIds: string[] = [];
  for (;;) {
    const run = await purgeDueKeys(ctx, { actor: SYSTEM_PRINCIPAL, limit: batch });
    purgedKeyIds.push(...run.purgedKeyIds);
    if (run.purgedKeyIds.length < batch) break;
  }
  return { expiredKeyIds, purgedKeyIds };
}

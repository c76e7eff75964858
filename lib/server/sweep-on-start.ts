import { describeError, type KmsContext, sweepBeforeServing } from '@/lib/kms';
import { componentLogger, lineLogger } from './logger';

/**
 * The expiry sweep and deletion purge, once and to completion, before this process serves. A failure is thrown to
 * start-up, which exits 1 (npm start retries) rather than serve a restored database whose expired material or due
 * keys are still stored. Logs counts and key IDs only.
 */
export async function sweepOnStart(ctx: KmsContext, log: (line: string) => void = lineLogger(componentLogger('startup'), 'info')): Promise<void> {
  let result;
  try {
    result = await sweepBeforeServing(ctx);
  } catch (error) {
    throw new Error(`the start-up expiry sweep failed, not serving: ${describeError(error)}`, { cause: error });
  }
  const { expiredKeyIds, purgedKeyIds } = result;
  if (expiredKeyIds.length > 0) log(`start-up sweep: material expired while stopped removed from ${expiredKeyIds.length} key(s): ${expiredKeyIds.join(', ')}`);
  if (purgedKeyIds.length > 0) log(`start-up sweep: ${purgedKeyIds.length} key(s) past their deletion date purged: ${purgedKeyIds.join(', ')}`);
}

import type { KmsContext } from './context';
import { ZAccessKeyId } from './validation';

/** "Last used" is shown to the minute; recording it more often would cost a write per API request. */
export const ACCESS_KEY_USE_INTERVAL_MS = 60_000;

export interface TRecordAccessKeyUseOptions {
  accessKeyId: string;
}

/** Called after a request authenticated with the key. At most one write per key per interval, never on a revoked key. */
export async function recordAccessKeyUse(ctx: KmsContext, options: TRecordAccessKeyUseOptions): Promise<void> {
  if (!ZAccessKeyId.safeParse(options.accessKeyId).success) return;
  await ctx.accessKeys.touchAccessKey(options.accessKeyId, ctx.clock.now(), ACCESS_KEY_USE_INTERVAL_MS);
}

import { KMSServiceException } from '@aws-sdk/client-kms';

/** Settles racing calls; each outcome is 'ok' or the AWS exception name. Anything else (a fault) is rethrown. */
export async function outcomes(calls: Promise<unknown>[]): Promise<string[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) => {
    if (result.status === 'fulfilled') return 'ok';
    if (result.reason instanceof KMSServiceException) return result.reason.name;
    throw result.reason;
  });
}

import { KMSServiceException, type KMSClient } from '@aws-sdk/client-kms';
import { kmsClient } from './client';

/** Settles racing calls; each outcome is 'ok' or the AWS exception name. Anything else (a fault) is rethrown. */
export async function outcomes(calls: Promise<unknown>[]): Promise<string[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) => {
    if (result.status === 'fulfilled') return 'ok';
    if (result.reason instanceof KMSServiceException) return result.reason.name;
    throw result.reason;
  });
}

/**
 * `count` racing calls, each on its own new connection of a client used for nothing else and closed after:
 * the burst's idle connections must not linger in a shared pool, where a later call could pick one just as
 * the server's keep-alive timeout closes it (a reset, not an answer).
 */
export async function race(count: number, call: (client: KMSClient, index: number) => Promise<unknown>): Promise<string[]> {
  const client = kmsClient();
  try {
    return await outcomes(Array.from({ length: count }, (_, index) => call(client, index)));
  } finally {
    client.destroy();
  }
}

// A request signed exactly as @aws-sdk/client-kms signs it, for wrk to replay: what the throughput benches send.
import { randomBytes, randomUUID } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '@/lib/aws-api';
import type { TSignedRequest } from './wrk';

const REGION = 'us-east-1';

export interface TBenchCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A fresh access key for a bench's server (given to it as the bootstrap key). */
export function benchCredentials(): TBenchCredentials {
  return { accessKeyId: `KFBENCH${randomBytes(8).toString('hex').toUpperCase()}`.slice(0, 20), secretAccessKey: randomBytes(30).toString('base64') };
}

/** Headers as @aws-sdk/client-kms sends and signs them (nine signed headers). */
export async function signAwsRequest(credentials: TBenchCredentials, port: number, operation: string, payload: object): Promise<TSignedRequest> {
  const body = JSON.stringify(payload);
  const signer = new SignatureV4({ service: 'kms', region: REGION, credentials, sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: '/',
    query: {},
    headers: {
      host: `127.0.0.1:${port}`,
      'content-type': 'application/x-amz-json-1.1',
      'content-length': String(Buffer.byteLength(body)),
      'x-amz-target': `TrentService.${operation}`,
      'x-amz-user-agent': 'aws-sdk-js/3 keyfort-bench',
      'amz-sdk-invocation-id': randomUUID(),
      'amz-sdk-request': 'attempt=1; max=1',
    },
    body,
  });
  return { headers: signed.headers as Record<string, string>, body };
}

import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsApiRequest } from '../protocol';
import { NodeSha256 } from '../sha256';

/**
 * Which headers a client signs. `sdk`: what @aws-sdk/client-kms sends (nine signed headers, with
 * x-amz-content-sha256); `cli`: what the AWS CLI signs (content-type, host, x-amz-date, x-amz-target) and no
 * x-amz-content-sha256 at all.
 */
export type TClientStyle = 'sdk' | 'cli';

export interface TSignOptions {
  style: TClientStyle;
  accessKeyId: string;
  secretAccessKey: string;
  operation: string;
  /** JSON text, or bytes (a body that is not valid UTF-8). */
  body: string | Buffer;
  signingDate: Date;
  region?: string;
  service?: string;
  host?: string;
  path?: string;
}

/** A request as node:http would hand it to the handler, signed by the SDK's own signer. */
export async function signedRequest(options: TSignOptions): Promise<AwsApiRequest> {
  const host = options.host ?? '127.0.0.1:4000';
  const path = options.path ?? '/';
  const headers: Record<string, string> = {
    host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `TrentService.${options.operation}`,
  };
  if (options.style === 'sdk') {
    Object.assign(headers, {
      'content-length': String(Buffer.byteLength(options.body)),
      'x-amz-user-agent': 'aws-sdk-js/3.1164.0',
      'amz-sdk-invocation-id': '2c0f6c0e-8f1a-4a41-9d3e-0c5ad3f0a1b2',
      'amz-sdk-request': 'attempt=1; max=3',
    });
  }
  const signer = new SignatureV4({
    service: options.service ?? 'kms',
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    sha256: NodeSha256,
    // The SDK adds x-amz-content-sha256 and signs it; the CLI does neither.
    applyChecksum: options.style === 'sdk',
  });
  const signed = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: host.split(':')[0]!, path, query: {}, headers, body: options.body },
    { signingDate: options.signingDate },
  );
  const received: Record<string, string> = { 'user-agent': 'test', connection: 'keep-alive' };
  for (const [name, value] of Object.entries(signed.headers)) received[name.toLowerCase()] = String(value);
  return { method: 'POST', path, headers: received, body: Buffer.from(options.body) };
}

/** The names in the request's SignedHeaders, for asserting what a style signs. */
export function signedHeaderNames(request: AwsApiRequest): string[] {
  return /SignedHeaders=([^,]+)/.exec(String(request.headers.authorization))![1]!.split(';');
}

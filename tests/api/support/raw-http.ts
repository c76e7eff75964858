// Requests below the SDK: signed with the SDK's own signer (@smithy/signature-v4) and sent with node:http,
// so a test can sign with a wrong secret, at another time, or change the body after signing.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, HttpRequest, SourceData } from '@smithy/types';
import { expect, inject } from 'vitest';
import './provided';

function toBytes(data: SourceData): Buffer | string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

class NodeSha256 implements Checksum {
  #hash: Hash | Hmac;
  readonly #secret?: Buffer | string;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : toBytes(secret);
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }

  update(data: Uint8Array): void {
    this.#hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#fresh();
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface TRawRequestOptions {
  /** http://127.0.0.1:<port>/api/aws or http://127.0.0.1:<port>/ */
  endpoint: string;
  operation: string;
  /** The whole X-Amz-Target value, instead of `TrentService.<operation>`. */
  target?: string;
  /** JSON text, or bytes (for bodies that are not valid UTF-8). */
  body: string | Buffer;
  /** Omit to send no Authorization at all. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  /** The SigV4 service name; Keyfort accepts only `kms`. */
  service?: string;
  signingDate?: Date;
  /** Headers left out of SignedHeaders (the signer signs `host` and every x-amz-* header otherwise). */
  unsignableHeaders?: string[];
  /** Changes the request after it was signed (the tamper under test). */
  afterSigning?: (request: { headers: Record<string, string>; body: string | Buffer }) => void;
}

/** Sends one JSON 1.1 KMS request, signed (SigV4, service kms) unless no credentials are given. */
export async function rawKmsRequest(options: TRawRequestOptions): Promise<RawResponse> {
  const outgoing = await signedKmsRequest(options);
  options.afterSigning?.(outgoing);
  return send(new URL(options.endpoint), outgoing);
}

/** The headers (host, target, signature…) and body of a signed request, for tests that write it themselves. */
export async function signedKmsRequest(options: TRawRequestOptions): Promise<{ headers: Record<string, string>; body: string | Buffer }> {
  const url = new URL(options.endpoint);
  const unsigned: HttpRequest = {
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': options.target ?? `TrentService.${options.operation}`,
    },
    body: options.body,
  };
  let headers = unsigned.headers;
  if (options.credentials) {
    const signer = new SignatureV4({
      credentials: options.credentials,
      region: options.region ?? 'us-east-1',
      service: options.service ?? 'kms',
      sha256: NodeSha256,
    });
    const unsignableHeaders = new Set(options.unsignableHeaders ?? []);
    headers = (await signer.sign(unsigned, { signingDate: options.signingDate ?? new Date(), unsignableHeaders })).headers;
  }
  return { headers: { ...headers }, body: options.body };
}

function send(url: URL, outgoing: { headers: Record<string, string>; body: string | Buffer }): Promise<RawResponse> {
  const body = Buffer.from(outgoing.body);
  const headers = { ...outgoing.headers, 'content-length': String(body.length) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { method: 'POST', hostname: url.hostname, port: url.port, path: url.pathname, headers, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** AWS JSON 1.1 error: HTTP 400, that content type, a body of exactly {__type, message}. */
export function expectAwsError(response: RawResponse, type: string): void {
  expect({ status: response.status, type: response.json?.__type }, response.text).toEqual({ status: 400, type });
  expect(response.headers['content-type']).toMatch(/^application\/x-amz-json-1\.1\b/);
  expect(Object.keys(response.json!).sort()).toEqual(['__type', 'message']);
  expect(typeof response.json!.message).toBe('string');
  expect((response.json!.message as string).length).toBeGreaterThan(0);
}

/** A JSON 1.1 request signed with the administrator access key of the server under test. */
export function adminRequest(operation: string, body: unknown, overrides: Partial<TRawRequestOptions> = {}): Promise<RawResponse> {
  const { endpoint, accessKeyId, secretAccessKey } = inject('keyfort');
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return rawKmsRequest({ endpoint, operation, body: text, credentials: { accessKeyId, secretAccessKey }, ...overrides });
}

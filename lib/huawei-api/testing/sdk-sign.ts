// Test support: requests signed by Huawei's own Node SDK core (its AKSKSigner), turned into the plain requests
// the handler receives, as axios would put them on the wire.
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import type { HuaweiApiRequest } from '../protocol';

export interface TSdkSignInput {
  method: 'GET' | 'POST' | 'DELETE';
  /** e.g. https://kms.example.test:8443 */
  origin: string;
  /** The path as sent (already escaped where it needs to be). */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** A JSON body (the SDK hashes JSON.stringify of it, and axios sends exactly that). */
  data?: object;
  accessKeyId: string;
  secretKey: string;
}

/** Space as '+', the rest as axios's default serializer (encodeURIComponent with a few characters kept). */
export function axiosQueryString(query: Record<string, string | string[]>): string {
  const encode = (value: string) =>
    encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+').replace(/%5B/gi, '[').replace(/%5D/gi, ']');
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) parts.push(`${encode(name)}=${encode(one)}`);
  }
  return parts.join('&');
}

export function sdkSignedRequest(input: TSdkSignInput): HuaweiApiRequest {
  const credential = { getAk: () => input.accessKeyId, getSk: () => input.secretKey };
  const signed = AKSKSigner.sign(
    {
      method: input.method,
      endpoint: `${input.origin}${input.path}`,
      headers: { ...input.headers },
      queryParams: input.query,
      data: input.data,
    },
    credential as never,
  ) as Record<string, string>;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed)) headers[name.toLowerCase()] = String(value);
  const query = input.query ? axiosQueryString(input.query) : '';
  return {
    method: input.method,
    path: query ? `${input.path}?${query}` : input.path,
    headers,
    body: input.data === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(input.data), 'utf8'),
    clientAddress: '127.0.0.1',
  };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsApiError, singleHeader, type AwsApiRequest } from './protocol';
import { NodeSha256 } from './sha256';

// SigV4 verification by re-signing: the request is rebuilt from exactly the headers the client says it
// signed, with its own X-Amz-Date, and signed again by the SDK's own signer (@smithy/signature-v4), so
// canonicalisation is the same code the clients run rather than a second, hand-written copy of it.

export const SIGV4_SERVICE = 'kms';
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const CONTENT_SHA256 = 'x-amz-content-sha256';

/** What the Authorization header claims, checked for everything that needs no secret. */
export interface TSigV4Claim {
  accessKeyId: string;
  region: string;
  signedHeaders: string[];
  /** Lower-case hex, 64 characters. */
  signature: string;
  signingDate: Date;
  /** SHA-256 of the body as received, lower-case hex. */
  bodyHash: string;
}

const invalidSignature = (message: string) => new AwsApiError('InvalidSignatureException', message);

function parseAuthorization(value: string): Omit<TSigV4Claim, 'signingDate' | 'bodyHash'> & { scopeDate: string; service: string } {
  if (!value.startsWith(`${ALGORITHM} `)) throw invalidSignature(`Only ${ALGORITHM} signatures are accepted.`);
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || credential.length !== 5 || credential[4] !== 'aws4_request' || !signedHeaders || !signature) {
    throw invalidSignature('The Authorization header must carry Credential, SignedHeaders and Signature.');
  }
  const [accessKeyId, scopeDate, region, service] = credential as [string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(scopeDate) || !/^[a-z0-9-]{1,64}$/.test(region)) {
    throw invalidSignature('The credential scope is malformed.');
  }
  if (!/^[0-9a-f]{64}$/.test(signature)) throw invalidSignature('The signature must be 64 lower-case hex characters.');
  const names = signedHeaders.split(';');
  if (names.some((name) => !/^[a-z0-9-]+$/.test(name))) throw invalidSignature('SignedHeaders is malformed.');
  return { accessKeyId, scopeDate, region, service, signedHeaders: names, signature };
}

function parseAmzDate(value: string | undefined): Date {
  const match = value === undefined ? null : AMZ_DATE.exec(value);
  if (!match) throw invalidSignature('X-Amz-Date must be given as YYYYMMDDTHHMMSSZ.');
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== d) throw invalidSignature('X-Amz-Date is not a valid date.');
  return date;
}

/** The access key ID an Authorization header names, well-formed or not, for auditing a refusal. */
export function claimedAccessKeyId(request: AwsApiRequest): string | undefined {
  const authorization = singleHeader(request.headers, 'authorization');
  return authorization === undefined ? undefined : /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
}

/**
 * Reads and checks the Authorization header, X-Amz-Date and the body hash — everything that needs no
 * secret, so a refused request costs no credential lookup. Missing credentials are
 * UnrecognizedClientException; anything malformed, expired or inconsistent InvalidSignatureException.
 */
export function readSigV4Claim(request: AwsApiRequest, nowMs: number): TSigV4Claim {
  const authorization = singleHeader(request.headers, 'authorization');
  if (!authorization) throw new AwsApiError('UnrecognizedClientException', 'The request carries no AWS SigV4 Authorization header.');
  const { scopeDate, service, ...claim } = parseAuthorization(authorization);
  if (service !== SIGV4_SERVICE) throw invalidSignature(`Credential should be scoped to the correct service: '${SIGV4_SERVICE}'.`);
  if (!claim.signedHeaders.includes('host')) throw invalidSignature("SignedHeaders must include 'host'.");
  if (!claim.signedHeaders.includes('x-amz-date')) throw invalidSignature("SignedHeaders must include 'x-amz-date'.");
  // The operation is chosen by X-Amz-Target: unsigned, a captured request could be replayed as another one.
  if (!claim.signedHeaders.includes('x-amz-target')) throw invalidSignature("SignedHeaders must include 'x-amz-target'.");
  if (claim.signedHeaders.includes('authorization')) throw invalidSignature("SignedHeaders must not include 'authorization'.");
  const amzDate = singleHeader(request.headers, 'x-amz-date');
  const signingDate = parseAmzDate(amzDate);
  if (Math.abs(signingDate.getTime() - nowMs) > MAX_CLOCK_SKEW_MS) {
    throw invalidSignature('Signature expired: X-Amz-Date is more than 15 minutes away from the server time.');
  }
  if (amzDate!.slice(0, 8) !== scopeDate) throw invalidSignature('The credential scope date must be the date of X-Amz-Date.');
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  const sentHash = request.headers[CONTENT_SHA256];
  if (sentHash !== undefined && sentHash !== bodyHash) throw invalidSignature('x-amz-content-sha256 does not match the body.');
  return { ...claim, signingDate, bodyHash };
}

function splitTarget(target: string): { path: string; query: Record<string, string | string[]> } {
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw invalidSignature('The request path is not valid percent-encoding.');
  }
  const query: Record<string, string | string[]> = {};
  if (q !== -1) {
    for (const [name, value] of new URLSearchParams(target.slice(q + 1))) {
      const seen = query[name];
      query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
  }
  return { path: path || '/', query };
}

/** The signature the client should have sent, computed by @smithy/signature-v4 from what it signed. */
export async function expectedSignature(options: {
  request: AwsApiRequest;
  claim: TSigV4Claim;
  secretAccessKey: string;
}): Promise<string> {
  const { request, claim } = options;
  const headers: Record<string, string> = {};
  for (const name of claim.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw invalidSignature(`The signed header '${name}' is missing from the request.`);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // Given as a header, the signer takes the payload hash from it instead of hashing the body again; when the
  // client did not sign it, it is kept out of the canonical headers.
  headers[CONTENT_SHA256] = claim.bodyHash;
  const signedContentHash = claim.signedHeaders.includes(CONTENT_SHA256);
  const { path, query } = splitTarget(request.path);
  const signer = new SignatureV4({
    service: SIGV4_SERVICE,
    region: claim.region,
    credentials: { accessKeyId: claim.accessKeyId, secretAccessKey: options.secretAccessKey },
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: request.method, protocol: 'https:', hostname: headers.host ?? '', path, query, headers },
    {
      signingDate: claim.signingDate,
      // Whatever the client signed counts, even headers the signer would skip by default (user-agent).
      signableHeaders: new Set(claim.signedHeaders),
      unsignableHeaders: signedContentHash ? undefined : new Set([CONTENT_SHA256]),
    },
  );
  const match = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization));
  if (!match) throw new Error('The signer produced no signature');
  return match[1]!;
}

/** Throws InvalidSignatureException unless the request's signature is the one its secret produces. */
export async function verifySigV4Signature(options: { request: AwsApiRequest; claim: TSigV4Claim; secretAccessKey: string }): Promise<void> {
  const expected = Buffer.from(await expectedSignature(options), 'hex');
  const given = Buffer.from(options.claim.signature, 'hex');
  if (!timingSafeEqual(expected, given)) {
    throw invalidSignature('The request signature does not match the signature computed with the access key.');
  }
}

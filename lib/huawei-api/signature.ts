import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { keepParsedPrefixes, SIGNATURE_HEX, singleHeader } from '@/lib/aws-api';
import { HuaweiApiError, type HuaweiApiRequest } from './protocol';

// Huawei Cloud's AK/SK scheme "SDK-HMAC-SHA256", verified by recomputing the canonical request exactly as
// @huaweicloud/huaweicloud-sdk-core's AKSKSigner builds it (auth/AKSKSigner.js): no region or service
// scope, and the HMAC is keyed with the secret itself, so there is nothing derived to cache.

export const HUAWEI_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;
/** X-Sdk-Content-Sha256's value when the client did not hash the body (the SDK's choice for non-JSON bodies). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const CONTENT_SHA256 = 'x-sdk-content-sha256';

/** What the Authorization header and X-Sdk-Date claim, checked for everything that needs no secret. */
export interface THuaweiSignatureClaim {
  accessKeyId: string;
  /** Lower-case names, in the order the client listed them (the order of its canonical headers). */
  signedHeaders: string[];
  /** The same joined with `;`, as the canonical request carries them. */
  signedHeaderList: string;
  /** Lower-case hex, 64 characters. */
  signature: string;
  /** X-Sdk-Date as sent: it is part of the string to sign. */
  sdkDate: string;
  /** The body's SHA-256 in hex, or X-Sdk-Content-Sha256 (UNSIGNED-PAYLOAD) when the client sent that. */
  payloadHash: string;
}

// KMS.0301: no usable credentials at all (missing or malformed Authorization); KMS.0302: credentials that do
// not verify (unknown access key, wrong signature); KMS.0303: the signing date is missing or too far off.
const malformed = (message: string) => new HuaweiApiError('KMS.0301', message, 401);
export const signatureMismatch = () =>
  new HuaweiApiError('KMS.0302', 'The request signature does not match the signature computed with the access key.', 401);
const badDate = (message: string) => new HuaweiApiError('KMS.0303', message, 401);

type TAuthorizationFields = Pick<THuaweiSignatureClaim, 'accessKeyId' | 'signedHeaders' | 'signedHeaderList' | 'signature'>;

const parseAuthorization = keepParsedPrefixes({
  parse: (value) => parseAuthorizationFields(value),
  malformedSignature: () => malformed('The signature must be 64 lower-case hex characters.'),
});

function parseAuthorizationFields(value: string): TAuthorizationFields {
  if (!value.startsWith(`${HUAWEI_SIGNING_ALGORITHM} `)) throw malformed(`Only ${HUAWEI_SIGNING_ALGORITHM} signatures are accepted.`);
  const fields = new Map<string, string>();
  for (const part of value.slice(HUAWEI_SIGNING_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Access');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) {
    throw malformed('The Authorization header must carry Access, SignedHeaders and Signature.');
  }
  if (!SIGNATURE_HEX.test(signature)) throw malformed('The signature must be 64 lower-case hex characters.');
  const names = signedHeaders.split(';');
  if (names.some((name) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name))) throw malformed('SignedHeaders is malformed.');
  if (names.includes('authorization')) throw malformed("SignedHeaders must not include 'authorization'.");
  return { accessKeyId, signedHeaders: names, signedHeaderList: names.join(';'), signature };
}

/** The last X-Sdk-Date read and its instant: a busy client signs many requests within one second. */
let lastSdkDate: { text: string; at: number } | undefined;

function parseSdkDate(value: string | undefined): number {
  if (value !== undefined && value === lastSdkDate?.text) return lastSdkDate.at;
  const at = parseSdkDateText(value);
  lastSdkDate = { text: value!, at };
  return at;
}

function parseSdkDateText(value: string | undefined): number {
  const match = value === undefined ? null : SDK_DATE.exec(value);
  if (!match) throw badDate('X-Sdk-Date must be given as YYYYMMDDTHHMMSSZ.');
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const at = Date.UTC(y!, mo! - 1, d!, h, mi, s);
  if (Number.isNaN(at) || new Date(at).getUTCDate() !== d || h! > 23 || mi! > 59 || s! > 59) throw badDate('X-Sdk-Date is not a valid date.');
  return at;
}

/** The access key ID an Authorization header names, well-formed or not, for auditing a refusal. */
export function claimedHuaweiAccessKeyId(request: HuaweiApiRequest): string | undefined {
  const authorization = singleHeader(request.headers, 'authorization');
  return authorization === undefined ? undefined : /Access=([^,\s]+)/.exec(authorization)?.[1];
}

/**
 * Reads and checks Authorization, X-Sdk-Date and the payload hash: everything that needs no secret, so a
 * refused request costs no credential lookup.
 */
export function readHuaweiSignatureClaim(request: HuaweiApiRequest, nowMs: number): THuaweiSignatureClaim {
  const authorization = singleHeader(request.headers, 'authorization');
  if (!authorization) throw malformed(`The request carries no ${HUAWEI_SIGNING_ALGORITHM} Authorization header.`);
  const claim = parseAuthorization(authorization);
  const sdkDate = singleHeader(request.headers, 'x-sdk-date');
  if (sdkDate === undefined) throw badDate('The request carries no X-Sdk-Date header.');
  if (Math.abs(parseSdkDate(sdkDate) - nowMs) > MAX_CLOCK_SKEW_MS) {
    throw badDate('The request has expired: X-Sdk-Date is more than 15 minutes away from the server time.');
  }
  const bodyHash = hash('sha256', request.body, 'hex');
  const sentHash = request.headers[CONTENT_SHA256];
  if (sentHash !== undefined && sentHash !== UNSIGNED_PAYLOAD && sentHash !== bodyHash) {
    // Any other value would be signed in place of the body, leaving the body free to change.
    throw new HuaweiApiError('KMS.0302', 'X-Sdk-Content-Sha256 must be the body’s SHA-256 or UNSIGNED-PAYLOAD.', 401);
  }
  return {
    accessKeyId: claim.accessKeyId,
    signedHeaders: claim.signedHeaders,
    signedHeaderList: claim.signedHeaderList,
    signature: claim.signature,
    sdkDate,
    payloadHash: typeof sentHash === 'string' ? sentHash : bodyHash,
  };
}

/**
 * The SDK's urlEncode: everything but A–Z a–z 0–9 - _ . ~ as %XX of its UTF-8 bytes, upper-case hex.
 * encodeURIComponent leaves ! ' ( ) * alone, which the SDK escapes.
 */
export function huaweiUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(segments: readonly string[]): string {
  const joined = segments.map(huaweiUrlEncode).join('/');
  return joined.endsWith('/') ? joined : `${joined}/`;
}

/**
 * The canonical URIs a client may have signed for this raw path. The Node SDK escapes the path as it sends
 * it (url.parse's pathname, so an existing %XX becomes %25XX); Huawei's Go SDK escapes the unescaped path.
 * They differ only for paths with percent-escapes, where both are tried: each is a signature by the secret.
 */
function canonicalUris(rawPath: string): readonly string[] {
  const known = canonicalUrisByPath.get(rawPath);
  if (known) return known;
  const uris = Object.freeze(computeCanonicalUris(rawPath));
  if (canonicalUrisByPath.size >= MAX_REMEMBERED_PATHS) canonicalUrisByPath.clear();
  canonicalUrisByPath.set(rawPath, uris);
  return uris;
}

// Clients call the same few paths (one per operation and project): each path's canonical forms are kept.
const canonicalUrisByPath = new Map<string, readonly string[]>();
const MAX_REMEMBERED_PATHS = 256;

function computeCanonicalUris(rawPath: string): string[] {
  const segments = rawPath.split('/');
  const sent = canonicalUri(segments);
  if (!rawPath.includes('%')) return [sent];
  try {
    const decoded = canonicalUri(segments.map((segment) => decodeURIComponent(segment)));
    return decoded === sent ? [sent] : [sent, decoded];
  } catch {
    return [sent];
  }
}

function decodeQueryPart(part: string): string {
  try {
    // Clients send spaces as '+' (axios, Go's url.Values) and a literal '+' as %2B.
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new HuaweiApiError('KMS.0201', 'The query string is not valid percent-encoding.');
  }
}

/** Sorted by name, then by value for repeated names (the SDK signs an array value sorted), each escaped. */
export function canonicalQueryString(rawQuery: string): string {
  if (rawQuery === '') return '';
  const byName = new Map<string, string[]>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeQueryPart(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decodeQueryPart(part.slice(eq + 1));
    const values = byName.get(name);
    if (values) values.push(value);
    else byName.set(name, [value]);
  }
  const pairs: string[] = [];
  for (const name of [...byName.keys()].sort()) {
    const escaped = huaweiUrlEncode(name);
    for (const value of byName.get(name)!.sort()) pairs.push(`${escaped}=${huaweiUrlEncode(value)}`);
  }
  return pairs.join('&');
}

/**
 * Huawei's signer has one value per header, and node keeps only the first of a repeated Host, Content-Type or
 * User-Agent: a second line after the signed one would pass unverified. So a signed header sent more than once
 * is refused, from the raw lines where the edge has them (the API listener).
 */
function refuseRepeatedSignedHeaders(request: HuaweiApiRequest, signedHeaders: readonly string[]): void {
  const raw = request.rawHeaders;
  if (!raw) return;
  const seen = new Array<boolean>(signedHeaders.length).fill(false);
  for (let i = 0; i < raw.length; i += 2) {
    const at = signedHeaders.indexOf(raw[i]!.toLowerCase());
    if (at === -1) continue;
    if (seen[at]) throw malformed(`The signed header '${signedHeaders[at]}' is sent more than once.`);
    seen[at] = true;
  }
}

/** The signatures (one, or two for a path with percent-escapes) the client may have sent, as raw bytes. */
export function expectedHuaweiSignatures(options: { request: HuaweiApiRequest; claim: THuaweiSignatureClaim; secretKey: string }): Buffer[] {
  const { request, claim } = options;
  const q = request.path.indexOf('?');
  const rawPath = q === -1 ? request.path : request.path.slice(0, q);
  const query = canonicalQueryString(q === -1 ? '' : request.path.slice(q + 1));
  refuseRepeatedSignedHeaders(request, claim.signedHeaders);
  let headers = '';
  for (const name of claim.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw malformed(`The signed header '${name}' is missing from the request.`);
    headers += `${name}:${Array.isArray(value) ? value.join(',') : value}\n`;
  }
  const tail = `${query}\n${headers}\n${claim.signedHeaderList}\n${claim.payloadHash}`;
  return canonicalUris(rawPath).map((uri) => {
    const canonical = `${request.method}\n${uri}\n${tail}`;
    const stringToSign = `${HUAWEI_SIGNING_ALGORITHM}\n${claim.sdkDate}\n${hash('sha256', canonical, 'hex')}`;
    return createHmac('sha256', options.secretKey).update(stringToSign).digest();
  });
}

/** Throws KMS.0302 unless the request's signature is one its secret key produces. */
export function verifyHuaweiSignature(options: { request: HuaweiApiRequest; claim: THuaweiSignatureClaim; secretKey: string }): void {
  const given = Buffer.from(options.claim.signature, 'hex');
  let matched = false;
  // Every candidate is compared (no early exit), so the time taken says nothing about which one matched.
  for (const expected of expectedHuaweiSignatures(options)) matched = timingSafeEqual(expected, given) || matched;
  if (!matched) throw signatureMismatch();
}

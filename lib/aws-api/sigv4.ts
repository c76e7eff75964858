import { createHmac, createSecretKey, hash, type KeyObject, timingSafeEqual } from 'node:crypto';
import { AwsApiError, singleHeader, type AwsApiRequest } from './protocol';
import { keepParsedPrefixes, SIGNATURE_HEX } from './authorization-prefixes';
import { canonicalRequest } from './sigv4-canonical';

// SigV4 verification on the data plane's hot path: the canonical request is built straight from the request
// as received (sigv4-canonical.ts), hashed, and signed with a signing key derived once per secret and scope.
// It replaced re-signing through the SDK's own signer (@smithy/signature-v4), which costs four HMACs, a
// request clone and a dozen promises per request; the differential test (sigv4-differential.test.ts) proves
// that it accepts exactly what that signer signs.

export const SIGV4_SERVICE = 'kms';
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SCOPE_TERMINATOR = 'aws4_request';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const CONTENT_SHA256 = 'x-amz-content-sha256';

/** What the Authorization header claims, checked for everything that needs no secret. */
export interface TSigV4Claim {
  accessKeyId: string;
  region: string;
  signedHeaders: readonly string[];
  /** Lower-case hex, 64 characters. */
  signature: string;
  /** SignedHeaders exactly as sent: it is part of the canonical request. */
  signedHeaderList: string;
  signingDate: Date;
  /** X-Amz-Date as sent (YYYYMMDDTHHMMSSZ): it is part of the string to sign. */
  amzDate: string;
  /** The credential scope after the access key ID: date/region/kms/aws4_request. */
  scope: string;
  scopeDate: string;
  /** SHA-256 of the body as received, lower-case hex. */
  bodyHash: string;
}

const invalidSignature = (message: string) => new AwsApiError('InvalidSignatureException', message);

/**
 * SignedHeaders lists, checked once each: a client sends the same list with every request, so the split and
 * the checks are kept per distinct list (bounded: a flood of made-up lists only refills it).
 */
const checkedHeaderLists = new Map<string, readonly string[]>();
const MAX_CHECKED_HEADER_LISTS = 256;

function checkedSignedHeaders(list: string): readonly string[] {
  const known = checkedHeaderLists.get(list);
  if (known) return known;
  const names = list.split(';');
  if (names.some((name) => !/^[a-z0-9-]+$/.test(name))) throw invalidSignature('SignedHeaders is malformed.');
  // Signers sort the list (its order is part of what was signed); a repeated or unsorted name is not theirs.
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1]! >= names[i]!) throw invalidSignature('SignedHeaders must name each header once, in ascending order.');
  }
  if (!names.includes('host')) throw invalidSignature("SignedHeaders must include 'host'.");
  if (!names.includes('x-amz-date')) throw invalidSignature("SignedHeaders must include 'x-amz-date'.");
  // The operation is chosen by X-Amz-Target: unsigned, a captured request could be replayed as another one.
  if (!names.includes('x-amz-target')) throw invalidSignature("SignedHeaders must include 'x-amz-target'.");
  if (names.includes('authorization')) throw invalidSignature("SignedHeaders must not include 'authorization'.");
  if (checkedHeaderLists.size >= MAX_CHECKED_HEADER_LISTS) checkedHeaderLists.clear();
  checkedHeaderLists.set(list, names);
  return names;
}

const SCOPE_DATE = /^\d{8}$/;
const REGION = /^[a-z0-9-]{1,64}$/;

type TAuthorizationFields = Pick<TSigV4Claim, 'accessKeyId' | 'scopeDate' | 'region' | 'signedHeaders' | 'signedHeaderList' | 'signature'> & { service: string };

const parseAuthorization = keepParsedPrefixes({
  parse: (value) => parseAuthorizationFields(value),
  malformedSignature: () => invalidSignature('The signature must be 64 lower-case hex characters.'),
});

function parseAuthorizationFields(value: string): TAuthorizationFields {
  if (!value.startsWith(`${ALGORITHM} `)) throw invalidSignature(`Only ${ALGORITHM} signatures are accepted.`);
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const field = part.slice(eq + 1).trim();
    if (name === 'Credential') credential = field;
    else if (name === 'SignedHeaders') signedHeaders = field;
    else if (name === 'Signature') signature = field;
  }
  const scope = credential?.split('/');
  if (!scope || scope.length !== 5 || scope[4] !== SCOPE_TERMINATOR || !signedHeaders || !signature) {
    throw invalidSignature('The Authorization header must carry Credential, SignedHeaders and Signature.');
  }
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
  if (!accessKeyId || !SCOPE_DATE.test(scopeDate) || !REGION.test(region)) throw invalidSignature('The credential scope is malformed.');
  if (!SIGNATURE_HEX.test(signature)) throw invalidSignature('The signature must be 64 lower-case hex characters.');
  return { accessKeyId, scopeDate, region, service, signedHeaders: checkedSignedHeaders(signedHeaders), signedHeaderList: signedHeaders, signature };
}

/** The last X-Amz-Date read and its instant: a busy client signs many requests within one second. */
let lastAmzDate: { text: string; date: Date } | undefined;

function parseAmzDate(value: string | undefined): Date {
  if (value !== undefined && value === lastAmzDate?.text) return lastAmzDate.date;
  const match = value === undefined ? null : AMZ_DATE.exec(value);
  if (!match) throw invalidSignature('X-Amz-Date must be given as YYYYMMDDTHHMMSSZ.');
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== d) throw invalidSignature('X-Amz-Date is not a valid date.');
  lastAmzDate = { text: value!, date };
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
  const fields = parseAuthorization(authorization);
  if (fields.service !== SIGV4_SERVICE) throw invalidSignature(`Credential should be scoped to the correct service: '${SIGV4_SERVICE}'.`);
  const amzDate = singleHeader(request.headers, 'x-amz-date');
  const signingDate = parseAmzDate(amzDate);
  if (Math.abs(signingDate.getTime() - nowMs) > MAX_CLOCK_SKEW_MS) {
    throw invalidSignature('Signature expired: X-Amz-Date is more than 15 minutes away from the server time.');
  }
  if (!amzDate!.startsWith(fields.scopeDate)) throw invalidSignature('The credential scope date must be the date of X-Amz-Date.');
  const bodyHash = hash('sha256', request.body, 'hex');
  const sentHash = request.headers[CONTENT_SHA256];
  if (sentHash !== undefined && sentHash !== bodyHash) throw invalidSignature('x-amz-content-sha256 does not match the body.');
  // Built as one literal (no rest or spread): it is made on every request.
  return {
    accessKeyId: fields.accessKeyId,
    region: fields.region,
    signedHeaders: fields.signedHeaders,
    signature: fields.signature,
    signedHeaderList: fields.signedHeaderList,
    signingDate,
    amzDate: amzDate!,
    scope: `${fields.scopeDate}/${fields.region}/${SIGV4_SERVICE}/${SCOPE_TERMINATOR}`,
    scopeDate: fields.scopeDate,
    bodyHash,
  };
}

/** What a signature is checked against; one object per resolved credential (credentials.ts), reused. */
export interface TSigningSecret {
  readonly secretAccessKey: string;
}

// The derived signing key depends only on the secret and the scope (date, region, service), so it is kept
// beside the credential object that holds the secret: four HMACs per request become none until the date or
// region changes. Keyed by the object, the cache holds nothing once the credential cache lets it go.
const signingKeys = new WeakMap<TSigningSecret, { scope: string; key: KeyObject }>();

function signingKeyFor(credential: TSigningSecret, claim: TSigV4Claim): KeyObject {
  const cached = signingKeys.get(credential);
  if (cached?.scope === claim.scope) return cached.key;
  let key: Buffer = Buffer.from(`AWS4${credential.secretAccessKey}`, 'utf8');
  for (const part of [claim.scopeDate, claim.region, SIGV4_SERVICE, SCOPE_TERMINATOR]) key = createHmac('sha256', key).update(part).digest();
  const derived = createSecretKey(key);
  key.fill(0);
  signingKeys.set(credential, { scope: claim.scope, key: derived });
  return derived;
}

/** The signature the client should have sent, from the request as received and the claim read from it. */
export function expectedSignature(options: { request: AwsApiRequest; claim: TSigV4Claim; credential: TSigningSecret }): Buffer {
  const { request, claim } = options;
  const hashedRequest = hash('sha256', canonicalRequest(request, claim), 'hex');
  const stringToSign = `${ALGORITHM}\n${claim.amzDate}\n${claim.scope}\n${hashedRequest}`;
  return createHmac('sha256', signingKeyFor(options.credential, claim)).update(stringToSign).digest();
}

/** Throws InvalidSignatureException unless the request's signature is the one its secret produces. */
export function verifySigV4Signature(options: { request: AwsApiRequest; claim: TSigV4Claim; credential: TSigningSecret }): void {
  const given = Buffer.from(options.claim.signature, 'hex');
  if (!timingSafeEqual(expectedSignature(options), given)) {
    throw invalidSignature('The request signature does not match the signature computed with the access key.');
  }
}

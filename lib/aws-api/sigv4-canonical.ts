import { AwsApiError, type AwsApiRequest } from './protocol';

// The SigV4 canonical request, built from the request exactly as it arrived, with the rules of the signer
// every AWS SDK for JavaScript runs (@smithy/signature-v4): the differential test
// (sigv4-differential.test.ts) holds the two together over thousands of generated requests.

const invalidSignature = (message: string) => new AwsApiError('InvalidSignatureException', message);

/** RFC 3986 unreserved only, as the signer's escapeUri leaves it: encodeURIComponent plus `!'()*`. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Paths whose canonical form is themselves: no `.`/`..`/empty segment and nothing to escape. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9_.~-]+)*\/?$/;

/**
 * The path as the client's signer saw it, normalised (empty and `.` segments dropped, `..` climbs) and then
 * URI-encoded once more: for every service but S3 the already-encoded path is encoded twice.
 */
export function canonicalPath(rawPath: string): string {
  if (PLAIN_PATH.test(rawPath)) return rawPath;
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  try {
    return escapeUri(normalized).replace(/%2F/g, '/');
  } catch {
    throw invalidSignature('The request path cannot be canonicalised.');
  }
}

function decodeQueryPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalidSignature('The query string is not valid percent-encoding.');
  }
}

/**
 * `name=value` pairs, decoded and encoded again the signer's way, ordered by name and then by pair. A part
 * without `=` is left out (the signer omits parameters without a value), as is X-Amz-Signature.
 */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs: Array<{ name: string; pair: string }> = [];
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = decodeQueryPart(part.slice(0, eq));
    if (name.toLowerCase() === 'x-amz-signature') continue;
    const encodedName = escapeUri(name);
    pairs.push({ name: encodedName, pair: `${encodedName}=${escapeUri(decodeQueryPart(part.slice(eq + 1)))}` });
  }
  pairs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.pair < b.pair ? -1 : a.pair > b.pair ? 1 : 0));
  return pairs.map(({ pair }) => pair).join('&');
}

const NEEDS_TRIMMING = /[\t\r\n]| {2}|^ | $/;

/** Whitespace runs become one space, and the value is trimmed: what the signer does to each header value. */
export function canonicalHeaderValue(value: string): string {
  return NEEDS_TRIMMING.test(value) ? value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '') : value;
}

/**
 * `name:value` lines for the headers the client says it signed, in its order. A header sent several times
 * counts with all its values, joined by `,` as AWS joins them; from node:http's raw pairs when the edge has
 * them (its `headers` join repeats with ", " or keep only the first), from `headers` otherwise.
 */
export function canonicalHeaders(request: AwsApiRequest, signedHeaders: readonly string[]): string {
  const values: Array<string | undefined> = new Array(signedHeaders.length);
  const raw = request.rawHeaders;
  if (raw) {
    for (let i = 0; i < raw.length; i += 2) {
      const at = signedHeaders.indexOf(raw[i]!.toLowerCase());
      if (at === -1) continue;
      const value = canonicalHeaderValue(raw[i + 1]!);
      const seen = values[at];
      values[at] = seen === undefined ? value : `${seen},${value}`;
    }
  } else {
    for (let at = 0; at < signedHeaders.length; at++) {
      const value = request.headers[signedHeaders[at]!];
      if (value !== undefined) values[at] = Array.isArray(value) ? value.map(canonicalHeaderValue).join(',') : canonicalHeaderValue(value);
    }
  }
  let lines = '';
  for (let at = 0; at < signedHeaders.length; at++) {
    const value = values[at];
    if (value === undefined) throw invalidSignature(`The signed header '${signedHeaders[at]}' is missing from the request.`);
    lines += `${signedHeaders[at]}:${value}\n`;
  }
  return lines;
}

/** Method, path, query, headers, the signed-header list and the payload hash, newline-separated. */
export function canonicalRequest(request: AwsApiRequest, claim: { signedHeaders: readonly string[]; signedHeaderList: string; bodyHash: string }): string {
  const target = request.path;
  const q = target.indexOf('?');
  const path = canonicalPath(q === -1 ? target : target.slice(0, q));
  const query = q === -1 ? '' : canonicalQuery(target.slice(q + 1));
  return `${request.method}\n${path}\n${query}\n${canonicalHeaders(request, claim.signedHeaders)}\n${claim.signedHeaderList}\n${claim.bodyHash}`;
}

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsApiError, type AwsApiRequest } from './protocol';
import { Random } from '@/lib/kms/testing/seeded-random';
import { NodeSha256 } from './sha256';
import { readSigV4Claim, verifySigV4Signature } from './sigv4';

// Differential test: thousands of requests signed by @smithy/signature-v4 (what every AWS SDK runs), sent as
// raw bytes through a real node:http parser so the verifier sees exactly what the API listener hands it, must
// all verify; every single-byte semantic change to one of them must not. Generated from a fixed seed, so a
// failure names a case index that reproduces.

const SEED = 0x5167_0004;
const CASE_COUNT = 3000;
/** Requests written to the socket at once (pipelined): enough to keep the parser busy, small enough to debug. */
const BATCH_SIZE = 256;

// ---- what the SDK puts on the wire ----------------------------------------------------------------------------

type TQuery = Record<string, string | string[] | null>;

/** @smithy's escapeUri (RFC 3986 unreserved characters stay, everything else is %XX, upper-case hex). */
const escapeUri = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * @smithy's buildQueryString (@smithy/core/protocols), copied: the package is only a transitive dependency.
 * How an SDK turns the query object it signed into the request-target's query string.
 */
function buildQueryString(query: TQuery): string {
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    const encodedKey = escapeUri(key);
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${encodedKey}=${escapeUri(item)}`);
    } else {
      parts.push(typeof value === 'string' ? `${encodedKey}=${escapeUri(value)}` : encodedKey);
    }
  }
  return parts.join('&');
}

/** A request as bytes on the wire, kept structured so mutations can address one part of it. */
interface TWire {
  method: string;
  /** The request-target: path and, if any, `?` and the query string. */
  target: string;
  /** Header lines in wire order: name as sent, value as sent (with whatever whitespace surrounds it). */
  lines: Array<[string, string]>;
  body: Buffer;
}

function serialize(wire: TWire): Buffer {
  let head = `${wire.method} ${wire.target} HTTP/1.1\r\n`;
  for (const [name, value] of wire.lines) head += `${name}:${value}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), wire.body]);
}

/** The wire form for an assertion message: what was sent, the body cut short. */
function describeWire(wire: TWire): string {
  const body = wire.body.length > 80 ? `${wire.body.subarray(0, 80).toString('latin1')}…(${wire.body.length} bytes)` : wire.body.toString('latin1');
  return JSON.stringify(serialize({ ...wire, body: Buffer.alloc(0) }).toString('latin1') + body);
}

const cloneWire = (wire: TWire): TWire => ({ ...wire, lines: wire.lines.map(([name, value]) => [name, value]) });

// ---- the generator ---------------------------------------------------------------------------------------------

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const SUB_DELIMS = "!$&'()*+,;=:@";
// What a path label may hold before the SDK escapes it: sub-delims, characters that must be escaped, non-ASCII.
const PATH_SOURCE_CHARS = [...`abcXYZ019-._~${SUB_DELIMS} /?#%"é中`];
// pchar characters a hand-built client may leave unescaped.
const RAW_PATH_CHARS = `abcdefXYZ0189-._~${SUB_DELIMS}`;
const QUERY_CHARS = [...'abcxyzABCXYZ019-_.~ &=+%/?é'];
const HEADER_WORD_CHARS = `${ALNUM}-_.:/=+"()`;
const HOSTS = ['127.0.0.1:4000', 'localhost:4000', 'kms.example.com', 'kms.eu-west-1.keyfort.test:8443'];
const SHARED_SECRETS = ['wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'KEYFORTKEYFORTKEYFORTKEYFORTKEYFORT+/12'];
const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2', 'local'];
const OPERATIONS = ['Encrypt', 'Decrypt', 'GenerateDataKey', 'CreateKey', 'ListKeys', 'Sign'];
const WIRE_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];
// Headers @smithy leaves out of the signature unless signableHeaders names them (ALWAYS_UNSIGNABLE_HEADERS, proxy-*, sec-*).
const UNSIGNABLE_EXTRAS = ['x-amzn-trace-id', 'proxy-kf', 'sec-fetch-mode', 'cache-control', 'referer', 'pragma'];
// Names a random extra header must not take: node:http gives them framing or connection meaning, the signer
// generates or drops them, or readSigV4Claim reads them itself.
const RESERVED_NAMES = new Set([
  'host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'expect', 'upgrade', 'te', 'trailer',
  'authorization', 'date', 'x-amz-date', 'x-amz-target', 'x-amz-content-sha256', 'x-amz-security-token',
]);
/** Names that change how node:http frames or handles the request: a mutation must not produce one. */
const FRAMING_NAMES = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'expect', 'upgrade', 'te', 'trailer']);

interface TCase {
  index: number;
  /** What this case exercises, to tell which kinds of request a failing verifier gets wrong. */
  features: Set<string>;
  secretAccessKey: string;
  /** The signing time, milliseconds included: the server's clock in this test. */
  nowMs: number;
  /** SignedHeaders from the Authorization header the signer produced. */
  signedNames: string[];
  wire: TWire;
}

function casing(rng: Random, name: string): string {
  switch (rng.int(4)) {
    case 0:
      return name;
    case 1:
      return name.toUpperCase();
    case 2:
      return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
    default:
      return [...name].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c)).join('');
  }
}

function generatePath(rng: Random, features: Set<string>): string {
  const roll = rng.next();
  if (roll < 0.3) return '/';
  if (roll < 0.4) return '/api/aws';
  if (roll < 0.45) return '/api/aws/';
  const segments: string[] = [];
  for (let count = 1 + rng.int(5); count > 0; count--) {
    const kind = rng.next();
    if (kind < 0.2) {
      segments.push(kind < 0.1 ? '.' : '..');
      features.add('dot segments');
    } else if (kind < 0.28) {
      segments.push('');
      features.add('empty segments');
    } else if (kind < 0.7) {
      // An SDK escapes each label with escapeUri: sub-delims, spaces, '/', '%', non-ASCII all become %XX.
      const label = rng.text(PATH_SOURCE_CHARS, 1, 8);
      const escaped = escapeUri(label);
      if (escaped !== label) features.add('percent-encoded path');
      segments.push(escaped);
    } else {
      const label = rng.text(RAW_PATH_CHARS, 1, 8);
      if ([...label].some((c) => SUB_DELIMS.includes(c))) features.add('raw sub-delims in path');
      segments.push(label);
    }
  }
  let path = `/${segments.join('/')}`;
  if (rng.chance(0.2)) {
    path += '/';
    features.add('trailing slash');
  }
  return path;
}

function generateQuery(rng: Random, features: Set<string>): TQuery {
  const query: TQuery = {};
  if (rng.chance(0.5)) return query;
  features.add('query');
  for (let count = 1 + rng.int(4); count > 0; count--) {
    const roll = rng.next();
    let key: string;
    if (roll < 0.02) {
      key = '';
      features.add('query: empty key');
    } else if (roll < 0.05) {
      // Sent, but never part of what is signed (in any case).
      key = rng.pick(['X-Amz-Signature', 'x-amz-signature']);
      features.add('query: X-Amz-Signature');
    } else {
      key = rng.text(QUERY_CHARS, 1, 8);
    }
    if (Object.hasOwn(query, key)) continue;
    const kind = rng.next();
    if (kind < 0.1) {
      query[key] = null;
      features.add('query: key without value');
    } else if (kind < 0.3) {
      query[key] = Array.from({ length: 1 + rng.int(3) }, () => rng.text(QUERY_CHARS, 0, 6));
      features.add('query: repeated key');
    } else {
      query[key] = rng.text(QUERY_CHARS, 0, 10);
    }
    const value = query[key];
    if (value === '' || (Array.isArray(value) && value.includes(''))) features.add('query: empty value');
  }
  return query;
}

function headerValue(rng: Random): string {
  if (rng.chance(0.04)) return '';
  let value = '';
  for (let words = 1 + rng.int(4); words > 0; words--) {
    if (value) value += rng.pick([' ', '   ', '\t', ' \t ', ',', ',', ', ', ' ,', ';']);
    value += rng.chance(0.1) && value ? value.split(/[ ,;\t]/)[0]! : rng.text(HEADER_WORD_CHARS, 1, 8);
  }
  if (rng.chance(0.15)) value = rng.pick([' ', '\t', '  ']) + value;
  if (rng.chance(0.15)) value += rng.pick([' ', '\t', '  ']);
  return value;
}

/** Where a value may be split into several header lines: commas with no whitespace on either side. */
function splitPoints(value: string): number[] {
  const points: number[] = [];
  for (let i = 1; i < value.length - 1; i++) {
    if (value[i] === ',' && !/[ \t]/.test(value[i - 1]!) && !/[ \t]/.test(value[i + 1]!)) points.push(i);
  }
  return points;
}

function optionalWhitespace(rng: Random): string {
  return rng.chance(0.8) ? '' : rng.pick([' ', '\t', '  ', ' \t']);
}

/** Shuffles header lines, keeping the relative order of the lines of one header (their values join in order). */
function shuffleLines(rng: Random, lines: Array<[string, string]>): Array<[string, string]> {
  const keys = lines.map(() => rng.next());
  const byName = new Map<string, number[]>();
  lines.forEach(([name], i) => byName.set(name.toLowerCase(), [...(byName.get(name.toLowerCase()) ?? []), i]));
  for (const indexes of byName.values()) {
    const sorted = indexes.map((i) => keys[i]!).sort((a, b) => a - b);
    indexes.forEach((i, k) => (keys[i] = sorted[k]!));
  }
  return lines.map((line, i) => ({ line, key: keys[i]! })).sort((a, b) => a.key - b.key).map(({ line }) => line);
}

async function generateCase(rng: Random, index: number): Promise<TCase> {
  const features = new Set<string>();
  const roll = rng.next();
  const method = roll < 0.7 ? 'POST' : rng.pick(['GET', 'PUT', 'DELETE']);
  if (method !== 'POST') features.add('method other than POST');
  const path = generatePath(rng, features);
  const query = generateQuery(rng, features);

  const bodyKind = rng.next();
  let body: string | Buffer;
  if (bodyKind < 0.2) {
    body = '';
  } else if (bodyKind < 0.7) {
    body = JSON.stringify({ KeyId: `alias/${rng.text(LOWER_ALNUM, 1, 12)}`, Plaintext: rng.text(ALNUM, 0, 40), Note: rng.text(['a', 'é', '中', ' ', '"'], 0, 6) });
  } else {
    body = Buffer.from(Array.from({ length: 1 + rng.int(300) }, () => rng.int(256)));
    features.add('binary body');
  }
  const bodyBytes = Buffer.from(body);

  const headers: Record<string, string> = {};
  const extras: string[] = [];
  const add = (name: string, value: string) => {
    // Two record entries differing only in case are ambiguous (@smithy signs the last): never generated.
    if (Object.keys(headers).some((existing) => existing.toLowerCase() === name)) return false;
    headers[casing(rng, name)] = value;
    return true;
  };
  add('host', rng.pick(HOSTS));
  add('x-amz-target', `TrentService.${rng.pick(OPERATIONS)}`);
  if (rng.chance(0.85)) add('content-type', 'application/x-amz-json-1.1');
  if (rng.chance(0.5)) add('content-length', String(bodyBytes.length));
  if (rng.chance(0.5)) {
    add('x-amz-user-agent', 'aws-sdk-js/3.1164.0 ua/2.1 os/linux#6.8 lang/js md/nodejs#20.20.2 api/kms#3.1164.0');
    add('amz-sdk-invocation-id', `${rng.text(HEX, 8, 8)}-${rng.text(HEX, 4, 4)}-4${rng.text(HEX, 3, 3)}-a${rng.text(HEX, 3, 3)}-${rng.text(HEX, 12, 12)}`);
    add('amz-sdk-request', `attempt=${1 + rng.int(3)}; max=3`);
  }
  if (rng.chance(0.5)) add('user-agent', rng.pick(['aws-cli/2.15.0 Python/3.11.8 Linux/6.8 exe/x86_64', 'keyfort-test', 'a  b\tc']));
  if (rng.chance(0.2)) {
    add('x-amz-content-sha256', createHash('sha256').update(bodyBytes).digest('hex'));
    features.add('x-amz-content-sha256 given');
  }
  for (let count = rng.int(5); count > 0; count--) {
    const name = rng.pick(['x-kf-', 'x-', '']) + rng.pick([...'abcdefghijklmnopqrstuvwxyz']) + rng.text(`${LOWER_ALNUM}-`, 0, 9);
    if (RESERVED_NAMES.has(name) || UNSIGNABLE_EXTRAS.includes(name) || name.startsWith('proxy-') || name.startsWith('sec-')) continue;
    if (add(name, headerValue(rng))) extras.push(name);
  }
  if (rng.chance(0.3)) {
    const name = rng.pick(UNSIGNABLE_EXTRAS);
    if (add(name, headerValue(rng))) extras.push(name);
  }

  // As some callers of the signer do: sign a header it would skip, or skip one it would sign.
  const recordNames = Object.keys(headers).map((name) => name.toLowerCase());
  let signableHeaders: Set<string> | undefined;
  let unsignableHeaders: Set<string> | undefined;
  if (rng.chance(0.25)) {
    signableHeaders = new Set(recordNames.filter((name) => name === 'user-agent' || UNSIGNABLE_EXTRAS.includes(name)));
    if (rng.chance(0.3)) signableHeaders.add('x-not-sent');
    features.add('signableHeaders option');
  }
  if (rng.chance(0.15)) {
    const candidates = recordNames.filter((name) => !['host', 'x-amz-target'].includes(name));
    if (candidates.length > 0) {
      unsignableHeaders = new Set([rng.pick(candidates)]);
      features.add('unsignableHeaders option');
    }
  }

  const sessionToken = rng.chance(0.2) ? rng.text(`${ALNUM}/+=`, 20, 120) : undefined;
  if (sessionToken) features.add('session token');
  const applyChecksum = rng.chance(0.5);
  // Half the cases share one of a few secrets, so a credential object (and its kept signing key) meets
  // many dates and regions; the others have their own.
  const secretAccessKey = rng.chance(0.5) ? rng.pick(SHARED_SECRETS) : rng.text(`${ALNUM}/+`, 40, 40);
  let signingMs = Date.UTC(2030, 0, 1) + rng.int(2 * 365 * 86_400) * 1000;
  if (rng.chance(0.5)) {
    signingMs += 1 + rng.int(999);
    features.add('signing date with milliseconds');
  }
  const signer = new SignatureV4({
    service: 'kms',
    region: rng.pick(REGIONS),
    credentials: { accessKeyId: `KF${rng.text('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 18, 18)}`, secretAccessKey, sessionToken },
    sha256: NodeSha256,
    applyChecksum,
  });
  const signed = await signer.sign(
    { method, protocol: 'https:', hostname: 'ignored-by-the-signer', path, query, headers, body },
    { signingDate: new Date(signingMs), signableHeaders, unsignableHeaders },
  );
  const authorization = String(signed.headers.authorization);
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');

  const lines: Array<[string, string]> = [];
  for (const [name, rawValue] of Object.entries(signed.headers)) {
    const value = String(rawValue);
    const lower = name.toLowerCase();
    const points = splitPoints(value);
    let parts = [value];
    // Only extra headers are split: those readSigV4Claim reads as one value, and Content-Length, never are.
    if (extras.includes(lower) && points.length > 0 && rng.chance(0.6)) {
      const chosen = points.filter(() => rng.chance(0.6));
      if (chosen.length === 0) chosen.push(rng.pick(points));
      parts = [];
      let start = 0;
      for (const point of chosen) {
        parts.push(value.slice(start, point));
        start = point + 1;
      }
      parts.push(value.slice(start));
      features.add(signedNames.includes(lower) ? 'signed header split over lines' : 'unsigned header split over lines');
    }
    // llhttp refuses whitespace around a Content-Length value (it frames the body), so that one is sent bare.
    const pad = () => (lower === 'content-length' ? '' : optionalWhitespace(rng));
    for (const part of parts) lines.push([casing(rng, lower), pad() + part + pad()]);
  }
  if (!lines.some(([name]) => name.toLowerCase() === 'content-length') && (bodyBytes.length > 0 || rng.chance(0.5))) {
    lines.push(['Content-Length', String(bodyBytes.length)]);
  }
  if (rng.chance(0.2)) {
    // Repeated unsigned headers: node:http keeps the first or joins them, neither may matter.
    const name = rng.pick(['user-agent', 'x-amzn-trace-id', 'x-kf-unsigned']);
    if (!signedNames.includes(name)) {
      lines.push([casing(rng, name), rng.text(ALNUM, 1, 10)], [casing(rng, name), headerValue(rng)]);
      features.add('repeated unsigned header');
    }
  }

  const queryString = buildQueryString(query);
  return {
    index,
    features,
    secretAccessKey,
    nowMs: signingMs,
    signedNames,
    wire: { method, target: queryString ? `${path}?${queryString}` : path, lines: shuffleLines(rng, lines), body: bodyBytes },
  };
}

// ---- mutations -------------------------------------------------------------------------------------------------

const CATEGORIES = [
  'method',
  'method (one byte, not re-parsed)',
  'path',
  'query',
  'signed header value',
  'signed header name',
  'x-amz-date',
  'body',
  'signature',
  'credential scope region',
  'secret access key (one byte, not re-parsed)',
  'signed header repeated with another value',
  'signed header left out',
] as const;
type TCategory = (typeof CATEGORIES)[number];

interface TMutant {
  caseIndex: number;
  category: TCategory;
  /** Sent through node:http; absent for the changes applied to the parsed request instead. */
  wire?: TWire;
  method?: string;
  /** Verified with this secret instead of the one it was signed with. */
  secretAccessKey?: string;
}

const isAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
/** Inside a %XX escape: changing a hex digit there would only change the escape, not be a plain byte change. */
const inEscape = (s: string, i: number) => s[i - 1] === '%' || s[i - 2] === '%';

/** Another alphanumeric; with `caseMatters` false never the same letter in the other case. */
function otherAlnum(rng: Random, c: string, caseMatters: boolean): string {
  const choices = [...ALNUM].filter((d) => d !== c && (caseMatters || d.toLowerCase() !== c.toLowerCase()));
  return rng.pick(choices);
}

const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);

/** Positions in the wire path whose change changes the canonical path: alphanumerics of segments that survive `.`/`..`. */
function pathPositions(path: string): number[] {
  const segments: Array<{ start: number; text: string }> = [];
  let start = 0;
  for (const text of path.split('/')) {
    segments.push({ start, text });
    start += text.length + 1;
  }
  const kept: Array<{ start: number; text: string }> = [];
  for (const segment of segments) {
    if (segment.text === '' || segment.text === '.') continue;
    if (segment.text === '..') kept.pop();
    else kept.push(segment);
  }
  return kept.flatMap(({ start: offset, text }) =>
    [...text].flatMap((c, i) => (isAlnum(c) && !inEscape(text, i) ? [offset + i] : [])),
  );
}

/** Positions in the query string that are signed: items with `=`, other than X-Amz-Signature. */
function queryPositions(queryString: string): number[] {
  const positions: number[] = [];
  let offset = 0;
  for (const item of queryString.split('&')) {
    const eq = item.indexOf('=');
    if (eq !== -1 && decodeURIComponent(item.slice(0, eq)).toLowerCase() !== 'x-amz-signature') {
      for (let i = 0; i < item.length; i++) if (isAlnum(item[i]) && !inEscape(item, i)) positions.push(offset + i);
    }
    offset += item.length + 1;
  }
  return positions;
}

function lineIndexes(wire: TWire, lowerName: string): number[] {
  return wire.lines.flatMap(([name], i) => (name.toLowerCase() === lowerName ? [i] : []));
}

function mutate(rng: Random, testCase: TCase, category: TCategory): TMutant | undefined {
  const wire = cloneWire(testCase.wire);
  const mutant = (changed: TWire): TMutant => ({ caseIndex: testCase.index, category, wire: changed });
  // Content-Length frames the body on the wire: changing, repeating or renaming it breaks the connection, not the signature.
  const signed = testCase.signedNames.filter((name) => name !== 'content-length');
  switch (category) {
    case 'method':
      // node:http refuses methods it does not know, so on the wire a method can only become another method.
      wire.method = rng.pick(WIRE_METHODS.filter((m) => m !== wire.method));
      return mutant(wire);
    case 'method (one byte, not re-parsed)': {
      const i = rng.int(wire.method.length);
      return { caseIndex: testCase.index, category, method: replaceAt(wire.method, i, otherAlnum(rng, wire.method[i]!, true)) };
    }
    case 'path': {
      const q = wire.target.indexOf('?');
      const path = q === -1 ? wire.target : wire.target.slice(0, q);
      const positions = pathPositions(path);
      if (positions.length === 0) return undefined;
      const i = rng.pick(positions);
      wire.target = replaceAt(wire.target, i, otherAlnum(rng, wire.target[i]!, true));
      return mutant(wire);
    }
    case 'query': {
      const q = wire.target.indexOf('?');
      if (q === -1) return undefined;
      const positions = queryPositions(wire.target.slice(q + 1));
      if (positions.length === 0) return undefined;
      const i = q + 1 + rng.pick(positions);
      wire.target = replaceAt(wire.target, i, otherAlnum(rng, wire.target[i]!, true));
      return mutant(wire);
    }
    case 'signed header value': {
      const candidates = wire.lines.flatMap(([name, value], line) =>
        signed.includes(name.toLowerCase()) && name.toLowerCase() !== 'x-amz-date'
          ? [...value].flatMap((c, i) => (isAlnum(c) ? [{ line, i }] : []))
          : [],
      );
      if (candidates.length === 0) return undefined;
      const { line, i } = rng.pick(candidates);
      const [name, value] = wire.lines[line]!;
      wire.lines[line] = [name, replaceAt(value, i, otherAlnum(rng, value[i]!, true))];
      return mutant(wire);
    }
    case 'signed header name': {
      const line = rng.pick(wire.lines.flatMap(([name], l) => (signed.includes(name.toLowerCase()) ? [l] : [])));
      const [name, value] = wire.lines[line]!;
      const positions = [...name].flatMap((c, i) => (isAlnum(c) ? [i] : []));
      for (;;) {
        const i = rng.pick(positions);
        const renamed = replaceAt(name, i, otherAlnum(rng, name[i]!, false));
        if (FRAMING_NAMES.has(renamed.toLowerCase())) continue;
        wire.lines[line] = [renamed, value];
        return mutant(wire);
      }
    }
    case 'x-amz-date': {
      const line = lineIndexes(wire, 'x-amz-date')[0]!;
      const [name, value] = wire.lines[line]!;
      const i = rng.pick([...value].flatMap((c, k) => (isAlnum(c) ? [k] : [])));
      wire.lines[line] = [name, replaceAt(value, i, otherAlnum(rng, value[i]!, true))];
      return mutant(wire);
    }
    case 'body': {
      if (wire.body.length === 0) return undefined;
      const body = Buffer.from(wire.body);
      const text = body.toString('latin1');
      const alnums = [...text].flatMap((c, i) => (isAlnum(c) ? [i] : []));
      if (alnums.length > 0 && !testCase.features.has('binary body')) {
        const i = rng.pick(alnums);
        body[i] = otherAlnum(rng, text[i]!, true).charCodeAt(0);
      } else {
        const i = rng.int(body.length);
        body[i] = (body[i]! + 1 + rng.int(255)) % 256;
      }
      wire.body = body;
      return mutant(wire);
    }
    case 'signature': {
      const line = lineIndexes(wire, 'authorization')[0]!;
      const [name, value] = wire.lines[line]!;
      const i = value.indexOf('Signature=') + 'Signature='.length + rng.int(64);
      wire.lines[line] = [name, replaceAt(value, i, rng.pick([...HEX].filter((h) => h !== value[i])))];
      return mutant(wire);
    }
    case 'credential scope region': {
      const line = lineIndexes(wire, 'authorization')[0]!;
      const [name, value] = wire.lines[line]!;
      const start = value.indexOf('Credential=');
      const slashes = [...value.slice(start)].flatMap((c, i) => (c === '/' ? [start + i] : []));
      const positions = [];
      for (let i = slashes[1]! + 1; i < slashes[2]!; i++) if (isAlnum(value[i])) positions.push(i);
      const i = rng.pick(positions);
      // Still a well-formed region (lower-case), so it is the signature that must fail.
      wire.lines[line] = [name, replaceAt(value, i, rng.pick([...LOWER_ALNUM].filter((c) => c !== value[i])))];
      return mutant(wire);
    }
    case 'secret access key (one byte, not re-parsed)': {
      const secret = testCase.secretAccessKey;
      const i = rng.pick([...secret].flatMap((c, k) => (isAlnum(c) ? [k] : [])));
      return { caseIndex: testCase.index, category, secretAccessKey: replaceAt(secret, i, otherAlnum(rng, secret[i]!, true)) };
    }
    case 'signed header repeated with another value': {
      const name = rng.pick(signed);
      const at = rng.int(wire.lines.length + 1);
      wire.lines.splice(at, 0, [casing(rng, name), `${optionalWhitespace(rng)}other-${rng.text(ALNUM, 1, 8)}`]);
      return mutant(wire);
    }
    case 'signed header left out': {
      const droppable = testCase.wire.body.length === 0 ? testCase.signedNames : signed;
      const lines = lineIndexes(wire, rng.pick(droppable));
      // A header sent over several lines: sometimes only one of them goes missing.
      const dropped = new Set(lines.length > 1 && rng.chance(0.5) ? [rng.pick(lines)] : lines);
      wire.lines = wire.lines.filter((_, i) => !dropped.has(i));
      return mutant(wire);
    }
  }
}

// ---- a real node:http parser -----------------------------------------------------------------------------------

/**
 * A node:http server that records each request as the API listener would build its AwsApiRequest, fed raw bytes
 * over one keep-alive connection, a batch of pipelined requests at a time (node:http answers them in order).
 */
class CapturingServer {
  readonly #server: Server;
  #socket: Socket | undefined;
  #captured: Array<AwsApiRequest | undefined> = [];
  #expected = 0;
  #done = 0;
  #settle: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor() {
    // requireHostHeader off: a request whose Host was renamed or dropped must reach the verifier, not node's 400.
    // Otherwise node's defaults, as the API listener has them: `headers` keeps only the first of a repeated Host,
    // Content-Type or User-Agent line, and joins other repeated headers with ', '.
    this.#server = createServer({ requireHostHeader: false }, (req, res) => this.#onRequest(req, res));
    // A slow machine pausing between batches must not see the connection closed under it.
    this.#server.keepAliveTimeout = 0;
    this.#server.on('clientError', (error: Error) => {
      const failing = this.#captured.length;
      this.#settle?.reject(Object.assign(new Error(`node:http refused request ${failing} of the batch: ${error.message}`), { failing }));
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.on('data', () => {});
    socket.on('error', (error) => this.#settle?.reject(error));
    socket.on('close', () => this.#settle?.reject(new Error('node:http closed the connection')));
    this.#socket = socket;
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const slot = this.#captured.length;
    this.#captured.push(undefined);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.#captured[slot] = { method: req.method!, path: req.url!, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) };
      res.statusCode = 204;
      res.end();
      if (++this.#done === this.#expected) this.#settle?.resolve();
    });
  }

  /** Sends the requests and resolves to what the server received, in order. */
  async roundTrip(wires: TWire[]): Promise<AwsApiRequest[]> {
    this.#captured = [];
    this.#done = 0;
    this.#expected = wires.length;
    const settled = new Promise<void>((resolve, reject) => (this.#settle = { resolve, reject }));
    this.#socket!.write(Buffer.concat(wires.map(serialize)));
    await settled;
    return this.#captured.map((request) => request!);
  }

  async close(): Promise<void> {
    this.#socket?.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

async function throughNode(server: CapturingServer, wires: TWire[]): Promise<AwsApiRequest[]> {
  const received: AwsApiRequest[] = [];
  for (let start = 0; start < wires.length; start += BATCH_SIZE) {
    const batch = wires.slice(start, start + BATCH_SIZE);
    try {
      received.push(...(await server.roundTrip(batch)));
    } catch (error) {
      const failing = (error as { failing?: number }).failing;
      const wire = failing === undefined ? undefined : batch[failing];
      throw new Error(`${(error as Error).message} (request ${start + (failing ?? 0)} overall): ${wire ? describeWire(wire) : '?'}`);
    }
  }
  return received;
}

// ---- the verifier under test -----------------------------------------------------------------------------------

/**
 * One credential object per secret, reused across cases as the credential cache reuses it, so the signing keys
 * kept per credential and scope are exercised: a key derived for one case's scope must not verify another's.
 */
const credentials = new Map<string, { secretAccessKey: string }>();

/** True when the request verifies. */
function verifies(request: AwsApiRequest, secretAccessKey: string, nowMs: number): boolean {
  let credential = credentials.get(secretAccessKey);
  if (!credential) credentials.set(secretAccessKey, (credential = { secretAccessKey }));
  try {
    const claim = readSigV4Claim(request, nowMs);
    verifySigV4Signature({ request, claim, credential });
    return true;
  } catch (error) {
    if (error instanceof AwsApiError) return false;
    throw error;
  }
}

function countBy<T>(items: T[], keysOf: (item: T) => Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) for (const key of keysOf(item)) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

// A plain request: each header on one line, nothing in the path to normalise or decode, no query.
const isPlain = (testCase: TCase) =>
  ['/', '/api/aws', '/api/aws/'].includes(testCase.wire.target) &&
  !testCase.features.has('signed header split over lines') &&
  !testCase.features.has('unsigned header split over lines') &&
  !testCase.features.has('repeated unsigned header');

describe('SigV4 verification against @smithy/signature-v4, requests through node:http (differential)', () => {
  const server = new CapturingServer();
  const cases: TCase[] = [];
  let received: AwsApiRequest[] = [];
  const mutants: TMutant[] = [];
  let mutantsReceived: AwsApiRequest[] = [];
  const skipped: Partial<Record<TCategory, number>> = {};

  beforeAll(async () => {
    const rng = new Random(SEED);
    for (let index = 0; index < CASE_COUNT; index++) cases.push(await generateCase(rng, index));
    const mutationRng = new Random(SEED ^ 0x9e3779b9);
    for (const testCase of cases) {
      for (const category of CATEGORIES) {
        const mutant = mutate(mutationRng, testCase, category);
        if (mutant) mutants.push(mutant);
        else skipped[category] = (skipped[category] ?? 0) + 1;
      }
    }
    await server.start();
    received = await throughNode(server, cases.map((testCase) => testCase.wire));
    const sent = mutants.filter((mutant) => mutant.wire);
    const parsed = await throughNode(server, sent.map((mutant) => mutant.wire!));
    let next = 0;
    mutantsReceived = mutants.map((mutant) =>
      mutant.wire ? parsed[next++]! : { ...received[mutant.caseIndex]!, method: mutant.method ?? received[mutant.caseIndex]!.method },
    );
  }, 120_000);

  afterAll(() => server.close());

  it('generates a spread of requests and mutations from the fixed seed', () => {
    const features = countBy(cases, (testCase) => testCase.features);
    for (const feature of ['percent-encoded path', 'dot segments', 'query: key without value', 'signed header split over lines', 'signableHeaders option']) {
      expect(features[feature] ?? 0, `${feature}: ${JSON.stringify(features)}`).toBeGreaterThan(50);
    }
    expect(cases.filter(isPlain).length).toBeGreaterThan(200);
    const perCategory = countBy(mutants, (mutant) => [mutant.category]);
    for (const category of CATEGORIES) expect(perCategory[category] ?? 0, `${category}: ${JSON.stringify(skipped)}`).toBeGreaterThan(CASE_COUNT / 4);
    // The README promises more than 30,000 changed requests.
    expect(mutants.length).toBeGreaterThan(30_000);
  });

  it('accepts the plain requests (no query, path / or /api/aws, each header on one line)', async () => {
    const plain = cases.filter(isPlain);
    const refused: TCase[] = [];
    for (const testCase of plain) {
      if (!(verifies(received[testCase.index]!, testCase.secretAccessKey, testCase.nowMs))) refused.push(testCase);
    }
    expect(refused.length, report(refused, plain)).toBe(0);
  });

  it('accepts every request @smithy/signature-v4 signed, as node:http parsed it', async () => {
    const refused: TCase[] = [];
    for (const testCase of cases) {
      if (!(verifies(received[testCase.index]!, testCase.secretAccessKey, testCase.nowMs))) refused.push(testCase);
    }
    expect(refused.length, report(refused, cases)).toBe(0);
  });

  it('refuses every single-byte change to method, path, query, a signed header, the date, the body, the signature, the region or the secret, and a signed header repeated or left out', async () => {
    const accepted: TMutant[] = [];
    for (const [i, mutant] of mutants.entries()) {
      const testCase = cases[mutant.caseIndex]!;
      if (verifies(mutantsReceived[i]!, mutant.secretAccessKey ?? testCase.secretAccessKey, testCase.nowMs)) accepted.push(mutant);
    }
    const byCategory = countBy(accepted, (mutant) => [mutant.category]);
    const examples = accepted.slice(0, 5).map((mutant) => {
      const change = mutant.wire
        ? describeWire(mutant.wire)
        : `${JSON.stringify({ method: mutant.method, secretAccessKey: mutant.secretAccessKey })} on ${describeWire(cases[mutant.caseIndex]!.wire)}`;
      return `case ${mutant.caseIndex}, ${mutant.category}: ${change}`;
    });
    expect(
      accepted.length,
      `${accepted.length} of ${mutants.length} changed requests verified; by category ${JSON.stringify(byCategory)}\n${examples.join('\n')}`,
    ).toBe(0);
  });
});

/** How many cases with each feature were refused, to tell which kind of request the verifier gets wrong. */
function report(refused: TCase[], all: TCase[]): string {
  const refusedBy = countBy(refused, (testCase) => testCase.features);
  const allBy = countBy(all, (testCase) => testCase.features);
  const rates = Object.entries(refusedBy)
    .sort(([, a], [, b]) => b - a)
    .map(([feature, count]) => `${feature}: ${count}/${allBy[feature]}`)
    .join('; ');
  const examples = refused.slice(0, 5).map((testCase) => `case ${testCase.index} [${[...testCase.features].join(', ')}]: ${describeWire(testCase.wire)}`);
  return `${refused.length} of ${all.length} signed requests refused; refused/all cases by feature: ${rates}\n${examples.join('\n')}`;
}

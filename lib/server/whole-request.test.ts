import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '@/lib/kms/testing/seeded-random';
import { MAX_WHOLE_HEAD_BYTES, readWholeRequest } from './whole-request';

// Differential test: node:http's parser (llhttp, strict, as the API listener runs it) is the reference for
// the listener's own reading of whole requests. Every request readWholeRequest takes, from thousands of
// generated requests and single-byte mutations of them, must read exactly the same through node: method,
// target, headers, raw headers and body, and end where node ends it. Every prefix of a request it takes must
// be refused (it never reads a request that has not fully arrived). Fixed seed: a failure names a case.

const SEED = 0x3e1a_0015;
const CASE_COUNT = 2500;
const MAX_BODY = 1024;

interface TNodeReading {
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; rawHeaders: string[]; body: string }>;
  errors: string[];
}

let server: Server;
let port: number;
/** The reading of the case whose connection the server accepted last (cases run one at a time). */
let current: TNodeReading = { requests: [], errors: [] };

beforeAll(async () => {
  server = createServer((req, res) => {
    const reading = current;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      reading.requests.push({ method: req.method!, url: req.url!, headers: { ...req.headers }, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('latin1') });
      res.end();
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    current.errors.push(error.code ?? error.message);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Sends the bytes on a connection of their own and half-closes it: node reads all it can, then says why not. */
function readThroughNode(bytes: Buffer): Promise<TNodeReading> {
  const reading: TNodeReading = { requests: [], errors: [] };
  current = reading;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.on('close', () => resolve(reading));
    socket.end(bytes);
  });
}

// ---- generated requests ---------------------------------------------------------------------------------

const METHODS = ['POST', 'GET', 'PUT', 'DELETE', 'PATCH'];
const ODD_METHODS = ['HEAD', 'OPTIONS', 'post', 'CONNECT', 'TRACE', 'PRI'];
const TARGETS = ['/', '/api/aws', '/api/aws/', '/v1.0/0af1/kms/describe-key', '/v1.0/0af1/kms/list-keys?limit=5&marker=a%20b', '/?a=b'];
const TARGET_NOISE = ['', '', '', '#x', ' ', '\t', '"', '<', '{', '|', '\\', '^', '`', '\x7f', '\x80', '%zz', '*', '//x', '?&=;'];
const ODD_VERSIONS = ['HTTP/1.0', 'HTTP/2.0', 'http/1.1', 'HTTP/1.10', 'HTTP/0.9'];
const NAMES = ['Host', 'Content-Type', 'X-Amz-Target', 'X-Amz-Date', 'Authorization', 'User-Agent', 'X-Forwarded-For', 'Accept', 'X-Sdk-Date', 'X-Project-Id'];
const RARE_NAMES = ['Transfer-Encoding', 'Expect', 'Upgrade', 'Connection', 'TE', 'Trailer', 'Content-Length', '__proto__', 'Set-Cookie', 'Cookie', 'X-Empty'];
const VALUE_CHARS = 'abcXYZ0123456789-_./:;=,+ ';
const VALUE_NOISE = ['', '', '', '\t', ' ', '  ', '\x00', '\x7f', '\xe9', '\x01', '\r', '\n', '"'];

function casing(random: Random, name: string): string {
  return [...name].map((c) => (random.chance(0.2) ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
}

function generatedRequest(random: Random): Buffer {
  const method = random.chance(0.95) ? random.pick(METHODS) : random.pick(ODD_METHODS);
  const target = random.chance(0.9) ? random.pick(TARGETS) : random.pick(TARGETS) + random.pick(TARGET_NOISE);
  const version = random.chance(0.95) ? 'HTTP/1.1' : random.pick(ODD_VERSIONS);
  const body = random.text('{}":,abc123 \t\xe9', 0, random.chance(0.03) ? MAX_BODY + 8 : 60);
  const lines: string[] = [];
  const names = random.chance(0.05) ? [] : ['Host'];
  for (let count = random.int(6); count > 0; count--) names.push(random.chance(0.95) ? random.pick(NAMES) : random.pick(RARE_NAMES));
  for (const name of names) {
    let value = random.text(VALUE_CHARS, 0, 24).trim();
    if (name === 'Connection') value = random.pick(['keep-alive', 'Keep-Alive', 'close', 'upgrade']);
    if (name === 'Transfer-Encoding') value = random.pick(['chunked', 'gzip']);
    if (name === 'Content-Length') value = random.pick([String(body.length), '0', '+1', '01', ' 5', '1e2']);
    if (random.chance(0.05)) value = random.pick(VALUE_NOISE) + value + random.pick(VALUE_NOISE);
    const separator = random.chance(0.97) ? random.pick([': ', ':', ':  ', ':\t']) : random.pick([' : ', ' :', '\t:']);
    lines.push(`${casing(random, name)}${separator}${value}`);
  }
  if (!names.includes('Content-Length') && (random.chance(0.8) || body.length > 0)) {
    lines.push(`Content-Length: ${random.chance(0.9) ? body.length : body.length + random.pick([-1, 1, 5])}`);
  }
  const eol = random.chance(0.98) ? '\r\n' : '\n';
  return Buffer.from(`${method} ${target} ${version}${eol}${lines.join(eol)}${eol}${eol}${body}`, 'latin1');
}

const MUTATION_BYTES = [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x3a, 0x7f, 0x80, 0xe9, 0x41, 0x2f, 0x2c, 0x30, 0x22];

/** node's rawHeaders as [lower-case name, value] pairs, sorted. */
function lowerCasedPairs(rawHeaders: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!.toLowerCase(), rawHeaders[i + 1]!]);
  return pairs.sort();
}

function mutated(random: Random, bytes: Buffer): Buffer {
  const at = random.int(bytes.length);
  const byte = random.pick(MUTATION_BYTES);
  switch (random.int(3)) {
    case 0:
      return Buffer.concat([bytes.subarray(0, at), Buffer.of(byte), bytes.subarray(at + 1)]);
    case 1:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
    default:
      return Buffer.concat([bytes.subarray(0, at), Buffer.of(byte), bytes.subarray(at)]);
  }
}

describe('readWholeRequest, against node:http as the reference', () => {
  it(`reads ${CASE_COUNT} generated requests and their mutations exactly as node does, or leaves them to node`, async () => {
    const random = new Random(SEED);
    let taken = 0;
    let left = 0;
    for (let index = 0; index < CASE_COUNT; index++) {
      const original = generatedRequest(random);
      for (const [variant, bytes] of [['original', original], ['mutated', mutated(random, original)]] as const) {
        const caseId = `${index}-${variant}`;
        const ours = readWholeRequest(bytes, MAX_BODY);
        if (ours === null) {
          left += 1;
          continue;
        }
        taken += 1;
        const node = await readThroughNode(bytes.subarray(0, ours.end));
        const shown = `case ${caseId}: ${JSON.stringify(bytes.toString('latin1'))}`;
        expect(node, shown).toEqual({
          requests: [{ method: ours.method, url: ours.target, headers: { ...ours.headers }, rawHeaders: expect.any(Array), body: ours.body.toString('latin1') }],
          errors: [],
        });
        // Node's raw lines are `headers` and no more (no name twice): what lets the path go without them.
        expect(lowerCasedPairs(node.requests[0]!.rawHeaders), shown).toEqual(Object.entries(ours.headers).sort());
        for (let length = 0; length < ours.end; length++) {
          if (readWholeRequest(bytes.subarray(0, length), MAX_BODY) !== null) expect.fail(`case ${caseId}: a prefix of ${length} bytes was read as a request`);
        }
      }
    }
    // Both outcomes are common, so neither side of the comparison is vacuous.
    expect(taken).toBeGreaterThan(CASE_COUNT / 2);
    expect(left).toBeGreaterThan(CASE_COUNT / 2);
  }, 120_000);
});

describe('readWholeRequest', () => {
  const head = (extra = '') => `POST / HTTP/1.1\r\nHost: kms\r\n${extra}Content-Length: 2\r\n\r\n{}`;

  it('reads a whole request and says where the next one starts', () => {
    const bytes = Buffer.from(`${head('X-Amz-Target:  TrentService.Encrypt \t\r\n')}GET`, 'latin1');
    const request = readWholeRequest(bytes, MAX_BODY)!;
    expect(request.method).toBe('POST');
    expect(request.headers['x-amz-target']).toBe('TrentService.Encrypt');
    expect(Object.entries(request.headers)).toEqual([['host', 'kms'], ['x-amz-target', 'TrentService.Encrypt'], ['content-length', '2']]);
    expect(request.body.toString()).toBe('{}');
    expect(request.end).toBe(bytes.length - 3);
  });

  it.each([
    ['a body past the limit', `POST / HTTP/1.1\r\nHost: kms\r\nContent-Length: ${MAX_BODY + 1}\r\n\r\n${'x'.repeat(MAX_BODY + 1)}`],
    ['a repeated header', head('X-Amz-Date: 1\r\nx-amz-date: 2\r\n')],
    ['Transfer-Encoding', head('Transfer-Encoding: chunked\r\n')],
    ['Expect: 100-continue', head('Expect: 100-continue\r\n')],
    ['Connection: close', head('Connection: close\r\n')],
    ['no Host', 'POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}'],
    ['HTTP/1.0', 'POST / HTTP/1.0\r\nHost: kms\r\nContent-Length: 2\r\n\r\n{}'],
    ['HEAD', 'HEAD / HTTP/1.1\r\nHost: kms\r\n\r\n'],
    ['an absolute-form target', 'POST http://kms/ HTTP/1.1\r\nHost: kms\r\nContent-Length: 2\r\n\r\n{}'],
    ['a head longer than the limit', head(`X-Long: ${'a'.repeat(MAX_WHOLE_HEAD_BYTES)}\r\n`)],
    ['a header value with obs-text', head('X-Name: caf\xe9\r\n')],
    ['a folded header line', head('X-Folded: a\r\n b\r\n')],
    ['a body not yet arrived', 'POST / HTTP/1.1\r\nHost: kms\r\nContent-Length: 3\r\n\r\n{}'],
  ])('leaves to node a request with %s', (_, text) => {
    expect(readWholeRequest(Buffer.from(text, 'latin1'), MAX_BODY)).toBeNull();
  });
});

import type { IncomingHttpHeaders } from 'node:http';

/**
 * A request the API listener's own path can serve (whole-request-connections.ts): one that arrived whole
 * and says nothing node:http would treat specially. Everything else goes to node:http, whose parser is the
 * reference: a request read here must read the same there (whole-request.test.ts holds the two side by side
 * on thousands of generated and mutated requests).
 */
export interface TWholeRequest {
  method: string;
  /** As sent: origin form, path and query. */
  target: string;
  /** Lower-case names, no prototype; each name appears once (a repeated header sends the request to node). */
  headers: IncomingHttpHeaders;
  /** name, value, name, value… with names as sent, as node's IncomingMessage.rawHeaders. */
  rawHeaders: string[];
  body: Buffer;
  /** Where in the buffer the next request starts. */
  end: number;
}

/** Far below node's 16 KiB limit, so a head too long for node is always node's to refuse. */
export const MAX_WHOLE_HEAD_BYTES = 8 * 1024;
const MAX_HEADER_LINES = 64;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
// Methods with no special framing (HEAD answers without a body, CONNECT and OPTIONS * have other targets).
// The target: origin form in RFC 3986's unreserved, sub-delims, ':', '@', '/', '?' and '%'; nothing a
// parser might read two ways (no '#', no whitespace, no absolute form, no '*').
const REQUEST_LINE = /^(GET|POST|PUT|DELETE|PATCH) (\/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*) HTTP\/1\.1$/;
/** An HTTP token (RFC 9110 §5.6.2): what a header name may be, read or written. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII and inner spaces or tabs: no obs-text (node reads it as latin1, others as UTF-8), no controls.
const VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?$/;
// As the line holds it after the colon: llhttp refuses whitespace after the digits, and other signs.
const CONTENT_LENGTH = /^ *(?:0|[1-9][0-9]{0,8})$/;
/**
 * Requests with these are node's: headers that change how a request is framed or what the connection
 * becomes; Set-Cookie, which node gives as an array even once; `__proto__`, which node stores on a plain
 * object, where it would set the prototype instead.
 */
const LEFT_TO_NODE: ReadonlySet<string> = new Set(['transfer-encoding', 'expect', 'upgrade', 'http2-settings', 'te', 'trailer', 'set-cookie', '__proto__']);

function headerValueAt(line: string, colon: number): string | null {
  let from = colon + 1;
  let to = line.length;
  while (from < to && (line.charCodeAt(from) === 32 || line.charCodeAt(from) === 9)) from++;
  while (to > from && (line.charCodeAt(to - 1) === 32 || line.charCodeAt(to - 1) === 9)) to--;
  const value = line.slice(from, to);
  return VALUE.test(value) ? value : null;
}

/**
 * Reads the request at the start of `buffer` if it holds all of it (head and body) and it is of the
 * plain kind this path serves: HTTP/1.1, one of the methods above, an origin-form target, CRLF line ends,
 * token header names, visible-ASCII values, no header twice, a Host, at most one Content-Length of at most
 * `maxBodyBytes`, and no framing header (Transfer-Encoding, Expect, Upgrade…) nor a Connection other than
 * keep-alive. Anything else, and anything not yet whole, is null: node:http's to read, answer or refuse.
 */
export function readWholeRequest(buffer: Buffer, maxBodyBytes: number): TWholeRequest | null {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd === -1 || headEnd > MAX_WHOLE_HEAD_BYTES) return null;
  const lines = buffer.toString('latin1', 0, headEnd).split('\r\n');
  if (lines.length > MAX_HEADER_LINES + 1) return null;
  const requestLine = REQUEST_LINE.exec(lines[0]!);
  if (!requestLine) return null;

  const headers: IncomingHttpHeaders = Object.create(null) as IncomingHttpHeaders;
  const rawHeaders: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon);
    if (!HTTP_TOKEN.test(name)) return null;
    const value = headerValueAt(line, colon);
    if (value === null) return null;
    const lower = name.toLowerCase();
    if (LEFT_TO_NODE.has(lower) || headers[lower] !== undefined) return null;
    if (lower === 'connection' && value.toLowerCase() !== 'keep-alive') return null;
    if (lower === 'content-length' && !CONTENT_LENGTH.test(line.slice(colon + 1))) return null;
    headers[lower] = value;
    rawHeaders.push(name, value);
  }
  if (headers.host === undefined) return null;

  let bodyLength = 0;
  const declared = headers['content-length'];
  if (declared !== undefined) {
    bodyLength = Number(declared);
    if (bodyLength > maxBodyBytes) return null;
  }
  const bodyStart = headEnd + HEAD_END.length;
  const end = bodyStart + bodyLength;
  if (buffer.length < end) return null;
  return { method: requestLine[1]!, target: requestLine[2]!, headers, rawHeaders, body: buffer.subarray(bodyStart, end), end };
}

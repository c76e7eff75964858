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
  /**
   * Lower-case names, no prototype. Each name appears once (a repeated header sends the request to node), so
   * these say all that node's rawHeaders would, and the request goes on without them (AwsApiRequest.rawHeaders).
   */
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Where in the buffer the next request starts. */
  end: number;
}

/** Far below node's 16 KiB limit, so a head too long for node is always node's to refuse. */
export const MAX_WHOLE_HEAD_BYTES = 8 * 1024;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
// Methods with no special framing (HEAD answers without a body, CONNECT and OPTIONS * have other targets).
// The target: origin form in RFC 3986's unreserved, sub-delims, ':', '@', '/', '?' and '%'; nothing a
// parser might read two ways (no '#', no whitespace, no absolute form, no '*').
const REQUEST_LINE = /^(GET|POST|PUT|DELETE|PATCH) (\/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*) HTTP\/1\.1$/;
const TOKEN_CHARACTER = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]";
/** An HTTP token (RFC 9110 §5.6.2): what a header name may be, read or written. */
export const HTTP_TOKEN = new RegExp(`^${TOKEN_CHARACTER}+$`);
const MAX_HEADER_LINES = 64;
// Every header line at once, CRLF-terminated: a token name, a colon, and a value of visible ASCII, spaces and
// tabs (no obs-text, which node reads as latin1 and others as UTF-8; no controls). Trimmed of spaces and tabs,
// such a value is what node reads. One pass here costs less than two tests on each line.
const HEADER_LINES = new RegExp(`^(?:${TOKEN_CHARACTER}+:[\\t\\x20-\\x7e]*\\r\\n){1,${MAX_HEADER_LINES}}$`);
// As the line holds it after the colon: llhttp refuses whitespace after the digits, and other signs.
const CONTENT_LENGTH = /^ *(?:0|[1-9][0-9]{0,8})$/;
/**
 * Requests with these are node's: headers that change how a request is framed or what the connection
 * becomes; Set-Cookie, which node gives as an array even once; `__proto__`, which node stores on a plain
 * object, where it would set the prototype instead (on `headers`, which has none, it is an own property).
 */
const LEFT_TO_NODE = ['transfer-encoding', 'expect', 'upgrade', 'http2-settings', 'te', 'trailer', 'set-cookie', '__proto__'] as const;

const isBlank = (code: number) => code === 32 || code === 9;

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
  // The head with its last CRLF, so that every header line ends in one.
  const head = buffer.toString('latin1', 0, headEnd + 2);
  const firstLineEnd = head.indexOf('\r\n');
  const requestLine = REQUEST_LINE.exec(head.slice(0, firstLineEnd));
  if (!requestLine) return null;
  const fieldsStart = firstLineEnd + 2;
  if (!HEADER_LINES.test(head.slice(fieldsStart))) return null;

  const headers: IncomingHttpHeaders = Object.create(null) as IncomingHttpHeaders;
  for (let at = fieldsStart; at < head.length; ) {
    const colon = head.indexOf(':', at);
    const lineEnd = head.indexOf('\r\n', colon);
    let from = colon + 1;
    let to = lineEnd;
    while (from < to && isBlank(head.charCodeAt(from))) from++;
    while (to > from && isBlank(head.charCodeAt(to - 1))) to--;
    const lower = head.slice(at, colon).toLowerCase();
    if (headers[lower] !== undefined) return null;
    if (lower === 'content-length' && !CONTENT_LENGTH.test(head.slice(colon + 1, lineEnd))) return null;
    headers[lower] = head.slice(from, to);
    at = lineEnd + 2;
  }
  // Looked up once each, by names whose hashes V8 already holds, rather than a set probed for every line.
  for (const name of LEFT_TO_NODE) if (headers[name] !== undefined) return null;
  if (headers.host === undefined || (headers.connection !== undefined && headers.connection.toLowerCase() !== 'keep-alive')) return null;

  let bodyLength = 0;
  const declared = headers['content-length'];
  if (declared !== undefined) {
    bodyLength = Number(declared);
    if (bodyLength > maxBodyBytes) return null;
  }
  const bodyStart = headEnd + HEAD_END.length;
  const end = bodyStart + bodyLength;
  if (buffer.length < end) return null;
  return { method: requestLine[1]!, target: requestLine[2]!, headers, body: buffer.subarray(bodyStart, end), end };
}

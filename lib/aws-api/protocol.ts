// AWS JSON 1.1 as KMS speaks it: POST, X-Amz-Target `TrentService.<Operation>`, JSON bodies, errors as
// `{"__type", "message"}`. Framework-free: the Next route and the dedicated listener both adapt to this.

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const TARGET_PREFIX = 'TrentService.';

/** AWS KMS requests are small (4 KiB plaintexts, 6 KiB import blobs); anything past this is refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type THeaders = Record<string, string | string[] | undefined>;

export interface AwsApiRequest {
  method: string;
  /** The request target as received: path and, if any, the query string. Part of what the client signed. */
  path: string;
  /** Lower-case names, as node:http and the Fetch API both give them. */
  headers: THeaders;
  /**
   * node:http's IncomingMessage.rawHeaders (name, value, name, value…, names as sent): every occurrence of a
   * repeated header, which `headers` joins with ", " or drops. SigV4 canonicalises signed headers from these
   * when present (AWS joins repeated values with ","). Edges without them (the Fetch API) leave it out, as
   * does the API listener's whole-request path, which takes no request with a header sent twice.
   */
  rawHeaders?: readonly string[];
  body: Buffer;
  /**
   * The client's address as the edge resolved it (the socket's peer, or what a trusted proxy reported):
   * recorded with every audit record the request causes. Absent when the edge cannot tell.
   */
  clientAddress?: string | null;
}

export interface AwsApiResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
  /**
   * The ID the handler gave the request: edges answer it in REQUEST_ID_HEADER (the AWS SDK shows it as
   * `$metadata.requestId`), and the request's log line carries it, so a client's report finds the line.
   */
  requestId?: string;
}

/** AWS's spelling; node:http keeps the case as written, SDKs read it case-insensitively. */
export const REQUEST_ID_HEADER = 'x-amzn-RequestId';

/** A refusal the protocol layer decides itself (not a domain KmsError): carries its AWS exception name. */
export class AwsApiError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = 'AwsApiError';
    this.type = type;
    this.status = status;
  }
}

// Shared, never mutated: the one header of a response's own, its request ID, travels beside them
// (AwsApiResponse.requestId) and the edges add it where they copy the headers anyway. Answers carry plaintexts and data keys:
// no cache may keep them, and no browser may read them as anything but JSON.
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': JSON_CONTENT_TYPE,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/**
 * An answer an operation wrote as JSON text itself (the data plane's, see operations/crypto.ts), with the key it
 * names for the request's log line. Only for members whose values never need JSON escaping.
 */
export class JsonText {
  constructor(
    readonly text: string,
    readonly keyId: string | null,
  ) {}
}

export function jsonResponse(status: number, payload: unknown): AwsApiResponse {
  return { status, headers: JSON_HEADERS, body: payload instanceof JsonText ? payload.text : JSON.stringify(payload) };
}

export function errorResponse(options: { type: string; message: string; status: number }): AwsApiResponse {
  return jsonResponse(options.status, { __type: options.type, message: options.message });
}

/** One value of a header; a repeated header (never legitimate for the ones read here) counts as absent. */
export function singleHeader(headers: THeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The refusal for a body over MAX_BODY_BYTES; edges send it before reading the rest. */
export function bodyTooLargeResponse(): AwsApiResponse {
  return errorResponse({ type: 'ValidationException', message: `The request body exceeds ${MAX_BODY_BYTES} bytes.`, status: 413 });
}

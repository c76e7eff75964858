import { isUtf8 } from 'node:buffer';

/**
 * A request body read as a JSON object, as both APIs take them; `refuse` words the refusal in the API's own
 * error type. The UTF-8 check comes first: decoding would turn every invalid sequence into U+FFFD, so
 * different bytes would read as the same text (two encryption contexts binding alike, descriptions stored
 * other than sent). An empty body is an operation without parameters.
 */
export function parseJsonObjectBody(body: Buffer, refuse: (message: string) => Error): Record<string, unknown> {
  if (!isUtf8(body)) throw refuse('The request body is not valid UTF-8.');
  let parsed: unknown;
  try {
    parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw refuse('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

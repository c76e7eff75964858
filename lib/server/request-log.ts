import type { Logger } from 'pino';
import type { TApiRequestEvent } from '@/lib/aws-api';

/**
 * The line's fields, as one literal: spreading a conditional object into it cost a Huawei request more than its
 * whole signature check (a CPU profile of the listener).
 */
function lineFields(event: TApiRequestEvent) {
  return {
    requestId: event.requestId,
    operation: event.operation,
    actorId: event.actorId,
    keyId: event.keyId,
    result: event.result,
    status: event.status,
    durationMs: Math.round(event.durationMs * 100) / 100,
  };
}

/**
 * One line per API request (AWS, or Huawei with `api: 'huawei'`), from the handler's `observe` option: the event holds names and outcomes
 * only (lib/aws-api/handler.ts), so nothing a client sent in the body (plaintexts, encryption contexts,
 * key material, tokens) can reach the line. Answers the server failed to give (5xx) are errors.
 */
export function requestLogObserver(logger: Logger): (event: TApiRequestEvent) => void {
  // Without the logger's redaction, which only ever replaces fields by name: these lines have a fixed set of
  // fields, none of them by a secret's name, so it could never act here, yet it cost ~25 µs a line, a tenth
  // of an Encrypt (bench/api-profile.ts).
  const lines = logger.child({}, { redact: [] });
  return (event) => {
    const fields: ReturnType<typeof lineFields> & { api?: 'huawei' } = lineFields(event);
    // Only the Huawei API's lines say so: the AWS API's lines stay as they were.
    if (event.api === 'huawei') fields.api = 'huawei';
    if (event.status >= 500) lines.error(fields, 'api request');
    else lines.info(fields, 'api request');
  };
}

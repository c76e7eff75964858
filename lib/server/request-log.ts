import pino, { type DestinationStream, type Logger } from 'pino';
import type { TApiRequestEvent } from '@/lib/aws-api';

const MESSAGE = 'api request';
const INFO = 30;
const ERROR = 50;

/** The pieces of a logger's line that do not depend on what is logged, read through pino's public symbols. */
interface TLinePieces {
  /** `{"level":"info"` and the like, by level number. */
  levelOpening: Record<number, string>;
  /** `,"time":"…"`, formatted by the logger's own timestamp function. */
  time: () => string;
  /** `,"pid":…,"component":"api"`: the logger's bindings, serialised once by pino. */
  bindings: string;
  /** `}` and the newline. */
  end: string;
  destination: DestinationStream;
}

function linePieces(logger: Logger): TLinePieces | null {
  const { lsCacheSym, timeSym, chindingsSym, endSym, streamSym, needsMetadataGsym } = pino.symbols;
  const internals = logger as unknown as Record<symbol, unknown>;
  const destination = internals[streamSym] as (DestinationStream & Record<symbol, unknown>) | undefined;
  const pieces = {
    levelOpening: internals[lsCacheSym] as Record<number, string>,
    time: internals[timeSym] as () => string,
    bindings: internals[chindingsSym] as string,
    end: internals[endSym] as string,
    destination,
  };
  // A destination that wants each line's level (pino.multistream) is left to pino, as is anything unexpected.
  const usable =
    destination && typeof destination.write === 'function' && !destination[needsMetadataGsym] && typeof pieces.time === 'function' &&
    typeof pieces.bindings === 'string' && typeof pieces.end === 'string' && typeof pieces.levelOpening?.[INFO] === 'string' && typeof pieces.levelOpening[ERROR] === 'string';
  return usable ? (pieces as TLinePieces) : null;
}

/** Characters JSON never escapes: request IDs, operations, results, actors and most key IDs are made of these. */
const PLAIN_TEXT = /^[\w.:/@+=,-]*$/;
const quoted = (value: string | null) => (value === null ? 'null' : PLAIN_TEXT.test(value) ? `"${value}"` : JSON.stringify(value));

/**
 * The line as pino writes it for `logger.info(fields, 'api request')`, byte for byte (request-log.test.ts
 * holds the two together), without pino's general path: that walked and stringified the field object per
 * request, and was the largest part of a request's bookkeeping (bench/README.md).
 */
function serialisedLine(pieces: TLinePieces, level: number, event: TApiRequestEvent): string {
  return (
    `${pieces.levelOpening[level]}${pieces.time()}${pieces.bindings}` +
    `,"requestId":${quoted(event.requestId)},"operation":${quoted(event.operation)},"actorId":${quoted(event.actorId)}` +
    `,"keyId":${quoted(event.keyId)},"result":${quoted(event.result)},"status":${event.status}` +
    `,"durationMs":${Math.round(event.durationMs * 100) / 100}${event.api === 'huawei' ? ',"api":"huawei"' : ''},"msg":"${MESSAGE}"${pieces.end}`
  );
}

/**
 * One line per API request (AWS, or Huawei with `api: 'huawei'`), from the handler's `observe` option: the event holds names and outcomes
 * only (lib/aws-api/handler.ts), so nothing a client sent in the body (plaintexts, encryption contexts,
 * key material, tokens) can reach the line. Answers the server failed to give (5xx) are errors. The fields
 * are fixed and none has a secret's name, so the logger's redaction (which acts by field name) never applies.
 */
export function requestLogObserver(logger: Logger): (event: TApiRequestEvent) => void {
  const pieces = linePieces(logger);
  if (!pieces) {
    return (event) => {
      const fields = {
        requestId: event.requestId,
        operation: event.operation,
        actorId: event.actorId,
        keyId: event.keyId,
        result: event.result,
        status: event.status,
        durationMs: Math.round(event.durationMs * 100) / 100,
        ...(event.api === 'huawei' ? { api: 'huawei' } : {}),
      };
      if (event.status >= 500) logger.error(fields, MESSAGE);
      else logger.info(fields, MESSAGE);
    };
  }
  // Keyfort sets its level once, at start (KEYFORT_LOG_LEVEL).
  const writes = { [INFO]: logger.isLevelEnabled('info'), [ERROR]: logger.isLevelEnabled('error') };
  return (event) => {
    const level = event.status >= 500 ? ERROR : INFO;
    if (writes[level]) pieces.destination.write(serialisedLine(pieces, level, event));
  };
}

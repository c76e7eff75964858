import pino, { type DestinationStream } from 'pino';

// Log lines leave in batches, at most one write per LOG_BATCH_MS: under load the API's request lines (one per
// request) would otherwise each cost a write system call and a timer, as much as a tenth of a Decrypt. A
// turn of the event loop per batch was not enough: under wrk a worker answers one or two requests per turn.

/** How long a line may wait for others to leave with it. Short enough to be invisible to anyone tailing. */
export const LOG_BATCH_MS = 20;
/** Pending text that leaves at once, without waiting for the timer: a burst never holds much in memory. */
export const LOG_BATCH_MAX_CHARS = 64 * 1024;

/**
 * Standard output, written synchronously in batches, in order. A process that exits (process.exit, an
 * uncaught exception) writes what is pending first, so a line logged just before exiting is never lost; only
 * a kill that gives no chance to run (SIGKILL) can lose the last LOG_BATCH_MS of lines.
 */
export function batchedStdout(): DestinationStream {
  return batchedDestination(pino.destination({ dest: 1, sync: true }));
}

/** Lines for `sink` gathered for LOG_BATCH_MS (an unreferenced timer), until LOG_BATCH_MAX_CHARS, or until the process exits. */
export function batchedDestination(
  sink: DestinationStream,
  options: { schedule?: (flush: () => void) => void; atExit?: (flush: () => void) => void } = {},
): DestinationStream {
  const schedule = options.schedule ?? ((flush: () => void) => void setTimeout(flush, LOG_BATCH_MS).unref());
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const lines = pending;
    pending = '';
    sink.write(lines);
  };
  (options.atExit ?? ((run: () => void) => void process.on('exit', run)))(flush);
  return {
    write(line: string) {
      pending += line;
      // The scheduled flush then finds nothing pending, or this batch's later lines.
      if (pending.length >= LOG_BATCH_MAX_CHARS) return flush();
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
  };
}

/**
 * pino's ISO timestamp, formatted once per millisecond: formatting a date costs more than the rest of a
 * request line, and under load many lines share a millisecond.
 */
export function cachedIsoTime(now: () => number = Date.now): () => string {
  let formattedAt = Number.NaN;
  let formatted = '';
  return () => {
    const ms = now();
    if (ms !== formattedAt) {
      formattedAt = ms;
      formatted = `,"time":"${new Date(ms).toISOString()}"`;
    }
    return formatted;
  };
}

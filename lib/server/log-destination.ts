import pino, { type DestinationStream } from 'pino';

// Log lines leave in batches, one write per turn of the event loop: under load the API's request lines (one
// per request) would otherwise each cost a write system call, as much as a tenth of a Decrypt.

/**
 * Standard output, written synchronously once per event-loop turn with every line logged in it, in order.
 * A process that exits (process.exit, an uncaught exception) writes what is pending first, so a line logged
 * just before exiting is never lost; only a kill that gives no chance to run (SIGKILL) can lose one turn's.
 */
export function batchedStdout(): DestinationStream {
  return batchedDestination(pino.destination({ dest: 1, sync: true }));
}

/** Lines for `sink` gathered until the next turn of the event loop (setImmediate), or the process's exit. */
export function batchedDestination(
  sink: DestinationStream,
  options: { schedule?: (flush: () => void) => void; atExit?: (flush: () => void) => void } = {},
): DestinationStream {
  const schedule = options.schedule ?? ((flush: () => void) => void setImmediate(flush));
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

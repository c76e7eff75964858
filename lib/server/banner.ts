import type { Logger } from 'pino';

/**
 * A block written for a person to read at start-up (the set-up code, the evaluation-only root key warning):
 * printed as is on stderr, where the terminal and the service journal show it and stdout's JSON lines stay
 * parseable, with one JSON line on stdout saying that it was printed.
 */
export function printBanner(options: { logger: Logger; text: string; summary: string; level?: 'info' | 'warn' }): void {
  process.stderr.write(`\n${options.text}\n\n`);
  options.logger[options.level ?? 'warn'](options.summary);
}

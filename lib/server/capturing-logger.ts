import { createLogger, type TLogLevel } from './logger';

/** For tests: a real logger (same format, same redaction) whose lines are kept instead of written. */
export function capturingLogger(level: TLogLevel = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

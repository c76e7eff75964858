import { readFileSync } from 'node:fs';

/** Written by scripts/e2e-server.mjs: where the e2e server's output is logged. */
const SERVER_LOG_PATH_FILE = 'e2e/.auth/server-log-path';
/** The end of the line before the code in the start-up block (lib/auth/offer-setup-code.ts). */
const MARKER = 'enter this set-up code:';

/** The set-up code the e2e server printed at start-up (the latest one), or null while it is not logged yet. */
export function setupCodeFromServerLog(): string | null {
  const log = readFileSync(readFileSync(SERVER_LOG_PATH_FILE, 'utf8').trim(), 'utf8');
  const at = log.lastIndexOf(MARKER);
  if (at < 0) return null;
  const lines = log.slice(at + MARKER.length).split('\n').map((line) => line.trim());
  return lines.find((line) => line.length > 0) ?? null;
}

// Where a test run keeps what the secrets check (scripts/check-logs-for-secrets.mjs) reads: every test
// server's whole output under test-logs/servers/, and the secrets the suites used in test-logs/secrets-used.txt.
// Plain JavaScript: scripts/e2e-server.mjs (run by Playwright without a compiler) uses it too.
// test-logs/ and not test-results/: Playwright empties test-results/ when it starts, after the API suite ran.
import { appendFileSync, createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_LOGS_DIR = process.env.KEYFORT_TEST_LOGS_DIR ?? fileURLToPath(new URL('../../test-logs', import.meta.url));
export const SERVER_LOGS_DIR = path.join(TEST_LOGS_DIR, 'servers');
export const SECRETS_FILE = path.join(TEST_LOGS_DIR, 'secrets-used.txt');

let opened = 0;
/** What this process recorded already: a plaintext sent a hundred times is one line. */
const recorded = new Set();

/** A new file for one server process's output (stdout and stderr as they come), named after `label`. */
export function serverLogStream(label) {
  mkdirSync(SERVER_LOGS_DIR, { recursive: true });
  opened += 1;
  const name = `${label.replace(/[^A-Za-z0-9_-]+/g, '-')}-${process.pid}-${opened}-${Date.now()}.log`;
  return createWriteStream(path.join(SERVER_LOGS_DIR, name), { flags: 'a' });
}

/**
 * Notes a secret a test sent or was given (an access-key secret, a password, a plaintext, key material, an
 * import token…) so the check can look for it in the servers' logs. `kind` names it in the check's report;
 * the value is stored base64-encoded (binary material included), never printed.
 */
export function recordSecret(kind, value) {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  if (bytes.length === 0) return;
  const line = `${kind.replace(/\s+/g, '-')}\t${bytes.toString('base64')}\n`;
  if (recorded.has(line)) return;
  recorded.add(line);
  mkdirSync(TEST_LOGS_DIR, { recursive: true });
  appendFileSync(SECRETS_FILE, line);
}

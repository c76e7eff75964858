// The last step of scripts/test-all.sh: greps every test server's log (test-logs/servers/) for the secrets
// the suites recorded using (test-logs/secrets-used.txt, tests/support/test-logs.mjs) — as sent, in base64
// (padded or not, URL-safe too), in hex and JSON-escaped. Fails naming the log file and the secret's kind,
// never the secret. Also fails when there are no logs or no recorded secrets: an empty check proves nothing.
// `node scripts/check-logs-for-secrets.mjs [--logs <dir>] [--secrets <file>]`
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Shorter values would match by chance (a 4-byte plaintext is a common word); tests record longer ones. */
export const MIN_SECRET_BYTES = 8;

function readSecrets(file) {
  const byValue = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [kind, encoded] = line.split('\t');
    if (!kind || !encoded) continue;
    const value = Buffer.from(encoded, 'base64');
    if (value.length >= MIN_SECRET_BYTES && !byValue.has(encoded)) byValue.set(encoded, { kind, value });
  }
  return [...byValue.values()];
}

/** The spellings under which a value could reach a log line. */
export function formsOf(value) {
  const base64 = value.toString('base64');
  const forms = new Map([
    ['raw', value],
    ['base64', Buffer.from(base64.replace(/=+$/, ''))],
    ['base64url', Buffer.from(value.toString('base64url'))],
    ['hex', Buffer.from(value.toString('hex'))],
    ['HEX', Buffer.from(value.toString('hex').toUpperCase())],
  ]);
  const text = value.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(value)) forms.set('json', Buffer.from(JSON.stringify(text).slice(1, -1)));
  // A form that is the same bytes as another (a hex-looking secret) is searched once.
  const seen = new Set();
  return [...forms].filter(([, bytes]) => !seen.has(bytes.toString('base64')) && seen.add(bytes.toString('base64')));
}

function logFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return logFiles(full);
    return entry.isFile() ? [full] : [];
  });
}

/**
 * `{ ok, problems, summary }`. A problem names the file and the kind and form of what was found there, or
 * says why the check could not be made.
 */
export function checkLogsForSecrets({ logsDir, secretsFile }) {
  let secrets = [];
  try {
    secrets = readSecrets(secretsFile);
  } catch {
    // Reported below as "no recorded secrets".
  }
  let files = [];
  try {
    files = statSync(logsDir).isDirectory() ? logFiles(logsDir) : [];
  } catch {
    // Reported below as "no logs".
  }
  const logs = files.map((file) => ({ file, bytes: readFileSync(file) }));
  const totalBytes = logs.reduce((sum, log) => sum + log.bytes.length, 0);
  const problems = [];
  if (secrets.length === 0) problems.push(`no recorded secrets (of at least ${MIN_SECRET_BYTES} bytes) in ${secretsFile}: the suites record what they use`);
  if (totalBytes === 0) problems.push(`no server logs under ${logsDir} (or all empty): the test servers write their output there`);
  for (const { file, bytes } of logs) {
    for (const { kind, value } of secrets) {
      const found = formsOf(value).filter(([, form]) => bytes.includes(form)).map(([name]) => name);
      if (found.length > 0) problems.push(`${path.relative(ROOT, file)}: a secret of kind "${kind}" appears (${found.join(', ')})`);
    }
  }
  const kinds = new Set(secrets.map((secret) => secret.kind));
  const summary = `${secrets.length} secrets of ${kinds.size} kinds (${[...kinds].sort().join(', ')}) looked for in ${logs.length} log files (${totalBytes} bytes)`;
  return { ok: problems.length === 0, problems, summary };
}

function argument(name, fallback) {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const testLogs = process.env.KEYFORT_TEST_LOGS_DIR ?? path.join(ROOT, 'test-logs');
  const result = checkLogsForSecrets({
    logsDir: argument('--logs', path.join(testLogs, 'servers')),
    secretsFile: argument('--secrets', path.join(testLogs, 'secrets-used.txt')),
  });
  if (result.ok) {
    console.log(`No secret in the test servers' logs: ${result.summary}.`);
  } else {
    console.error(`The secrets check failed: ${result.summary}.`);
    for (const problem of result.problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
}

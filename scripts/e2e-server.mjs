// Starts Keyfort for the end-to-end tests on a fresh, empty data folder (so the first-run set-up flow
// is exercised for real) with short background-job intervals. The server's output is echoed and also
// written to server.log in that folder, whose path goes to e2e/.auth/server-log-path: first-run.setup.ts
// reads the set-up code Keyfort prints there, as an operator would.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverLogStream } from '../tests/support/test-logs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'keyfort-e2e-'));
console.log(`e2e data folder: ${dataDir}`);
const logPath = join(dataDir, 'server.log');
const log = createWriteStream(logPath, { flags: 'a' });
// A copy where the secrets check of a full run reads every test server's output (tests/support/test-logs.mjs).
const checkedLog = serverLogStream('e2e-server');
mkdirSync(join(root, 'e2e', '.auth'), { recursive: true });
writeFileSync(join(root, 'e2e', '.auth', 'server-log-path'), logPath);

const env = {
  ...process.env,
  KEYFORT_DATA_DIR: dataDir,
  KEYFORT_SWEEP_INTERVAL_MS: process.env.KEYFORT_SWEEP_INTERVAL_MS ?? '1000',
  KEYFORT_PURGE_INTERVAL_MS: process.env.KEYFORT_PURGE_INTERVAL_MS ?? '1000',
  // npm start also opens the dedicated API listener: next to the console's port, not on the default 4000.
  KEYFORT_API_PORT: process.env.KEYFORT_API_PORT ?? String(Number(process.env.PORT ?? 3210) + 1),
  KEYFORT_API_HOST: '127.0.0.1',
  // A message next-intl cannot produce shows a marker the raw-key check (e2e/i18n-raw-keys.spec.ts) finds.
  KEYFORT_MARK_MISSING_MESSAGES: '1',
};
delete env.DATABASE_URL;
delete env.KEYFORT_ADMIN_EMAIL;
delete env.KEYFORT_ADMIN_PASSWORD;

const server = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env, stdio: ['inherit', 'pipe', 'pipe'] });
for (const [from, to] of [
  [server.stdout, process.stdout],
  [server.stderr, process.stderr],
]) {
  from.on('data', (chunk) => {
    to.write(chunk);
    log.write(chunk);
    checkedLog.write(chunk);
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

// `npm start`: builds what is missing or older than the sources (the console with `next build`, the AWS API
// listener with scripts/build-api.mjs), serves the console, and once it is ready starts the API listener
// (KEYFORT_API_PORT, default 4000). It supervises both: one that stops on its own is logged and restarted
// with backoff (the console keeps serving while the API listener is down, and the other way round); one
// that stops with exit code 78 (a configuration error) stops everything with that code; SIGINT/SIGTERM stop
// both. This keeps "npm ci && npm start" the whole set-up on a fresh machine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_CONFIGURATION_ERROR } from '../lib/server/exit-codes.mjs';
import { answerRootKeyRequests, childEnvironment, rootKeyValue } from '../lib/server/root-key-handover.mjs';
import { relayChangesFrom } from '../lib/server/change-relay.mjs';
import { writeLogLine } from '../lib/server/log-line.mjs';
import { superviseChild } from '../lib/server/supervisor.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildId = join(root, '.next', 'BUILD_ID');
const apiBundle = join(root, '.next', 'keyfort', 'api-server.mjs');
const consoleFrontBundle = join(root, '.next', 'keyfort', 'serve.mjs');
const sourceDirs = ['app', 'components', 'lib', 'i18n', 'messages', 'public', 'prisma'];
const sourceFiles = ['next.config.js', 'package-lock.json', 'postcss.config.mjs', 'proxy.ts', 'instrumentation.ts'];
const apiSources = ['lib', 'prisma', 'package-lock.json', 'tsconfig.json', 'scripts/api-server.ts', 'scripts/serve.ts', 'scripts/build-api.mjs'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'generated') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function isStale(output, sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((p) => newestMtime(join(root, p)) > built);
}

function run(what, args) {
  writeLogLine({ level: 'info', component: 'startup', msg: `Keyfort: building ${what} (first start or sources changed)…` });
  const build = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Taken out of the environment before anything is spawned: the children ask for it over IPC instead
// (lib/server/root-key-handover.mjs says why).
const rootKey = rootKeyValue();
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

if (process.env.KEYFORT_SKIP_BUILD !== '1') {
  // `next build` empties .next, the API bundle included: so it goes first.
  if (isStale(buildId, [...sourceDirs, ...sourceFiles])) run('the console', [nextBin, 'build']);
  // One build makes both bundles: the API listener and the console's front server (scripts/serve.ts).
  if (isStale(apiBundle, apiSources) || !existsSync(consoleFrontBundle)) run('the AWS API listener', [join(root, 'scripts', 'build-api.mjs')]);
}

// The console and the API listener tell each other of committed changes, so each one's caches forget at once.
const liveChildren = new Set();
function spawnKeyfortProcess(args, childEnv) {
  const child = spawn(process.execPath, args, { cwd: root, env: childEnvironment(childEnv, rootKey), stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  answerRootKeyRequests(child, rootKey);
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  relayChangesFrom(child, () => liveChildren);
  return child;
}

// Each child drains its requests for up to KEYFORT_SHUTDOWN_GRACE_MS (which it validates itself) and then
// stops its jobs, pool and workers: it is killed only once that had time to finish.
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
const CHILD_STOP_MARGIN_MS = 10_000;
const graceSetting = process.env.KEYFORT_SHUTDOWN_GRACE_MS?.trim() ?? '';
const stopGraceMs = (/^\d+$/.test(graceSetting) ? Number(graceSetting) : DEFAULT_SHUTDOWN_GRACE_MS) + CHILD_STOP_MARGIN_MS;

let stopping = false;
async function stopAll(exitCode, signal = 'SIGTERM') {
  if (stopping) return;
  stopping = true;
  await Promise.all([consoleServer.stop(signal), apiServer.stop(signal)]);
  process.exit(exitCode);
}
const stopOnConfigurationError = () => {
  writeLogLine({ level: 'fatal', component: 'supervisor', msg: 'Keyfort stops: fix the configuration named above and start it again.' });
  void stopAll(EXIT_CONFIGURATION_ERROR);
};

// The console consumed the bootstrap secrets at its start-up (administrator, access key); the listener
// needs neither, and an ID without its secret would stop it.
const apiEnv = { ...env, NODE_ENV: 'production' };
for (const name of ['KEYFORT_ADMIN_PASSWORD', 'KEYFORT_BOOTSTRAP_ACCESS_KEY_ID', 'KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY']) delete apiEnv[name];
const apiServer = superviseChild({
  name: 'the AWS API listener',
  spawnChild: () => spawnKeyfortProcess([apiBundle], apiEnv),
  onConfigurationError: stopOnConfigurationError,
  stopGraceMs,
});
let apiStarted = false;

const consoleServer = superviseChild({
  name: 'the console',
  spawnChild: () => {
    const child = spawnKeyfortProcess([join(root, 'scripts', 'serve.mjs')], { ...env, NODE_ENV: 'production' });
    child.on('message', (message) => {
      // The first time only: a restarted console finds the listener running (or being restarted) already.
      if (message?.type !== 'keyfort-console-ready' || apiStarted || stopping) return;
      apiStarted = true;
      apiServer.start();
    });
    return child;
  },
  onConfigurationError: stopOnConfigurationError,
  stopGraceMs,
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll(0, signal));
consoleServer.start();

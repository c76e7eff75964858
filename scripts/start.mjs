// `npm start`: builds what is missing or older than the sources (the console with `next build`, the AWS API
// listener with scripts/build-api.mjs), serves the console, and once it is ready starts the API listener
// (KEYFORT_API_PORT, default 4000). Both stop together: on SIGINT/SIGTERM, or when either one exits.
// This keeps "npm ci && npm start" the whole set-up on a fresh machine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  console.log(`Keyfort: building ${what} (first start or sources changed)…`);
  const build = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

if (process.env.KEYFORT_SKIP_BUILD !== '1') {
  // `next build` empties .next, the API bundle included: so it goes first.
  if (isStale(buildId, [...sourceDirs, ...sourceFiles])) run('the console', [nextBin, 'build']);
  // One build makes both bundles: the API listener and the console's front server (scripts/serve.ts).
  if (isStale(apiBundle, apiSources) || !existsSync(consoleFrontBundle)) run('the AWS API listener', [join(root, 'scripts', 'build-api.mjs')]);
}

const children = new Set();
let stopping = false;

function stopAll(signal = 'SIGTERM') {
  stopping = true;
  for (const child of children) child.kill(signal);
}

function start(args, childEnv) {
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.on('exit', (code) => {
    children.delete(child);
    // One half of Keyfort without the other is not a working Keyfort: stop the rest and fail.
    if (!stopping) {
      process.exitCode = code || 1;
      stopAll();
    }
    if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  return child;
}

const consoleServer = start([join(root, 'scripts', 'serve.mjs')], { ...env, NODE_ENV: 'production' });
consoleServer.on('message', (message) => {
  if (message?.type !== 'keyfort-console-ready' || stopping) return;
  // The console consumed the bootstrap secrets at its start-up (administrator, access key); the listener
  // needs neither, and an ID without its secret would stop it.
  const apiEnv = { ...env, NODE_ENV: 'production' };
  for (const name of ['KEYFORT_ADMIN_PASSWORD', 'KEYFORT_BOOTSTRAP_ACCESS_KEY_ID', 'KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY']) delete apiEnv[name];
  start([apiBundle], apiEnv);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    process.exitCode = 0;
    stopAll(signal);
  });
}

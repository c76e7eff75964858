// `npm run backup -- <file>` (scripts/backup.ts says what it does). Runs the bundle .next/keyfort/backup.mjs
// with plain node, as `npm start` runs the listeners: a production install needs no tsx. The bundle is (re)built
// first when missing or older than its sources, unless KEYFORT_SKIP_BUILD=1 (prebuilt, dev tools pruned).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, '.next', 'keyfort', 'backup.mjs');
const sources = ['lib/db', 'lib/server', 'lib/kms', 'scripts/backup.ts', 'scripts/build-api.mjs', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) if (entry !== 'generated') newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const stale = !existsSync(bundle) || sources.some((source) => newestMtime(join(root, source)) > statSync(bundle).mtimeMs);
if (stale && process.env.KEYFORT_SKIP_BUILD !== '1') {
  // Its output goes to stderr: stdout is the backup's report, which scripts may read.
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-api.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(bundle)) {
  console.error('[keyfort] backup: .next/keyfort/backup.mjs is missing; run `npm run build:api` (or unset KEYFORT_SKIP_BUILD).');
  process.exit(1);
}
await import(pathToFileURL(bundle).href);

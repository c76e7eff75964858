// Serves the built console: runs the bundle of scripts/serve.ts that scripts/build-api.mjs writes next to the
// API listener's (`npm start` and `npm run build` make both; `next build` alone empties .next).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeLogLine } from '../lib/server/log-line.mjs';

const bundle = fileURLToPath(new URL('../.next/keyfort/serve.mjs', import.meta.url));
if (!existsSync(bundle)) {
  const msg = 'cannot start the console: .next/keyfort/serve.mjs is missing. Run `npm run build` (or `node scripts/build-api.mjs` after `next build`).';
  writeLogLine({ level: 'fatal', component: 'console', msg });
  process.exit(1);
}
await import(bundle);

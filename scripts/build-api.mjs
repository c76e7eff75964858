// Bundles the dedicated AWS API listener (scripts/api-server.ts), the console's front server
// (scripts/serve.ts) and `npm run backup` (scripts/backup.ts), with the lib/ code they use, into .next/keyfort/, run by
// `npm start`. Packages stay external: they are loaded from node_modules at run time, as the console does
// (native drivers, Prisma's runtime, Next itself). `next build` empties .next: run this after it.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['scripts/api-server.ts', 'scripts/serve.ts', 'scripts/backup.ts'],
  outdir: '.next/keyfort',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  tsconfig: 'tsconfig.json',
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS-style code (and Prisma's generated client) may call require; ESM has none by default.
  banner: { js: "import { createRequire as __keyfortCreateRequire } from 'node:module'; const require = __keyfortCreateRequire(import.meta.url);" },
});
console.log('Keyfort: built .next/keyfort/api-server.mjs, serve.mjs and backup.mjs');

// Generates both Prisma clients (SQLite and PostgreSQL). Prisma's CLI insists on a native schema engine
// binary even for `generate`, which never runs it; none can be downloaded on our machines, so point it
// at an existing file when the caller has not chosen one.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

for (const provider of ['sqlite', 'postgresql']) {
  execFileSync('npx', ['--no-install', 'prisma', 'generate', '--schema', `prisma/${provider}`], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

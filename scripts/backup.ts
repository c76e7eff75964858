// `npm run backup -- <file>`: bundled by scripts/build-api.mjs into .next/keyfort/backup.mjs and run by
// scripts/backup.mjs, like the listeners, so it needs no development tools (tsx) at run time.
import { runBackupCommand } from '@/lib/server/backup-command';

process.exitCode = await runBackupCommand({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.env.INIT_CWD || process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

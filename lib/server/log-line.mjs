// JSON log lines for the plain .mjs processes (scripts/start.mjs, its supervisor, scripts/serve.mjs), which
// run without a bundler: the same shape as lib/server/logger.ts writes with pino, by hand, so `npm start`'s
// whole output is one JSON object a line. They log names, exit codes and signals only, never a value.

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/** KEYFORT_LOG_LEVEL as the children read it; an unknown value logs at info here (the children refuse it, exit 78). */
function threshold(env) {
  const level = env.KEYFORT_LOG_LEVEL?.trim().toLowerCase();
  return LEVELS[level] ?? LEVELS.info;
}

/** Writes one line to stdout unless `level` is below KEYFORT_LOG_LEVEL. */
export function writeLogLine({ level, component, msg, fields = {}, env = process.env, write = (line) => process.stdout.write(line) }) {
  if (LEVELS[level] < threshold(env)) return;
  write(`${JSON.stringify({ level, time: new Date().toISOString(), pid: process.pid, component, ...fields, msg })}\n`);
}

/**
 * Young-generation size for API workers, unless the operator set one (NODE_OPTIONS or node's arguments).
 * Every request allocates short-lived objects (parsed JSON, buffers, promises); a larger nursery means fewer
 * scavenges, which measurably raises requests per second (bench/api-throughput.ts) for up to ~100 MB more
 * memory per worker.
 */
export const WORKER_SEMI_SPACE_MB = 32;

/**
 * Node's arguments for the API's cluster workers: the primary's own, plus the young-generation size and
 * `--single-threaded-gc`, each unless the operator already chose (either way) in the arguments or
 * NODE_OPTIONS. The GC runs on the worker's own thread because by default there is a worker per core: V8's
 * helper threads would only take cores from the sibling workers (a few per cent more Decrypt requests per
 * second, bench/README.md).
 */
export function workerExecArgv(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, nodeOptions ?? ''];
  const chosen = (flag: string) => given.some((arg) => arg.includes(flag));
  const added: string[] = [];
  if (!chosen('--max-semi-space-size')) added.push(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  if (!chosen('single-threaded-gc')) added.push('--single-threaded-gc');
  return [...execArgv, ...added];
}

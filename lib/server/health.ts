/**
 * Liveness and readiness, free of any HTTP framework: both listeners (scripts/serve.ts, api-listener.ts)
 * answer /healthz and /readyz from here. Liveness needs nothing but a running event loop; readiness asks
 * whether this process should be sent traffic now.
 */

/** Which check kept the process out of rotation; the only detail a probe's answer carries. */
export type TReadinessFailure = 'database' | 'migrations' | 'shutting-down';

export interface TReadinessProbes {
  /** Resolves when the database answers a trivial query. */
  database: () => Promise<void>;
  /** Resolves true when every migration this build ships is recorded as applied. */
  migrationsApplied: () => Promise<boolean>;
  shuttingDown: () => boolean;
}

export interface TReadiness {
  ready: boolean;
  failed: TReadinessFailure | null;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 2_000;

const TIMED_OUT = Symbol('timed out');

function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A readiness checker. Concurrent probes share one check in flight, so a burst of probes (or someone
 * hammering the unauthenticated endpoint) costs the database one query at a time. A database that does not
 * answer within `timeoutMs` is as unready as one that refuses: a probe must answer before its own timeout.
 */
export function createReadinessCheck(options: { probes: TReadinessProbes; timeoutMs?: number }): () => Promise<TReadiness> {
  const { probes } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  let inFlight: Promise<TReadiness> | null = null;

  const check = async (): Promise<TReadiness> => {
    const answered = await within(
      probes.database().then(() => true, () => false),
      timeoutMs,
    );
    if (answered !== true) return { ready: false, failed: 'database' };
    const applied = await within(
      probes.migrationsApplied().then((value) => (value ? 'applied' : 'missing'), () => 'missing' as const),
      timeoutMs,
    );
    if (applied === 'missing') return { ready: false, failed: 'migrations' };
    if (applied !== 'applied') return { ready: false, failed: 'database' };
    return { ready: true, failed: null };
  };

  return async () => {
    // Checked before and after: a shutdown that starts while the database answers still wins.
    if (probes.shuttingDown()) return { ready: false, failed: 'shutting-down' };
    inFlight ??= check().finally(() => {
      inFlight = null;
    });
    const result = await inFlight;
    return probes.shuttingDown() ? { ready: false, failed: 'shutting-down' } : result;
  };
}

export interface THealthAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

export function livenessAnswer(): THealthAnswer {
  return { status: 200, headers: HEADERS, body: '{"status":"ok"}' };
}

export function readinessAnswer(readiness: TReadiness): THealthAnswer {
  if (readiness.ready) return { status: 200, headers: HEADERS, body: '{"status":"ready"}' };
  return { status: 503, headers: HEADERS, body: JSON.stringify({ status: 'unavailable', failed: readiness.failed }) };
}

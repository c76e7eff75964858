import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';

/*
 * The API listener's workers each count their own requests, and the kernel hands a scrape to any one of
 * them (SCHED_NONE), so a worker alone would answer with a fraction of the truth. Only the primary can reach
 * every worker (IPC), so a worker that receives /metrics asks the primary, which collects every worker's
 * metrics as JSON, sums them with prom-client's AggregatorRegistry.aggregate and answers with the text.
 * prom-client's own cluster messages are not used: its primary-side listener throws on a reply that
 * arrives for a forgotten request, and one scrape should not be able to take the primary down.
 * Message types are prefixed keyfort-metrics- so that they never meet the root-key handover or the
 * cache-invalidation relay on the same channels.
 */

const REQUEST = 'keyfort-metrics-request';
const RESPONSE = 'keyfort-metrics-response';
const COLLECT = 'keyfort-metrics-collect';
const COLLECTED = 'keyfort-metrics-collected';

/** A scrape that waits longer than this is answered 503: Prometheus' own default scrape timeout is 10 s. */
export const CLUSTER_METRICS_TIMEOUT_MS = 5_000;

type TMetricsJson = MetricObjectWithValues<MetricValue<string>>[];
interface TMessage {
  type?: unknown;
  id?: unknown;
}

const isMessage = (message: unknown, type: string): message is TMessage & Record<string, unknown> =>
  typeof message === 'object' && message !== null && (message as TMessage).type === type;

let nextId = 0;

/** Primary: answers workers' scrape requests with the sum over all workers alive at that moment. */
export function serveClusterMetrics(options: { timeoutMs?: number } = {}): void {
  const timeoutMs = options.timeoutMs ?? CLUSTER_METRICS_TIMEOUT_MS;
  const collecting = new Map<number, { pending: Set<number>; parts: TMetricsJson[]; done: (error: Error | null) => void }>();

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isMessage(message, COLLECTED)) {
      const round = collecting.get(message.id as number);
      if (!round || !round.pending.delete(worker.id)) return;
      round.parts.push(message.metrics as TMetricsJson);
      if (round.pending.size === 0) round.done(null);
      return;
    }
    if (!isMessage(message, REQUEST)) return;
    const requestId = message.id;
    collect()
      .then((body) => ({ type: RESPONSE, id: requestId, body, contentType: AggregatorRegistry.PROMETHEUS_CONTENT_TYPE }))
      .catch(() => ({ type: RESPONSE, id: requestId, error: true }))
      .then((reply) => {
        if (worker.isConnected()) worker.send(reply);
      });
  });
  // A worker that dies mid-collection takes its counts with it: the round finishes without it.
  cluster.on('exit', (worker: Worker) => {
    for (const round of collecting.values()) if (round.pending.delete(worker.id) && round.pending.size === 0) round.done(null);
  });

  function collect(): Promise<string> {
    const id = nextId++;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && worker.isConnected());
    return new Promise<TMetricsJson[]>((resolve, reject) => {
      const timer = setTimeout(() => round.done(new Error('workers did not send their metrics in time')), timeoutMs);
      const round = {
        pending: new Set(workers.map((worker) => worker.id)),
        parts: [] as TMetricsJson[],
        done: (error: Error | null) => {
          clearTimeout(timer);
          collecting.delete(id);
          if (error) reject(error);
          else resolve(round.parts);
        },
      };
      collecting.set(id, round);
      if (workers.length === 0) return round.done(null);
      for (const worker of workers) worker.send({ type: COLLECT, id });
    }).then((parts) => AggregatorRegistry.aggregate(parts).metrics());
  }
}

/** Worker: hands its own metrics to the primary when it collects them. */
export function answerMetricsCollection(registry: Registry): void {
  process.on('message', (message: unknown) => {
    if (!isMessage(message, COLLECT)) return;
    void registry.getMetricsAsJSON().then(
      (metrics) => process.send?.({ type: COLLECTED, id: message.id, metrics }),
      () => process.send?.({ type: COLLECTED, id: message.id, metrics: [] }),
    );
  });
}

/** Worker: the whole listener's metrics, summed by the primary. */
export function clusterMetricsFromPrimary(options: { timeoutMs?: number } = {}): Promise<{ contentType: string; body: string }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isMessage(message, RESPONSE) || message.id !== id) return;
      finish();
      if (message.error || typeof message.body !== 'string') reject(new Error('the primary could not collect the workers’ metrics'));
      else resolve({ contentType: String(message.contentType), body: message.body });
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error('the primary did not answer with metrics in time'));
    }, (options.timeoutMs ?? CLUSTER_METRICS_TIMEOUT_MS) + 1_000);
    const finish = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    process.on('message', onMessage);
    if (!process.send) return void (finish(), reject(new Error('no primary to ask for metrics')));
    process.send({ type: REQUEST, id });
  });
}

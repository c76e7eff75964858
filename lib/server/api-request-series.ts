import type { Metric, Registry } from 'prom-client';

/** One (operation, result) pair's tallies: plain numbers, so that counting a request allocates nothing. */
export interface TApiSeriesChild {
  readonly labels: { operation: string; result: string };
  count: number;
  sum: number;
  /** Observations per bucket (the first bound at or above the value), not cumulative; over every bound: none. */
  readonly perBucket: number[];
}

interface TSeriesText {
  name: string;
  help: string;
}

/**
 * An API's request counter and duration histogram, registered as two metrics of `registry` and exported in
 * exactly the shape prom-client's Counter and Histogram give (api-request-series.test.ts holds them to it),
 * so the cluster's aggregation and the exposition are unchanged. Counting costs two additions and a short
 * bucket search: prom-client hashed the label object on every increment and every observation, twice per
 * request on the data plane's hot path (bench/README.md).
 */
export class ApiRequestSeries {
  private readonly children: TApiSeriesChild[] = [];
  private readonly bounds: readonly number[];

  constructor(options: { registry: Registry; requests: TSeriesText; duration: TSeriesText; buckets: readonly number[] }) {
    this.bounds = [...options.buckets].sort((a, b) => a - b);
    const { requests, duration } = options;
    options.registry.registerMetric(this.view(requests, 'counter', () => this.counterValues()));
    options.registry.registerMetric(this.view(duration, 'histogram', () => this.histogramValues(duration.name)));
  }

  /** The tallies for one pair, made on first use; callers keep it (the set of pairs is theirs to bound). */
  child(operation: string, result: string): TApiSeriesChild {
    const found = this.children.find((child) => child.labels.operation === operation && child.labels.result === result);
    if (found) return found;
    const child = { labels: { operation, result }, count: 0, sum: 0, perBucket: this.bounds.map(() => 0) };
    this.children.push(child);
    return child;
  }

  observe(child: TApiSeriesChild, seconds: number): void {
    if (!Number.isFinite(seconds)) return;
    child.count += 1;
    child.sum += seconds;
    const { bounds } = this;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]!) {
        child.perBucket[i]! += 1;
        return;
      }
    }
  }

  // Pairs never counted are left out, as prom-client leaves out label sets never incremented; a reset zeroes
  // the tallies in place, since observers hold on to their children.
  private counted(): TApiSeriesChild[] {
    return this.children.filter((child) => child.count > 0);
  }

  private counterValues() {
    return this.counted().map((child) => ({ value: child.count, labels: { ...child.labels } }));
  }

  private histogramValues(name: string) {
    return this.counted().flatMap((child) => {
      let cumulative = 0;
      const buckets = this.bounds.map((bound, i) => {
        cumulative += child.perBucket[i]!;
        // exemplar: null, as prom-client writes it for a histogram without exemplars.
        return { value: cumulative, labels: { le: bound, ...child.labels }, metricName: `${name}_bucket`, exemplar: null };
      });
      return [
        ...buckets,
        { value: child.count, labels: { le: '+Inf', ...child.labels }, metricName: `${name}_bucket`, exemplar: null },
        { value: child.sum, labels: { ...child.labels }, metricName: `${name}_sum` },
        { value: child.count, labels: { ...child.labels }, metricName: `${name}_count` },
      ];
    });
  }

  private reset(): void {
    for (const child of this.children) {
      child.count = 0;
      child.sum = 0;
      child.perBucket.fill(0);
    }
  }

  /** What a Registry asks of a metric: its texts, its values now (get), and reset. */
  private view(text: TSeriesText, type: 'counter' | 'histogram', values: () => object[]): Metric {
    const described = { name: text.name, help: text.help, type, aggregator: 'sum' };
    return { ...described, get: async () => ({ ...described, values: values() }), reset: () => this.reset() } as unknown as Metric;
  }
}

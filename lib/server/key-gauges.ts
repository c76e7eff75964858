import { Gauge } from 'prom-client';
import { componentLogger } from './logger';
import type { TKeyCounts } from '@/lib/db/key-metrics';
import { describeError } from '@/lib/kms';
import { METRICS_PREFIX, type TKeyfortMetrics } from './metrics';

/**
 * Gauges read from the database at scrape time. Only the console process registers them (the one that runs
 * the background jobs): the API listener's workers would each report the same rows and a sum would
 * multiply them.
 */
export function keyGauges(metrics: TKeyfortMetrics, read: () => Promise<TKeyCounts>): { refresh(): Promise<void> } {
  const keys = new Gauge({ name: `${METRICS_PREFIX}keys`, help: 'Keys by effective state.', labelNames: ['state'], registers: [metrics.registry] });
  const expiring = new Gauge({
    name: `${METRICS_PREFIX}key_material_expiring`,
    help: 'Keys whose usable material expires within the window (7d is included in 30d).',
    labelNames: ['within'],
    registers: [metrics.registry],
  });
  return {
    /** Once per scrape, before the exposition is written. Without the database, the gauges are absent rather than stale. */
    async refresh() {
      try {
        const counts = await read();
        for (const [state, value] of Object.entries(counts.byState)) keys.set({ state }, value);
        for (const [within, value] of Object.entries(counts.expiringWithin)) expiring.set({ within }, value);
      } catch (error) {
        keys.reset();
        expiring.reset();
        componentLogger('metrics').error({ error: describeError(error) }, `counting keys failed: ${describeError(error)}`);
      }
    },
  };
}

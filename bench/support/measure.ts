// Timing helpers shared by the benches. Numbers come from process.hrtime, in milliseconds.

export interface Timing {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  /** Free text shown beside the numbers (e.g. the result's total, so a bench that matched nothing shows it). */
  note: string;
}

export interface Target {
  /** Human-readable, printed with the table. */
  label: string;
  p50Ms: number;
  p95Ms: number;
}

function percentile(sorted: number[], p: number): number {
  // Nearest-rank: the smallest sample with at least p% of samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Runs `fn` `warmup` times untimed (caches, prepared statements), then `runs` times timed. */
export async function measure<T>(options: {
  name: string;
  runs: number;
  warmup: number;
  fn: () => Promise<T>;
  note?: (result: T) => string;
}): Promise<Timing> {
  let last: T | undefined;
  for (let i = 0; i < options.warmup; i++) last = await options.fn();
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const start = process.hrtime.bigint();
    last = await options.fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return {
    name: options.name,
    runs: options.runs,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: samples[samples.length - 1]!,
    note: last === undefined || !options.note ? '' : options.note(last),
  };
}

export const meetsTarget = (timing: Timing, target: Target): boolean => timing.p50 < target.p50Ms && timing.p95 < target.p95Ms;

/** A plain-text table; the verdict column compares each row with the target. */
export function printTable(options: { title: string; timings: Timing[]; target: Target }): void {
  const rows = options.timings.map((t) => [
    t.name,
    t.p50.toFixed(1),
    t.p95.toFixed(1),
    t.max.toFixed(1),
    String(t.runs),
    meetsTarget(t, options.target) ? 'ok' : 'SLOW',
    t.note,
  ]);
  const header = ['case', 'p50 ms', 'p95 ms', 'max ms', 'runs', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i >= 1 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(`\n${options.title}`);
  console.log(`target: ${options.target.label}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

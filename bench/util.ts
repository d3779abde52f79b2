/** Benchmark helpers: medians of repeated runs, printed as a table with ratios. */

/** Median wall time (ms) of `fn` over `runs` runs after `warmup` runs. */
export function median(fn: () => unknown, runs = 15, warmup = 5): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

/** One row of the results table. */
export interface Row {
  name: string;
  ms: number;
  baselineMs: number;
  goal: string;
  extra?: string;
}

export function printTable(rows: Row[]): void {
  console.log(
    'workload'.padEnd(44),
    'pathwise ms'.padStart(12),
    'loop ms'.padStart(10),
    'ratio'.padStart(8),
    '  goal / note',
  );
  for (const r of rows) {
    console.log(
      r.name.padEnd(44),
      r.ms.toFixed(3).padStart(12),
      r.baselineMs.toFixed(3).padStart(10),
      (r.ms / r.baselineMs).toFixed(2).padStart(8),
      ` ${r.goal}${r.extra ? `  ${r.extra}` : ''}`,
    );
  }
}

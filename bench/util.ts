/** Benchmark helpers: timings with GC amortized in, printed as a table with ratios. */

/**
 * Time per call (ms) of `fn`: each sample times `batch` consecutive calls (so the
 * garbage collection they cause is paid inside the sample, not hidden between samples),
 * and the median over `samples` samples is returned (robust to a noisy machine).
 */
export function median(fn: () => unknown, samples = 15, warmup = 5, batch = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    for (let k = 0; k < batch; k++) fn();
    t.push((performance.now() - t0) / batch);
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

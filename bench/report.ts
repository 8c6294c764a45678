/** One measured figure against the goal the issue names, printed the same way by every benchmark. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: number;
  /**
   * 'max': the value must stay below the goal (times, memory); 'min': above it (throughput, fps);
   * 'info': printed against the goal for reference, not a pass or miss (e.g. a figure that includes
   * the test driver's own overhead).
   */
  kind: 'max' | 'min' | 'info';
  note?: string;
}

export function printFigures(title: string, figures: readonly Figure[]): void {
  console.log(`\n== ${title}`);
  for (const f of figures) {
    const ratio = f.value / f.goal;
    const ok = f.kind === 'max' ? f.value <= f.goal : f.value >= f.goal;
    const status = f.kind === 'info' ? 'INFO' : ok ? 'PASS' : 'MISS';
    const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
    console.log(
      `${status}  ${f.name.padEnd(46)} ${`${fmt(f.value)} ${f.unit}`.padStart(16)}   ${f.kind === 'info' ? 'reference' : `goal ${f.kind === 'min' ? '≥' : '<'}`} ${fmt(f.goal)} ${f.unit}   ratio to goal ${ratio.toFixed(3)}${f.note ? `   (${f.note})` : ''}`,
    );
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

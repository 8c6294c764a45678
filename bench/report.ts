/** One measured figure against the goal the issue names, printed the same way by every benchmark. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: number;
  /** 'max': the value must stay below the goal (times, memory); 'min': above it (throughput, fps). */
  kind: 'max' | 'min';
  note?: string;
}

export function printFigures(title: string, figures: readonly Figure[]): void {
  console.log(`\n== ${title}`);
  for (const f of figures) {
    const ratio = f.value / f.goal;
    const ok = f.kind === 'max' ? f.value <= f.goal : f.value >= f.goal;
    const v = f.value >= 100 ? f.value.toFixed(0) : f.value >= 10 ? f.value.toFixed(1) : f.value.toFixed(2);
    console.log(
      `${ok ? 'PASS' : 'MISS'}  ${f.name.padEnd(46)} ${`${v} ${f.unit}`.padStart(16)}   goal ${f.kind === 'max' ? '<' : '≥'} ${f.goal} ${f.unit}   ratio to goal ${ratio.toFixed(3)}${f.note ? `   (${f.note})` : ''}`,
    );
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * PECI-Net preprocessing speed against OpenCV on the same frames: CLAHE + double CLAHE + Laplacian
 * sharpening, each on its own (goal: at most 2× OpenCV 4.6 single-threaded), and the whole
 * 5-channel ensemble as the dataset writer and inference run it (CLAHE computed once, and the same
 * sharing on the OpenCV side), on 512² and 1024² VFSS phantom frames. Ours runs warm in this process; OpenCV runs in Debian's
 * /usr/bin/python3 with cv2.setNumThreads(1), timed inside Python with time.perf_counter. Both
 * sides are measured in alternating rounds and the best round's median is kept, so a busy machine
 * slows both sides alike instead of whichever happened to run during a spike.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { enhance, enhanceChannels, type Gray8 } from '../common/imaging';
import { peciEnsemble, type ClaheParams, type EnhancementStep } from '../common/imaging/steps';
import { createVfssPhantom } from '../common/phantoms';
import { tempDir } from '../tests/helpers/tempDir';
import { percentile, printFigures, type Figure } from './report';

const PYTHON = '/usr/bin/python3';
const REFERENCE = fileURLToPath(new URL('../tests/integration/imaging/opencvReference.py', import.meta.url));
const CLAHE: ClaheParams = { clipLimit: 2, tilesX: 8, tilesY: 8 };
const TRIO: EnhancementStep[] = [
  { name: 'clahe', params: CLAHE },
  { name: 'doubleClahe', params: CLAHE },
  { name: 'sharpen', params: { centre: 5 } },
];

interface Workload {
  name: string;
  frame: Gray8;
  steps: EnhancementStep[];
  /** 'separate': each step on its own (enhance / one cv2 call chain per step); 'ensemble': all steps
   * together, CLAHE computed once on both sides (enhanceChannels / the same sharing in Python). */
  mode: 'separate' | 'ensemble';
}

/** The step as the Python reference names it (identity is a copy there too). */
function pythonStep(step: EnhancementStep): { op: string; params: unknown } {
  return step.name === 'identity' ? { op: 'copy', params: null } : { op: step.name, params: step.params };
}

function timeOurs(w: Workload, repeat: number): number {
  const n = w.frame.width * w.frame.height;
  const outs = w.steps.map(() => new Uint8Array(n));
  const all = new Uint8Array(w.steps.length * n);
  const run = (): void => {
    if (w.mode === 'ensemble') enhanceChannels(w.frame, w.steps, all);
    else w.steps.forEach((s, i) => enhance(w.frame, s, outs[i]));
  };
  for (let i = 0; i < 10; i++) run();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

function timeOpenCv(dir: string, workloads: Workload[], repeat: number): Record<string, number> {
  const entries = workloads.map((w) => {
    const input = `${w.name.replace(/\W+/g, '_')}.raw`;
    writeFileSync(path.join(dir, input), w.frame.data);
    const steps = w.mode === 'ensemble' ? [{ op: 'ensemble', params: CLAHE }] : w.steps.map(pythonStep);
    return { name: w.name, input, width: w.frame.width, height: w.frame.height, steps, repeat };
  });
  writeFileSync(path.join(dir, 'bench.json'), JSON.stringify(entries));
  const out = execFileSync(PYTHON, [REFERENCE, 'bench', dir], { encoding: 'utf8' });
  return (JSON.parse(out) as { ms: Record<string, number> }).ms;
}

export async function benchPreprocess(rounds = 3, repeat = 30): Promise<Figure[]> {
  const workloads: Workload[] = [];
  for (const size of [512, 1024]) {
    const frame: Gray8 = { width: size, height: size, data: createVfssPhantom({ seed: 7, frames: 30, width: size, height: size }).renderFrame(12).image };
    workloads.push({ name: `CLAHE + double CLAHE + sharpen, ${size}²`, frame, steps: TRIO, mode: 'separate' });
    workloads.push({ name: `5-channel PECI ensemble, ${size}²`, frame, steps: peciEnsemble(CLAHE), mode: 'ensemble' });
  }
  const tmp = tempDir('kestrel-bench-prep-');
  const ours = new Map<string, number>();
  const cv = new Map<string, number>();
  let opencv = true;
  try {
    for (let r = 0; r < rounds; r++) {
      for (const w of workloads) ours.set(w.name, Math.min(ours.get(w.name) ?? Infinity, timeOurs(w, repeat)));
      if (!opencv) continue;
      try {
        const ms = timeOpenCv(tmp.dir, workloads, repeat);
        for (const [k, v] of Object.entries(ms)) cv.set(k, Math.min(cv.get(k) ?? Infinity, v));
      } catch (e) {
        opencv = false;
        console.warn(`OpenCV reference not available (${PYTHON} with cv2): ${(e as Error).message.split('\n')[0]}`);
      }
    }
  } finally {
    tmp.cleanup();
  }
  return workloads.map((w): Figure => {
    const mine = ours.get(w.name) ?? NaN;
    const theirs = cv.get(w.name);
    if (theirs === undefined) return { name: w.name, value: mine, unit: 'ms', goal: NaN, kind: 'max', note: 'OpenCV not measured' };
    return {
      name: w.name,
      value: mine / theirs,
      unit: '× OpenCV',
      goal: 2,
      kind: 'max',
      note: `ours ${mine.toFixed(2)} ms, OpenCV ${theirs.toFixed(2)} ms (1 thread); best of ${rounds} rounds, median of ${repeat}`,
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchPreprocess().then((f) => printFigures('Preprocessing (common/imaging vs OpenCV)', f));
}

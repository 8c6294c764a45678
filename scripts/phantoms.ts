/**
 * Datasets from the synthetic phantoms, in the layout the training scripts read (training/DATASET.md).
 *
 *   npm run phantoms -- vfss --count 4800 --seed 10000 --out tmp/vfss-train [--size 160]
 *                             [--difficulty standard,hard] [--frames-per-phantom 16] [--val] [--workers 2]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { VfssDifficulty } from '../common/phantoms';
import { writeVfssDataset, writeVfssShard, type ShardRunner, type VfssDatasetOptions } from './dataset/vfssDataset';

const DIFFICULTIES: readonly VfssDifficulty[] = ['easy', 'standard', 'hard'];

function usage(message?: string): never {
  if (message) console.error(`phantoms: ${message}`);
  console.error(
    [
      'usage: npm run phantoms -- vfss --count N --seed S --out DIR [options]',
      '  --size PX                 model input side (default 160)',
      '  --difficulty LIST         easy|standard|hard, comma-separated, cycled over phantoms (default standard)',
      '  --frames-per-phantom K    frames drawn from each phantom (default 16, 8 with --val)',
      '  --val                     a validation split (use seeds no training set uses)',
      '  --source-size PX          phantom frame side (default 512, as the demo study)',
      '  --clip-frames N           phantom clip length (default 300, as the demo study)',
      '  --workers N               processes rendering phantoms in parallel (default 2; same bytes for any N)',
      'phantom i has seed S + i; see training/DATASET.md for the layout.',
    ].join('\n'),
  );
  process.exit(2);
}

function int(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) usage(`--${name} is required`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n)) usage(`--${name} must be an integer, got ${value}`);
  return n;
}

/** Runs a shard in a child process: this script again, with the same loader flags (tsx). */
function childRunner(argv: string[]): ShardRunner {
  const script = fileURLToPath(import.meta.url);
  return (start, end, dir) =>
    new Promise((resolve, reject) => {
      const args = [...process.execArgv, script, ...argv, '--shard', `${start}:${end}:${dir}`];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`shard ${start}:${end} failed (${signal ?? code})`))));
    });
}

async function main(argv: string[]): Promise<void> {
  const [kind, ...rest] = argv;
  if (kind !== 'vfss') usage(kind ? `unknown dataset kind "${kind}" (vfss)` : undefined);
  const { values } = parseArgs({
    args: rest,
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      size: { type: 'string' },
      difficulty: { type: 'string' },
      'frames-per-phantom': { type: 'string' },
      val: { type: 'boolean', default: false },
      'source-size': { type: 'string' },
      'clip-frames': { type: 'string' },
      workers: { type: 'string' },
      // Internal: one shard of phantoms, run by the parent process.
      shard: { type: 'string' },
    },
    strict: true,
  });
  const difficulties = (values.difficulty ?? 'standard').split(',').map((d) => d.trim());
  for (const d of difficulties) if (!DIFFICULTIES.includes(d as VfssDifficulty)) usage(`unknown difficulty "${d}"`);
  const size = int(values.size, 'size', 160);
  if (size < 32 || size % 16 !== 0) usage('--size must be a multiple of 16, at least 32 (the networks pool four times)');
  const count = int(values.count, 'count');
  if (count < 1) usage('--count must be positive');
  const out = values.out ?? usage('--out is required');
  const val = values.val ?? false;
  const command = `npm run phantoms -- ${argv.join(' ')}`;
  const opts: VfssDatasetOptions = {
    out,
    count,
    seed: int(values.seed, 'seed'),
    size,
    difficulties: difficulties as VfssDifficulty[],
    framesPerPhantom: int(values['frames-per-phantom'], 'frames-per-phantom', val ? 8 : 16),
    split: val ? 'val' : 'train',
    sourceSize: int(values['source-size'], 'source-size', 512),
    clipFrames: int(values['clip-frames'], 'clip-frames', 300),
  };
  const log = (line: string): void => console.log(line);
  if (values.shard) {
    const [start, end, ...dir] = values.shard.split(':');
    writeVfssShard(opts, int(start, 'shard'), int(end, 'shard'), dir.join(':'), log);
    return;
  }
  const workers = int(values.workers, 'workers', 2);
  await writeVfssDataset(opts, command, log, workers, childRunner(argv));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/**
 * Writes a VFSS segmentation dataset from phantoms in the layout of training/DATASET.md:
 * dataset.json + images.npy (N×C×H×W uint8, the preprocessing channels exactly as inference computes
 * them) + masks.npy (N×K×H×W uint8 0/1). Samples are streamed to disk one at a time.
 */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitToModel } from '../../common/imaging/resize';
import { peciEnsemble, type Preprocessing } from '../../common/imaging/steps';
import { preprocessChannelsU8 } from '../../common/imaging/tensor';
import { createVfssPhantom, type VfssDifficulty, type VfssStructure } from '../../common/phantoms';
import { NpyWriter } from './npy';
import { phantomSpec, pickVfssFrames, type VfssStratum } from './vfssSampling';

export const DATASET_FORMAT = 'kestrel-segmentation-dataset';
export const DATASET_VERSION = 1;

/** Mask channels, in order; the bolus first. */
export const VFSS_CLASSES: readonly VfssStructure[] = ['bolus', 'cervicalSpine', 'mandible', 'hyoid'];

/** The preprocessing of the VFSS bolus models: PECI-Net's five channels at size × size. */
export function vfssPreprocessing(size: number): Preprocessing {
  return {
    channels: peciEnsemble({ clipLimit: 2, tilesX: 8, tilesY: 8 }),
    width: size,
    height: size,
    fit: 'pad',
    mean: 0.5,
    std: 0.25,
    order: 'resizeThenEnhance',
  };
}

/** How a 0/1 source mask becomes a model-size mask (documented in training/DATASET.md). */
export const MASK_RESIZE =
  'mask ×255 → fitToModel (same fit and box as the image: INTER_AREA when shrinking, INTER_LINEAR otherwise, padding 0) → 1 where ≥ 128, i.e. where at least half of the model pixel is foreground';

/** A source-size 0/1 mask at model size, resized like the image (see MASK_RESIZE). */
export function maskToModel(mask: Uint8Array, srcWidth: number, srcHeight: number, prep: Preprocessing, scratch?: Uint8Array): Uint8Array {
  const src = scratch && scratch.length === mask.length ? scratch : new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) src[i] = mask[i] ? 255 : 0;
  const { image } = fitToModel({ width: srcWidth, height: srcHeight, data: src }, prep.width, prep.height, prep.fit);
  const out = image.data;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! >= 128 ? 1 : 0;
  return out;
}

export interface VfssSampleProvenance {
  phantomSeed: number;
  difficulty: VfssDifficulty;
  facing: 'left' | 'right';
  frame: number;
  stratum: VfssStratum;
  /** Bolus and residue areas on the source frame (px). */
  bolusAreaPx: number;
  residueAreaPx: number;
  /** Bolus pixels in the model-size mask. */
  bolusModelPx: number;
}

export interface VfssDatasetOptions {
  out: string;
  /** Samples (frames). */
  count: number;
  /** Phantom i has seed `seed + i`. */
  seed: number;
  /** Model input side (square). */
  size: number;
  /** Cycled over phantoms. */
  difficulties: VfssDifficulty[];
  framesPerPhantom: number;
  split: 'train' | 'val';
  /** Phantom frame size and clip length (the demo study's: 512², 300 frames at 30 fps). */
  sourceSize: number;
  clipFrames: number;
}

export interface VfssDatasetManifest {
  format: typeof DATASET_FORMAT;
  version: typeof DATASET_VERSION;
  task: 'vfss.bolus';
  source: 'phantom';
  split: 'train' | 'val';
  count: number;
  seed: number;
  width: number;
  height: number;
  channels: string[];
  preprocessing: Preprocessing;
  classes: string[];
  maskResize: string;
  files: { images: string; masks: string };
  generator: { difficulties: VfssDifficulty[]; framesPerPhantom: number; phantoms: number; sourceSize: number; clipFrames: number; fps: number; command: string };
  samples: VfssSampleProvenance[];
}

/** Samples contributed by phantom `index` (the last phantom may give fewer than framesPerPhantom). */
function samplesOfPhantom(opts: VfssDatasetOptions, index: number): number {
  return Math.max(0, Math.min(opts.framesPerPhantom, opts.count - index * opts.framesPerPhantom));
}

export function phantomsNeeded(opts: VfssDatasetOptions): number {
  return Math.ceil(opts.count / opts.framesPerPhantom);
}

const SHARD_FILES = { images: 'images.npy', masks: 'masks.npy', samples: 'samples.json' };

/**
 * Phantoms [start, end) of the dataset → `dir`/images.npy, masks.npy, samples.json. The whole
 * dataset is these shards concatenated in phantom order, whatever the number of shards.
 */
export function writeVfssShard(opts: VfssDatasetOptions, start: number, end: number, dir: string, log: (line: string) => void = () => {}): void {
  const prep = vfssPreprocessing(opts.size);
  const C = prep.channels.length;
  const K = VFSS_CLASSES.length;
  const { width, height } = prep;
  const plane = width * height;
  let rows = 0;
  for (let i = start; i < end; i++) rows += samplesOfPhantom(opts, i);
  mkdirSync(dir, { recursive: true });
  // Written under temporary names and renamed at the end: a crashed run leaves no valid-looking files.
  const images = new NpyWriter(join(dir, `${SHARD_FILES.images}.part`), 'uint8', [rows, C, height, width]);
  const masks = new NpyWriter(join(dir, `${SHARD_FILES.masks}.part`), 'uint8', [rows, K, height, width]);
  const samples: VfssSampleProvenance[] = [];
  const maskRow = new Uint8Array(K * plane);
  const scratch = new Uint8Array(opts.sourceSize * opts.sourceSize);
  const t0 = performance.now();
  for (let index = start; index < end; index++) {
    const spec = phantomSpec(opts.seed, index, opts.difficulties);
    const phantom = createVfssPhantom({ ...spec, frames: opts.clipFrames, width: opts.sourceSize, height: opts.sourceSize, fps: 30 });
    for (const { frame, stratum } of pickVfssFrames(phantom, spec.seed, samplesOfPhantom(opts, index))) {
      const f = phantom.renderFrame(frame);
      const { channels } = preprocessChannelsU8({ width: phantom.width, height: phantom.height, data: f.image }, prep);
      images.append(channels);
      VFSS_CLASSES.forEach((name, c) => maskRow.set(maskToModel(f.masks[name], phantom.width, phantom.height, prep, scratch), c * plane));
      masks.append(maskRow);
      let bolusModelPx = 0;
      for (let i = 0; i < plane; i++) bolusModelPx += maskRow[i]!;
      samples.push({
        phantomSeed: spec.seed,
        difficulty: spec.difficulty,
        facing: phantom.facing,
        frame,
        stratum: stratum === 'oral' && f.bolusAreaPx === 0 ? 'empty' : stratum,
        bolusAreaPx: f.bolusAreaPx,
        residueAreaPx: f.residueAreaPx,
        bolusModelPx,
      });
    }
    if ((index - start + 1) % 25 === 0) log(`phantoms ${start}..${index}: ${samples.length}/${rows} samples, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  images.close();
  masks.close();
  renameSync(join(dir, `${SHARD_FILES.images}.part`), join(dir, SHARD_FILES.images));
  renameSync(join(dir, `${SHARD_FILES.masks}.part`), join(dir, SHARD_FILES.masks));
  writeFileSync(join(dir, SHARD_FILES.samples), JSON.stringify(samples));
}

/** Runs one shard somewhere else (a child process), resolving when its files are written. */
export type ShardRunner = (start: number, end: number, dir: string) => Promise<void>;

/**
 * The whole dataset: `workers` shards of consecutive phantoms (run by `runShard`, or in this
 * process when there is one), then concatenated into `opts.out` and described by dataset.json.
 */
export async function writeVfssDataset(
  opts: VfssDatasetOptions,
  command: string,
  log: (line: string) => void = () => {},
  workers = 1,
  runShard?: ShardRunner,
): Promise<VfssDatasetManifest> {
  const prep = vfssPreprocessing(opts.size);
  const { width, height } = prep;
  const phantoms = phantomsNeeded(opts);
  const t0 = performance.now();
  mkdirSync(opts.out, { recursive: true });
  const shards: Array<{ start: number; end: number; dir: string }> = [];
  const n = Math.max(1, Math.min(workers, phantoms));
  for (let j = 0; j < n; j++) {
    shards.push({ start: Math.floor((j * phantoms) / n), end: Math.floor(((j + 1) * phantoms) / n), dir: join(opts.out, `.shard-${j}`) });
  }
  if (n === 1 || !runShard) {
    for (const s of shards) writeVfssShard(opts, s.start, s.end, s.dir, log);
  } else {
    await Promise.all(shards.map((s) => runShard(s.start, s.end, s.dir)));
  }
  const C = prep.channels.length;
  const K = VFSS_CLASSES.length;
  const images = new NpyWriter(join(opts.out, 'images.npy.part'), 'uint8', [opts.count, C, height, width]);
  const masks = new NpyWriter(join(opts.out, 'masks.npy.part'), 'uint8', [opts.count, K, height, width]);
  const samples: VfssSampleProvenance[] = [];
  for (const s of shards) {
    appendRows(join(s.dir, SHARD_FILES.images), images, C * width * height);
    appendRows(join(s.dir, SHARD_FILES.masks), masks, K * width * height);
    samples.push(...(JSON.parse(readFileSync(join(s.dir, SHARD_FILES.samples), 'utf8')) as VfssSampleProvenance[]));
    rmSync(s.dir, { recursive: true, force: true });
  }
  images.close();
  masks.close();
  renameSync(join(opts.out, 'images.npy.part'), join(opts.out, 'images.npy'));
  renameSync(join(opts.out, 'masks.npy.part'), join(opts.out, 'masks.npy'));
  const manifest: VfssDatasetManifest = {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    task: 'vfss.bolus',
    source: 'phantom',
    split: opts.split,
    count: opts.count,
    seed: opts.seed,
    width,
    height,
    channels: prep.channels.map((c) => c.name),
    preprocessing: prep,
    classes: [...VFSS_CLASSES],
    maskResize: MASK_RESIZE,
    files: { images: 'images.npy', masks: 'masks.npy' },
    generator: {
      difficulties: opts.difficulties,
      framesPerPhantom: opts.framesPerPhantom,
      phantoms,
      sourceSize: opts.sourceSize,
      clipFrames: opts.clipFrames,
      fps: 30,
      command,
    },
    samples,
  };
  writeFileSync(join(opts.out, 'dataset.json'), manifestJson(manifest));
  log(`wrote ${opts.count} samples from ${phantoms} phantoms to ${opts.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s (${n} worker${n > 1 ? 's' : ''})`);
  return manifest;
}

/** Streams the rows of a shard's .npy into the dataset's writer, a block of rows at a time. */
function appendRows(path: string, into: NpyWriter, rowBytes: number): void {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(10);
    readSync(fd, header, 0, 10, 0);
    let pos = 10 + header.readUInt16LE(8);
    const block = new Uint8Array(rowBytes * 64);
    for (;;) {
      const got = readSync(fd, block, 0, block.length, pos);
      if (got === 0) break;
      const whole = got - (got % rowBytes);
      if (whole === 0) throw new Error(`${path}: truncated row`);
      for (let o = 0; o < whole; o += rowBytes) into.append(block.subarray(o, o + rowBytes));
      pos += whole;
    }
  } finally {
    closeSync(fd);
  }
}

/** Pretty JSON with one line per sample (a 6000-sample manifest stays readable and diffable). */
function manifestJson(manifest: VfssDatasetManifest): string {
  const head = JSON.stringify({ ...manifest, samples: [] }, null, 2);
  const rows = manifest.samples.map((s) => '    ' + JSON.stringify(s)).join(',\n');
  return head.replace('"samples": []', `"samples": [\n${rows}\n  ]`) + '\n';
}

/**
 * common/imaging against OpenCV 4.6 (Debian's python3-opencv under /usr/bin/python3) on real
 * radiographs (decoded with our DICOM reader, windowed to 8-bit by toGray8) and VFSS phantom frames,
 * each at its own size and fitted to 512² and 1024²: CLAHE (clip 2 and 4, grids 8×8 and 4×6),
 * double CLAHE, sharpening, CLAHE + sharpening and the resize itself. One Python process computes
 * every case. The target is pixel-identical output; the acceptance is a mean absolute difference
 * of at most 1 grey level. Skipped, with the reason printed, where cv2 cannot be imported.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enhance } from '../../../common/imaging/enhance';
import { toGray8, type Gray8 } from '../../../common/imaging/image';
import { fitToModel, resizeGray8 } from '../../../common/imaging/resize';
import type { ClaheParams, EnhancementStep } from '../../../common/imaging/steps';
import { createVfssPhantom } from '../../../common/phantoms';
import { decodeFrame } from '../../../electron/node/dicom/decode';
import { getNumbers } from '../../../electron/node/dicom/model';
import { readDicom } from '../../../electron/node/dicom/read';
import { tempDir } from '../../helpers/tempDir';
import { listFixtures, readFixture } from '../dicom/fixtures';

const PYTHON = '/usr/bin/python3';
const REFERENCE = fileURLToPath(new URL('./opencvReference.py', import.meta.url));
const probe = spawnSync(PYTHON, ['-c', 'import cv2; print(cv2.__version__)'], { encoding: 'utf8' });
const cvVersion = probe.status === 0 ? probe.stdout.trim() : null;
if (!cvVersion) {
  console.warn(`opencvParity skipped: ${PYTHON} cannot import cv2 (install python3-opencv). ${probe.error?.message ?? probe.stderr}`);
}

const CLAHES: ClaheParams[] = [
  { clipLimit: 2, tilesX: 8, tilesY: 8 },
  { clipLimit: 4, tilesX: 8, tilesY: 8 },
  { clipLimit: 2, tilesX: 4, tilesY: 6 },
  { clipLimit: 4, tilesX: 4, tilesY: 6 },
];
const STEPS: EnhancementStep[] = [
  ...CLAHES.map((params): EnhancementStep => ({ name: 'clahe', params })),
  { name: 'doubleClahe', params: CLAHES[0]! },
  { name: 'sharpen', params: { centre: 5 } },
  { name: 'sharpen', params: { centre: 7 } },
  { name: 'claheSharpen', params: { clahe: CLAHES[0]!, sharpen: { centre: 5 } } },
];

interface Case {
  id: string;
  /** Class of the comparison for the report: operation and parameters. */
  kind: string;
  image: string;
  input: string;
  width: number;
  height: number;
  op: string;
  params: unknown;
  ours: Uint8Array;
}

async function radiograph(file: string): Promise<Gray8> {
  const parsed = readDicom(readFixture(file));
  const frame = await decodeFrame(parsed, 0);
  const center = getNumbers(parsed.dataset, '00281050')[0];
  const width = getNumbers(parsed.dataset, '00281051')[0];
  const slope = getNumbers(parsed.dataset, '00281053')[0] ?? 1;
  const intercept = getNumbers(parsed.dataset, '00281052')[0] ?? 0;
  return toGray8(frame.pixels, frame.columns, frame.rows, {
    window: center !== undefined && width !== undefined ? { center, width } : null,
    rescale: { slope, intercept },
    monochrome1: frame.photometricInterpretation === 'MONOCHROME1',
  });
}

function stepKind(s: EnhancementStep): string {
  const p = (c: ClaheParams): string => `clip ${c.clipLimit}, ${c.tilesX}×${c.tilesY}`;
  switch (s.name) {
    case 'clahe':
    case 'doubleClahe':
      return `${s.name} (${p(s.params)})`;
    case 'sharpen':
      return `sharpen (c ${s.params.centre ?? 5})`;
    case 'claheSharpen':
      return `claheSharpen (${p(s.params.clahe)})`;
    case 'identity':
      return 'identity';
  }
}

describe.skipIf(!cvVersion)(`common/imaging = OpenCV ${cvVersion ?? ''}`, () => {
  const tmp = tempDir('kestrel-cv-parity-');
  const cases: Case[] = [];
  const report = new Map<string, { n: number; madMax: number; madSum: number; max: number; pixels: number; differing: number }>();

  function addCases(name: string, img: Gray8): void {
    const input = `${name}.raw`;
    writeFileSync(path.join(tmp.dir, input), img.data);
    const base = { image: name, input, width: img.width, height: img.height };
    for (const step of STEPS) {
      const { name: op, ...rest } = step;
      const params = 'params' in rest ? rest.params : null;
      cases.push({ ...base, id: `${name}-${cases.length}`, kind: stepKind(step), op, params, ours: enhance(img, step).data });
    }
  }

  function addResize(name: string, src: Gray8, width: number, height: number): void {
    const input = `${name}-src.raw`;
    writeFileSync(path.join(tmp.dir, input), src.data);
    const kind = width <= src.width && height <= src.height ? 'resize (INTER_AREA, shrinking)' : 'resize (INTER_LINEAR)';
    cases.push({ id: `${name}-${cases.length}`, kind, image: name, input, width: src.width, height: src.height, op: 'resize', params: { width, height }, ours: resizeGray8(src, width, height).data });
  }

  beforeAll(async () => {
    const frames: [string, Gray8][] = [];
    for (const file of [...listFixtures('radiographs'), 'compressed/XA1_UNC.dcm']) frames.push([path.basename(file, '.dcm'), await radiograph(file)]);
    const vfss = createVfssPhantom({ seed: 11, frames: 30, width: 512, height: 512 });
    for (const i of [3, 14, 25]) frames.push([`vfss${i}`, { width: 512, height: 512, data: vfss.renderFrame(i).image }]);
    for (const [name, img] of frames) {
      addCases(`${name}@own`, img);
      for (const size of [512, 1024]) {
        const { image, box } = fitToModel(img, size, size, 'pad');
        addResize(`${name}@${size}`, img, box.contentWidth, box.contentHeight);
        addCases(`${name}@${size}`, image);
      }
      addResize(`${name}@odd`, img, 333, 517);
    }
    writeFileSync(path.join(tmp.dir, 'cases.json'), JSON.stringify(cases.map(({ ours: _ours, kind: _kind, ...c }) => c)));
    const run = spawnSync(PYTHON, [REFERENCE, 'run', tmp.dir], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`OpenCV reference failed: ${run.stderr}`);
  });

  afterAll(() => {
    tmp.cleanup();
    const rows = [...report].map(([kind, r]) => ({
      kind,
      cases: r.n,
      'mean MAD': Number((r.madSum / r.n).toFixed(6)),
      'worst MAD': Number(r.madMax.toFixed(6)),
      'max |diff|': r.max,
      'differing px': r.differing,
      'px compared': r.pixels,
    }));
    console.log(`OpenCV ${cvVersion} parity, ${cases.length} cases:`);
    console.table(rows);
  });

  it('every case: MAD ≤ 1 grey level; pixel-identical except sharpening with c ≠ 5 (float rounding, ±1)', () => {
    expect(cases.length).toBeGreaterThan(100);
    const failures: string[] = [];
    for (const c of cases) {
      const ref = new Uint8Array(readFileSync(path.join(tmp.dir, `${c.id}.out.raw`)));
      expect(ref.length, c.id).toBe(c.ours.length);
      let sum = 0;
      let max = 0;
      let differing = 0;
      for (let i = 0; i < ref.length; i++) {
        const d = Math.abs(ref[i]! - c.ours[i]!);
        sum += d;
        if (d > max) max = d;
        if (d) differing++;
      }
      const mad = sum / ref.length;
      const r = report.get(c.kind) ?? { n: 0, madMax: 0, madSum: 0, max: 0, pixels: 0, differing: 0 };
      report.set(c.kind, { n: r.n + 1, madMax: Math.max(r.madMax, mad), madSum: r.madSum + mad, max: Math.max(r.max, max), pixels: r.pixels + ref.length, differing: r.differing + differing });
      // c ≠ 5 accumulates non-integer weights in float32 and cv2's order of fused multiply-adds
      // depends on the CPU's vector width; everything else is reproduced operation for operation.
      const allowedMax = c.kind === 'sharpen (c 7)' ? 1 : 0;
      if (mad > 1 || max > allowedMax) failures.push(`${c.id} ${c.kind} ${c.width}×${c.height}: MAD ${mad.toFixed(5)}, max ${max}`);
    }
    expect(failures).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../electron/node/app/createServices';
import { decodeFrame } from '../../../electron/node/dicom/decode';
import { readDicom } from '../../../electron/node/dicom/read';
import { importPaths, services } from '../../helpers/services';
import { tempDir } from '../../helpers/tempDir';

function ramp(width: number, height: number, t: number): Buffer {
  const px = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) px[y * width + x] = (x + y + t * 7) & 0xff;
  return px;
}

async function writeFrames(dir: string, n: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    await sharp(ramp(64, 48, i), { raw: { width: 64, height: 48, channels: 1 } }).png().toFile(path.join(dir, `f${String(i).padStart(3, '0')}.png`));
  }
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: 'pipe' });
}

describe('image and video import', () => {
  const tmp = tempDir();
  let s: Services;
  beforeAll(() => {
    s = services(path.join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    await s.dispose();
    tmp.cleanup();
  });

  function instanceBySource(fragment: string) {
    return s.db.prepare('SELECT * FROM instances WHERE source_name LIKE ?').get(`%${fragment}%`) as
      | { id: number; kind: string; frames: number; rows: number; columns: number; photometric: string; timing: string; store_path: string }
      | undefined;
  }

  it('imports a folder of PNG and JPEG images as one Secondary Capture study, colour as pathology', async () => {
    const dir = path.join(tmp.dir, 'patches');
    mkdirSync(dir);
    const rgb = Buffer.alloc(32 * 32 * 3);
    for (let i = 0; i < rgb.length; i += 3) {
      rgb[i] = 200;
      rgb[i + 1] = 100 + (i % 50);
      rgb[i + 2] = 180;
    }
    await sharp(rgb, { raw: { width: 32, height: 32, channels: 3 } }).png().toFile(path.join(dir, 'a.png'));
    await sharp(rgb, { raw: { width: 32, height: 32, channels: 3 } }).jpeg({ quality: 95 }).toFile(path.join(dir, 'b.jpg'));
    const report = await importPaths(s, [dir]);
    expect(report.counts.imported, JSON.stringify(report.files)).toBe(2);
    expect(report.studyIds).toHaveLength(1);
    const a = instanceBySource('a.png');
    expect(a).toMatchObject({ kind: 'image', rows: 32, columns: 32, photometric: 'RGB' });
    const study = await s.handlers['study.get']({ studyId: report.studyIds[0] as number });
    expect(study.workflow).toBe('pathology');
    // The stored instance decodes to the same pixels as the PNG.
    const parsed = readDicom(new Uint8Array(readFileSync(s.studies.instanceFile(a?.id as number))));
    const frame = await decodeFrame(parsed, 0);
    expect(Array.from(frame.pixels.slice(0, 6))).toEqual(Array.from(rgb.subarray(0, 6)));
  });

  it('decodes an MP4 and an AVI to frames on the main side, keeping the frame rate', async () => {
    const frames = path.join(tmp.dir, 'frames');
    await writeFrames(frames, 30);
    const videos = path.join(tmp.dir, 'videos');
    mkdirSync(videos);
    ffmpeg(['-framerate', '15', '-i', path.join(frames, 'f%03d.png'), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path.join(videos, 'swallow.mp4')]);
    ffmpeg(['-framerate', '25', '-i', path.join(frames, 'f%03d.png'), '-c:v', 'mjpeg', '-q:v', '2', path.join(videos, 'swallow.avi')]);
    const report = await importPaths(s, [videos]);
    expect(report.counts.imported, JSON.stringify(report.files)).toBe(2);
    const mp4 = instanceBySource('swallow.mp4');
    const avi = instanceBySource('swallow.avi');
    expect(mp4).toMatchObject({ kind: 'video', frames: 30, rows: 48, columns: 64 });
    expect(avi).toMatchObject({ kind: 'video', frames: 30 });
    const t1 = JSON.parse(mp4?.timing as string);
    const t2 = JSON.parse(avi?.timing as string);
    expect(t1).toMatchObject({ fps: 15, source: 'container', variable: false });
    expect(t2).toMatchObject({ fps: 25, source: 'container', variable: false });
    expect(t1.timestampsMs[29]).toBeCloseTo((29 * 1000) / 15, 3);
    // The stored multi-frame instance carries the rate as FrameTime, readable by any DICOM viewer.
    const parsed = readDicom(new Uint8Array(readFileSync(s.studies.instanceFile(mp4?.id as number))));
    expect(parsed.attributes.frameTimeMs).toBeCloseTo(1000 / 15, 3);
    const study = await s.handlers['study.get']({ studyId: s.studies.studyOfInstance(mp4?.id as number) });
    expect(study.workflow).toBe('vfss');
  });

  it('keeps per-frame timestamps of a variable-frame-rate video', async () => {
    const frames = path.join(tmp.dir, 'vfr-frames');
    await writeFrames(frames, 6);
    const list = path.join(tmp.dir, 'vfr.txt');
    const durations = [0.04, 0.04, 0.08, 0.04, 0.12, 0.04];
    writeFileSync(list, durations.map((d, i) => `file '${path.join(frames, `f${String(i).padStart(3, '0')}.png`)}'\nduration ${d}\n`).join('') + `file '${path.join(frames, 'f005.png')}'\n`);
    const out = path.join(tmp.dir, 'vfr');
    mkdirSync(out);
    ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-fps_mode', 'vfr', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path.join(out, 'vfr.mkv')]);
    const report = await importPaths(s, [out]);
    expect(report.counts.imported, JSON.stringify(report.files)).toBe(1);
    const row = instanceBySource('vfr.mkv');
    const timing = JSON.parse(row?.timing as string);
    expect(timing.variable).toBe(true);
    const starts: number[] = timing.timestampsMs;
    expect(starts.slice(0, 6).map((t) => Math.round(t))).toEqual([0, 40, 80, 160, 200, 320]);
    const parsed = readDicom(new Uint8Array(readFileSync(s.studies.instanceFile(row?.id as number))));
    expect(parsed.attributes.frameTimeVectorMs?.slice(0, 6).map(Math.round)).toEqual([0, 40, 40, 80, 40, 120]);
  });
});

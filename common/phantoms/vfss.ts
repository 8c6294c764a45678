/**
 * Synthetic lateral videofluoroscopic swallow study (VFSS) with frame-exact ground truth.
 *
 * Construction samples a patient (anatomy, posture, facing side, bolus, swallow physiology,
 * detector) from the seed and renders what is static once; `renderFrame(i)` then renders any frame
 * independently in a few milliseconds. Same options, same bytes.
 */
import { createRng } from './random';
import { addShape, fillMask, pixelBox } from './raster';
import { translated, type Vec2 } from './shapes';
import { addCrop, clipToSpans, maskRows, shiftImage, shiftMask, type WholeShift } from './vfss/frameOps';
import { renderVfssAnatomy, drawBone, type VfssAnatomy } from './vfss/anatomy';
import { BolusModel, createBolusScratch, type BolusScratch } from './vfss/bolus';
import { hyoidParts } from './vfss/bones';
import { createDetector, LUT_STEPS, type Detector } from './vfss/detector';
import { VFSS_DIFFICULTY, type VfssDifficulty, type VfssDifficultyParams } from './vfss/difficulty';
import { sampleVfssLayout, type Bands, type VfssLayout } from './vfss/layout';
import { AIRWAY_AIR, vestibuleShape } from './vfss/softTissue';
import { planVfssTimeline, type VfssTimeline } from './vfss/timeline';

export type { VfssDifficulty } from './vfss/difficulty';

export interface VfssPhantomOptions {
  seed: number;
  /** Default 300. At least 24; a clip too short for the sampled swallow plays it faster. */
  frames?: number;
  /** Default 512. */
  width?: number;
  /** Default 512. */
  height?: number;
  /** Default 30. */
  fps?: number;
  /** Default 'standard'. */
  difficulty?: VfssDifficulty;
  /** Side the patient faces; default drawn from the seed. */
  facing?: 'left' | 'right';
  /** Leave residue in the vallecula and pyriform sinuses (default true). */
  residue?: boolean;
}

export type VfssStructure = 'bolus' | 'cervicalSpine' | 'mandible' | 'hyoid';

/**
 * Event frames (0-based indices), each defined on what the frames show. "Head"/"tail" are
 * VfssFrame.bolusHead/bolusTail (y grows downwards); bands are VfssPhantom.bands.
 */
export interface VfssEventsTruth {
  /** First frame, after the bolus is held in the mouth, whose head is >= 1 px further along the path than while held. */
  firstPosteriorMovement: number;
  /** First frame whose head y is below (greater than) bands.ramus.y1. */
  bolusPassesRamus: number;
  /** First frame in which the hyoid has moved from rest (the frame before shows it at rest). */
  hyoidBurstOnset: number;
  /** First frame the UES is open: the design opening, or earlier if the head enters bands.ues (head y > ues.y0) sooner. */
  uesOpening: number;
  /** First frame the UES is closed again: 1-2 frames after tailThroughUes. */
  uesClosure: number;
  /** First frame with the laryngeal vestibule fully closed (its air no longer drawn). */
  lvcOnset: number;
  /** First frame after lvcOnset in which the vestibule air is drawn again. */
  lvcOffset: number;
  /** First frame after the head has passed bands.ues.y1 whose tail y is below ues.y1, or no moving bolus is left. */
  tailThroughUes: number;
}

export interface VfssFrame {
  /** width*height, 8-bit grey, row-major. Dense matter is dark. */
  image: Uint8Array;
  /** 0/1 per pixel, cut to the imaged field (inside the intensifier disc, not collimated). */
  masks: Record<VfssStructure, Uint8Array>;
  /**
   * Leading / trailing pixel (centre coordinates) of the moving bolus mask along the bolus path;
   * residue resting in the vallecula or pyriform sinuses is excluded. Null when no moving bolus is
   * visible.
   */
  bolusHead: [number, number] | null;
  bolusTail: [number, number] | null;
  /** Pixels in masks.bolus (moving bolus and residue). */
  bolusAreaPx: number;
  /** Pixels of masks.bolus that belong only to resting residue. */
  residueAreaPx: number;
}

export type VfssBandName = keyof Bands;

export interface VfssPhantom {
  width: number;
  height: number;
  frames: number;
  fps: number;
  facing: 'left' | 'right';
  difficulty: VfssDifficulty;
  /** Computed on first access (renders the bolus of every frame, ~0.1 s for 300 frames). */
  events: VfssEventsTruth;
  /** Anatomical bands along the bolus path at rest pose, image rows in px (head motion is a few px). */
  bands: Record<VfssBandName, { y0: number; y1: number }>;
  /** Distance between the anterior-inferior corners of C2 and C4 at rest pose (NRRS scalar). */
  c2c4LengthPx: number;
  renderFrame(index: number): VfssFrame;
}

export function createVfssPhantom(options: VfssPhantomOptions): VfssPhantom {
  return new SyntheticVfss(options);
}

class SyntheticVfss implements VfssPhantom {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly fps: number;
  readonly facing: 'left' | 'right';
  readonly difficulty: VfssDifficulty;
  readonly bands: Bands;
  readonly c2c4LengthPx: number;
  private readonly params: VfssDifficultyParams;
  private readonly layout: VfssLayout;
  private readonly anatomy: VfssAnatomy;
  private readonly timeline: VfssTimeline;
  private readonly bolus: BolusModel;
  private readonly detector: Detector;
  private readonly arcLength: Float32Array;
  private readonly scratch: BolusScratch;
  private readonly frameAttenuation: Float32Array;
  private readonly uesCloseDelay: number;
  private readonly seed: number;
  private readonly spineRows: [number, number];
  private readonly mandibleRows: [number, number];
  private cachedEvents: VfssEventsTruth | null = null;

  constructor(options: VfssPhantomOptions) {
    this.width = options.width ?? 512;
    this.height = options.height ?? 512;
    this.frames = options.frames ?? 300;
    this.fps = options.fps ?? 30;
    this.difficulty = options.difficulty ?? 'standard';
    if (!Number.isInteger(this.width) || !Number.isInteger(this.height) || this.width < 128 || this.height < 128) {
      throw new RangeError('VFSS phantom width and height must be integers >= 128');
    }
    if (!Number.isInteger(this.frames) || this.frames < 24) throw new RangeError('VFSS phantom needs at least 24 frames');
    if (!(this.fps > 0)) throw new RangeError('VFSS phantom fps must be positive');
    this.seed = options.seed;
    const rng = createRng(options.seed, 'vfss');
    this.facing = options.facing ?? (rng.fork('facing').chance(0.5) ? 'left' : 'right');
    this.params = VFSS_DIFFICULTY[this.difficulty];
    this.layout = sampleVfssLayout(rng.fork('layout'), this.width, this.height, this.facing);
    const features = rng.fork('features');
    const withMetal = features.chance(this.params.pMetal);
    const collimated = features.chance(this.params.pCollimator);
    this.uesCloseDelay = features.int(1, 2);
    this.anatomy = renderVfssAnatomy(rng.fork('anatomy'), this.layout, this.params, this.width, this.height, withMetal);
    this.timeline = planVfssTimeline(rng.fork('timeline'), this.layout, this.params, this.frames, this.fps, this.height);
    this.bolus = new BolusModel(rng.fork('bolus'), this.layout, this.timeline, this.params, this.width, this.height, options.residue ?? true);
    this.detector = createDetector(rng.fork('detector'), this.width, this.height, this.params, collimated);
    this.arcLength = this.layout.path.arcLengthMap(this.width, this.height, 45 * this.layout.pose.scale);
    this.scratch = createBolusScratch(this.width, this.height);
    this.frameAttenuation = new Float32Array(this.width * this.height);
    this.spineRows = maskRows(this.anatomy.spineMask, this.width, this.height);
    this.mandibleRows = maskRows(this.anatomy.mandibleMask, this.width, this.height);
    this.bands = this.layout.bands;
    this.c2c4LengthPx = this.layout.c2c4LengthPx;
  }

  get events(): VfssEventsTruth {
    this.cachedEvents ??= this.measureEvents();
    return this.cachedEvents;
  }

  renderFrame(index: number): VfssFrame {
    if (!Number.isInteger(index) || index < 0 || index >= this.frames) {
      throw new RangeError(`frame ${index} is outside 0..${this.frames - 1}`);
    }
    const { width, height, layout, timeline } = this;
    const n = width * height;
    const shift = this.shiftOf(index);
    const A = this.frameAttenuation;
    shiftImage(this.anatomy.attenuation, A, width, height, shift);

    const squeeze = timeline.pharynxSqueeze(index);
    if (squeeze > 0) addCrop(A, width, height, this.anatomy.pharynxAir, 0.7 * squeeze, shift);

    const excursion = timeline.hyoidExcursion(index);
    const [ex, ey] = layout.hyoidExcursion;
    const open = timeline.vestibuleOpen(index);
    if (open > 0) {
      const center: Vec2 = [layout.vestibule[0] + 0.8 * ex * excursion, layout.vestibule[1] + 0.8 * ey * excursion];
      const shape = translated(vestibuleShape(layout, center, open), ...shift);
      addShape(A, width, height, shape, -AIRWAY_AIR * 0.85, 2 * layout.pose.scale);
    }

    const hyoidMask = new Uint8Array(n);
    const hyoidAt: Vec2 = [layout.hyoidRest[0] + ex * excursion, layout.hyoidRest[1] + ey * excursion];
    for (const part of hyoidParts(layout, hyoidAt)) {
      const moved = { ...part, shape: translated(part.shape, ...shift) };
      drawBone(A, width, height, moved, this.anatomy.texture, this.params.blurSigma * layout.pose.scale);
      fillMask(hyoidMask, width, height, moved.shape);
      clipToSpans(hyoidMask, this.detector.spans, width, pixelBox(moved.shape, width, height));
    }

    this.bolus.render(index, shift, this.scratch);
    const { moving, residue, box } = this.scratch;
    const spans = this.detector.spans;
    const threshold = this.bolus.maskDensity;
    const bolusMask = new Uint8Array(n);
    let bolusAreaPx = 0;
    let residueAreaPx = 0;
    for (let y = box.y0; y < box.y1; y++) {
      const s0 = spans[2 * y] as number;
      const s1 = spans[2 * y + 1] as number;
      for (let x = box.x0; x < box.x1; x++) {
        const i = y * width + x;
        const m = moving[i] as number;
        const d = m + (residue[i] as number);
        if (d <= 0) continue;
        A[i] = (A[i] as number) + this.bolus.attenuation(d);
        if (d <= threshold || x < s0 || x >= s1) continue;
        bolusMask[i] = 1;
        bolusAreaPx++;
        if (m <= threshold) residueAreaPx++;
      }
    }

    const { head, tail } = this.headAndTail(shift);
    return {
      image: this.toGrey(index),
      masks: {
        bolus: bolusMask,
        cervicalSpine: shiftMask(this.anatomy.spineMask, this.spineRows, spans, width, height, shift),
        mandible: shiftMask(this.anatomy.mandibleMask, this.mandibleRows, spans, width, height, shift),
        hyoid: hyoidMask,
      },
      bolusHead: head,
      bolusTail: tail,
      bolusAreaPx,
      residueAreaPx,
    };
  }

  /** Whole-pixel head motion of a frame. */
  private shiftOf(index: number): WholeShift {
    const [dx, dy] = this.timeline.headShift(index);
    return [Math.round(dx), Math.round(dy)];
  }

  /** Attenuation to 8-bit grey with vignetting, quantum noise and burned-in overlay. */
  private toGrey(index: number): Uint8Array {
    const { gain, black, greyLut, noiseLut, noiseBank: bank, noisePeriod2, overlayIndex, overlayValue } = this.detector;
    const A = this.frameAttenuation;
    const n = this.width * this.height;
    const out = new Uint8Array(n);
    const frameRng = createRng(this.seed, 'vfss-frame', index);
    const period1 = bank.length;
    let j0 = frameRng.int(0, period1 - 1);
    let j1 = frameRng.int(0, noisePeriod2 - 1);
    const last = greyLut.length - 1;
    for (let i = 0; i < n; i++) {
      let li = ((A[i] as number) * LUT_STEPS) | 0;
      if (li > last) li = last;
      else if (li < 0) li = 0;
      const noise = ((bank[j0] as number) + (bank[j1] as number)) * Math.SQRT1_2;
      if (++j0 === period1) j0 = 0;
      if (++j1 === noisePeriod2) j1 = 0;
      const g = gain[i] as number;
      const v = (black + 0.5 + g * ((greyLut[li] as number) - black + (noiseLut[li] as number) * noise) + (1 - g) * 0.8 * noise) | 0;
      out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    for (let j = 0; j < overlayIndex.length; j++) out[overlayIndex[j] as number] = overlayValue[j] as number;
    return out;
  }

  /** Extreme moving-bolus pixels along the path (arc-length map at rest pose, shifted back). */
  private headAndTail(shift: WholeShift): { head: [number, number] | null; tail: [number, number] | null } {
    const { width, height } = this;
    const { moving, box } = this.scratch;
    const visible = this.detector.visible;
    const threshold = this.bolus.maskDensity;
    const [sx, sy] = shift;
    let maxS = -Infinity;
    let minS = Infinity;
    let head: [number, number] | null = null;
    let tail: [number, number] | null = null;
    for (let y = box.y0; y < box.y1; y++) {
      const ry = y - sy;
      if (ry < 0 || ry >= height) continue;
      for (let x = box.x0; x < box.x1; x++) {
        const i = y * width + x;
        if (!visible[i] || (moving[i] as number) <= threshold) continue;
        const rx = x - sx;
        if (rx < 0 || rx >= width) continue;
        const s = this.arcLength[ry * width + rx] as number;
        if (s < 0) continue;
        if (s > maxS) {
          maxS = s;
          head = [x + 0.5, y + 0.5];
        }
        if (s < minS) {
          minS = s;
          tail = [x + 0.5, y + 0.5];
        }
      }
    }
    return { head, tail };
  }

  private measureEvents(): VfssEventsTruth {
    const { frames, timeline, bands } = this;
    const heads: Array<[number, number] | null> = [];
    const tails: Array<[number, number] | null> = [];
    const headS: number[] = [];
    for (let f = 0; f < frames; f++) {
      const shift = this.shiftOf(f);
      this.bolus.render(f, shift, this.scratch);
      const { head, tail } = this.headAndTail(shift);
      heads.push(head);
      tails.push(tail);
      headS.push(head ? this.arcAt(head, shift) : -Infinity);
    }
    const firstFrame = (from: number, test: (f: number) => boolean): number => {
      for (let f = Math.max(0, from); f < frames; f++) if (test(f)) return f;
      return frames - 1;
    };
    const heldFrame = Math.max(0, timeline.frameAtOrAfter(timeline.tPropulsion) - 1);
    const heldS = headS[heldFrame] ?? -Infinity;
    const firstPosteriorMovement = firstFrame(heldFrame + 1, (f) => (headS[f] ?? -Infinity) >= heldS + 1);
    const below = (f: number, y: number): boolean => (heads[f]?.[1] ?? -Infinity) > y;
    const bolusPassesRamus = firstFrame(firstPosteriorMovement, (f) => below(f, bands.ramus.y1));
    const headInUes = firstFrame(bolusPassesRamus, (f) => below(f, bands.ues.y0));
    const headThroughUes = firstFrame(headInUes, (f) => below(f, bands.ues.y1));
    const tailThroughUes = firstFrame(headThroughUes + 1, (f) => {
      const tail = tails[f];
      return tail === null || tail === undefined || tail[1] > bands.ues.y1;
    });
    const last = frames - 1;
    return {
      firstPosteriorMovement,
      bolusPassesRamus,
      hyoidBurstOnset: Math.min(last, timeline.hyoidOnsetFrame),
      uesOpening: Math.min(timeline.uesOpeningFrame, headInUes),
      uesClosure: Math.min(last, tailThroughUes + this.uesCloseDelay),
      lvcOnset: Math.min(last, timeline.lvcOnsetFrame),
      lvcOffset: Math.min(last, timeline.lvcOffsetFrame),
      tailThroughUes,
    };
  }

  private arcAt(point: [number, number], shift: WholeShift): number {
    const x = Math.floor(point[0]) - shift[0];
    const y = Math.floor(point[1]) - shift[1];
    return this.arcLength[y * this.width + x] ?? -Infinity;
  }
}

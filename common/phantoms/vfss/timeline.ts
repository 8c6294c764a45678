/**
 * The swallow's schedule: when the bolus arrives, is held, is propelled; the bolus head's path
 * position over time; and the physiological events that the rendering shows (hyoid burst, laryngeal
 * vestibule closure, pharyngeal constriction, head motion).
 *
 * Times are "design seconds". When the clip is too short for the sampled swallow, design time runs
 * faster than clip time (`timeScale` < 1) so that every event still happens inside the clip. When
 * the clip is long, the extra time goes to the wait before the bolus arrives, the oral hold, and
 * the quiet frames after the swallow.
 */
import { clamp, type Rng } from '../random';
import { MonotoneCurve } from '../monotoneCurve';
import type { VfssDifficultyParams } from './difficulty';
import type { VfssLayout } from './layout';

export interface VfssTimeline {
  fps: number;
  frames: number;
  /** Design time of a frame, seconds. */
  timeOf(frame: number): number;
  /** First frame whose design time is >= t. */
  frameAtOrAfter(t: number): number;
  /** Bolus arrives in the oral cavity (no bolus on screen up to this time). */
  tEnter: number;
  entryDuration: number;
  /** Start of the posterior propulsion (design). */
  tPropulsion: number;
  /** Bolus head arc length while held. */
  holdS: number;
  /** Length of the held bolus along the path (image px). */
  holdLength: number;
  /** Time lag between head and tail following the same trajectory (s). */
  tailLag: number;
  /** Head path position for time tau = t - tPropulsion >= 0. */
  headCurve: MonotoneCurve;
  /** Design estimate of the tail passing the UES (for physiology that follows it). */
  tTailThroughUes: number;
  hyoidOnsetFrame: number;
  /** Fraction (0..1) of the hyoid's peak excursion at a frame. */
  hyoidExcursion(frame: number): number;
  uesOpeningFrame: number;
  lvcOnsetFrame: number;
  lvcOffsetFrame: number;
  /** 1 = laryngeal vestibule open (air visible), 0 = closed. */
  vestibuleOpen(frame: number): number;
  /** 0 = pharynx at rest, 1 = fully constricted (pharyngeal air squeezed out). */
  pharynxSqueeze(frame: number): number;
  /** Whole-head translation at a frame, image px. */
  headShift(frame: number): [number, number];
}

export function planVfssTimeline(
  rng: Rng,
  layout: VfssLayout,
  params: VfssDifficultyParams,
  frames: number,
  fps: number,
  imageHeight: number,
): VfssTimeline {
  const path = layout.path;
  const k = layout.pose.scale;
  const holdLength = k * rng.range(45, 75);
  const holdS = layout.pharynxStartS - k * rng.range(40, 60);
  const sRamus = path.firstCrossingBelow(layout.bands.ramus.y1, layout.pharynxStartS);
  const sVallecula = layout.pocketS.vallecula;
  const sPyriform = layout.pocketS.pyriform;
  const sUesTop = path.firstCrossingBelow(layout.bands.ues.y0, layout.pharynxStartS);
  const sUesBottom = path.firstCrossingBelow(layout.bands.ues.y1, layout.pharynxStartS);
  const sExit = path.firstCrossingBelow(imageHeight + 40 * k, layout.pharynxStartS);

  // Physiology relative to the start of propulsion (tau = 0), in seconds.
  const oralTransit = rng.range(...params.oralTransit);
  const delayed = rng.chance(params.pDelayedTrigger);
  const reaction = delayed ? rng.range(0.5, 1.1) : rng.range(-0.1, 0.3);
  const tauHyoid = Math.max(0.1, oralTransit + reaction);
  const tauUesOpen = tauHyoid + rng.range(0.08, 0.2);
  const tauHeadUes = Math.max(oralTransit + rng.range(0.1, 0.2), tauUesOpen + rng.range(0.02, 0.06));
  const tauHeadUesBottom = tauHeadUes + rng.range(0.1, 0.18);
  const esophagealSpeed = k * rng.range(250, 400);
  const tauExit = tauHeadUesBottom + (sExit - sUesBottom) / esophagealSpeed;

  const keys: Array<[number, number]> = [
    [0, holdS],
    [oralTransit, sRamus],
  ];
  if (tauHeadUes - oralTransit > 0.35) {
    // Delayed trigger: the head spills into the vallecula and pyriform sinuses and waits there.
    keys.push([oralTransit + 0.15, sVallecula]);
    keys.push([tauHeadUes - 0.12, Math.max(sVallecula + 1, sPyriform)]);
  }
  keys.push([tauHeadUes, sUesTop], [tauHeadUesBottom, sUesBottom], [tauExit, sExit]);
  const headCurve = new MonotoneCurve(keys);

  const tailLag = rng.range(0.3, 0.55) * (delayed ? 1.3 : 1);
  const tauTailUes = tauHeadUesBottom + tailLag + 0.1;
  const tauTailExit = tauExit + tailLag + 0.3;

  // Whole-clip layout in design seconds; long clips get slack before and after the swallow.
  const entryDuration = rng.range(0.2, 0.35);
  const baseEnter = rng.range(0.2, 0.4);
  const baseHold = rng.range(0.4, 0.9);
  const post = 0.5;
  const needed = baseEnter + entryDuration + baseHold + tauTailExit + post;
  const available = frames / fps;
  const slack = Math.max(0, available - needed);
  const tEnter = baseEnter + slack * rng.range(0.03, 0.15);
  const hold = baseHold + Math.min(1.5, slack * rng.range(0.05, 0.2));
  const tPropulsion = tEnter + entryDuration + hold;
  const timeScale = Math.min(1, available / needed);
  const timeOf = (frame: number): number => frame / (fps * timeScale);
  const frameAtOrAfter = (t: number): number => Math.ceil(t * fps * timeScale - 1e-9);

  const hyoidOnsetFrame = frameAtOrAfter(tPropulsion + tauHyoid);
  const hyoidRise = Math.max(rng.range(0.15, 0.3), 1.5 / (fps * timeScale));
  const hyoidHoldUntil = tPropulsion + tauTailUes + rng.range(0, 0.15);
  const hyoidReturn = rng.range(0.3, 0.5);
  // The burst starts one frame before the onset frame so that the onset frame already shows
  // movement and the frame before it does not.
  const burstStart = timeOf(hyoidOnsetFrame - 1);
  const hyoidExcursion = (frame: number): number => {
    const t = timeOf(frame);
    if (frame < hyoidOnsetFrame) return 0;
    if (t < burstStart + hyoidRise) return Math.sin(((t - burstStart) / hyoidRise) * (Math.PI / 2));
    if (t < hyoidHoldUntil) return 1;
    const r = clamp((t - hyoidHoldUntil) / hyoidReturn, 0, 1);
    return 1 - r * r * (3 - 2 * r);
  };

  const uesOpeningFrame = frameAtOrAfter(tPropulsion + tauUesOpen);
  const lvcOnsetFrame = Math.max(hyoidOnsetFrame + 1, frameAtOrAfter(tPropulsion + tauHyoid + rng.range(0.05, 0.2)));
  const lvcOffsetFrame = Math.max(
    lvcOnsetFrame + 4,
    frameAtOrAfter(tPropulsion + tauTailUes + rng.range(0, 0.25)),
  );
  const vestibuleOpen = (frame: number): number => {
    if (frame >= lvcOnsetFrame && frame < lvcOffsetFrame) return 0;
    if (frame < lvcOnsetFrame) return clamp((lvcOnsetFrame - frame) / 3, 0, 1);
    return clamp((frame - lvcOffsetFrame + 1) / 4, 0, 1);
  };

  const squeezeStart = tPropulsion + tauHyoid;
  const squeezePeak = tPropulsion + tauHeadUesBottom + 0.05;
  const squeezeEnd = tPropulsion + tauTailUes + 0.3;
  const pharynxSqueeze = (frame: number): number => {
    const t = timeOf(frame);
    if (t <= squeezeStart || t >= squeezeEnd) return 0;
    if (t < squeezePeak) return smooth((t - squeezeStart) / Math.max(1e-3, squeezePeak - squeezeStart));
    return 1 - smooth((t - squeezePeak) / Math.max(1e-3, squeezeEnd - squeezePeak));
  };

  const motionRng = rng.fork('head-motion');
  const amp = params.headMotion * k;
  const waves = [0, 1].map(() => ({
    ax: amp * motionRng.range(0.4, 1),
    ay: amp * motionRng.range(0.4, 1),
    f: motionRng.range(0.08, 0.35),
    px: motionRng.range(0, 2 * Math.PI),
    py: motionRng.range(0, 2 * Math.PI),
  }));
  // During the swallow the head flexes a little forward and down.
  const [nodX, nodY] = layout.pose.vec(-motionRng.range(1, 4), motionRng.range(1, 4));
  const headShift = (frame: number): [number, number] => {
    const t = timeOf(frame);
    let dx = 0;
    let dy = 0;
    for (const w of waves) {
      dx += w.ax * Math.sin(2 * Math.PI * w.f * t + w.px);
      dy += w.ay * Math.sin(2 * Math.PI * w.f * t + w.py);
    }
    const nod = pharynxSqueeze(frame);
    return [dx + nodX * nod, dy + nodY * nod];
  };

  return {
    fps,
    frames,
    timeOf,
    frameAtOrAfter,
    tEnter,
    entryDuration,
    tPropulsion,
    holdS,
    holdLength,
    tailLag,
    headCurve,
    tTailThroughUes: tPropulsion + tauTailUes,
    hyoidOnsetFrame,
    hyoidExcursion,
    uesOpeningFrame,
    lvcOnsetFrame,
    lvcOffsetFrame,
    vestibuleOpen,
    pharynxSqueeze,
    headShift,
  };
}

function smooth(x: number): number {
  const t = clamp(x, 0, 1);
  return t * t * (3 - 2 * t);
}

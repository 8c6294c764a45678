import { advance, clampRange, frameAtTime, skippedBetween, type FrameRange } from '../../../common/cine/playback';

export interface CineStats {
  /** Frames put on screen since play started. */
  shown: number;
  /** Frames that were due but skipped because the display fell behind. */
  dropped: number;
  elapsedMs: number;
}

export interface CineTarget {
  showFrame(index: number): Promise<void>;
  readonly frame: number;
}

/**
 * Plays a stack at its real frame times (from the file: FrameTime, FrameTimeVector…), times a speed
 * factor, inside a loop range. A frame that is due while the previous one is still being drawn
 * is skipped and counted as dropped, so the clock never drifts and the count is honest.
 */
export class CinePlayer {
  private raf = 0;
  private playing = false;
  private wallStart = 0;
  private mediaStart = 0;
  private busy = false;
  private lastShown = 0;
  private stats: CineStats = { shown: 0, dropped: 0, elapsedMs: 0 };
  speed = 1;
  loop = true;
  range: FrameRange;

  constructor(
    private readonly target: CineTarget,
    private readonly timestamps: readonly number[],
    private readonly onState: (playing: boolean) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.range = { start: 0, end: Math.max(0, timestamps.length - 1) };
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  get statistics(): CineStats {
    return { ...this.stats };
  }

  setRange(range: FrameRange): void {
    this.range = clampRange(range, this.timestamps.length);
    if (this.playing) this.restartClock();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    if (this.playing) this.restartClock();
  }

  play(): void {
    if (this.playing || this.timestamps.length < 2) return;
    let from = this.target.frame;
    if (from < this.range.start || from >= this.range.end) from = this.range.start;
    this.lastShown = from;
    this.mediaStart = this.timestamps[from] ?? 0;
    this.wallStart = this.now();
    this.stats = { shown: 0, dropped: 0, elapsedMs: 0 };
    this.playing = true;
    this.onState(true);
    if (from !== this.target.frame) void this.target.showFrame(from);
    this.raf = requestAnimationFrame(this.tick);
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.stats.elapsedMs = this.now() - this.wallStart;
    this.onState(false);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  dispose(): void {
    this.playing = false;
    cancelAnimationFrame(this.raf);
  }

  private restartClock(): void {
    this.mediaStart = this.timestamps[this.target.frame] ?? 0;
    this.wallStart = this.now();
  }

  private readonly tick = (): void => {
    if (!this.playing) return;
    const now = this.now();
    const { mediaMs, ended } = advance(this.timestamps, this.range, this.mediaStart, now - this.wallStart, this.speed, this.loop);
    const due = frameAtTime(this.timestamps, this.range, mediaMs);
    this.stats.elapsedMs = now - this.wallStart;
    if (due !== this.lastShown) {
      if (this.busy) {
        // Still drawing the previous frame: this one is missed; the next tick shows a later one.
      } else {
        this.stats.dropped += skippedBetween(this.lastShown, due, this.range);
        this.lastShown = due;
        this.busy = true;
        void this.target.showFrame(due).finally(() => {
          this.busy = false;
          this.stats.shown++;
        });
      }
    }
    if (ended) {
      this.pause();
      return;
    }
    this.raf = requestAnimationFrame(this.tick);
  };
}

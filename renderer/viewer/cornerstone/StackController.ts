import {
  Enums,
  eventTarget,
  imageLoader,
  RenderingEngine,
  type Types,
} from '@cornerstonejs/core';
import { createToolGroup, destroyToolGroup, setPrimaryTool, type PrimaryTool, type TextLines } from './tools';

export interface ViewState {
  frame: number;
  windowWidth: number | null;
  windowCenter: number | null;
  zoomPercent: number;
  invert: boolean;
}

type Listener = (state: ViewState) => void;

let engineCounter = 0;

/**
 * Wraps one Cornerstone3D stack viewport with the few operations the viewer needs, so React code
 * never touches Cornerstone's internals and the cine player can drive frames directly.
 */
export class StackController {
  readonly renderingEngineId = `kestrel-engine-${++engineCounter}`;
  readonly viewportId = `kestrel-viewport-${engineCounter}`;
  readonly toolGroupId = `kestrel-tools-${engineCounter}`;
  private readonly engine: RenderingEngine;
  private viewport: Types.IStackViewport | null = null;
  private listeners = new Set<Listener>();
  private readonly onChange = () => this.emit();
  private firstRendered = false;
  private readonly onRendered = () => {
    if (!this.firstRendered) {
      this.firstRendered = true;
      // Read by the time-to-first-image benchmark (ms since navigation start).
      performance.mark('kestrel:first-image');
    }
    this.emit();
  };
  private imageIds: string[] = [];
  private disposed = false;
  private natural: { width: number | null; center: number | null } = { width: null, center: null };

  constructor(
    readonly element: HTMLDivElement,
    textLines?: TextLines,
  ) {
    this.engine = new RenderingEngine(this.renderingEngineId);
    this.engine.enableElement({
      viewportId: this.viewportId,
      type: Enums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] },
    });
    this.viewport = this.engine.getViewport(this.viewportId) as Types.IStackViewport;
    createToolGroup(this.toolGroupId, this.viewportId, this.renderingEngineId, textLines);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    element.addEventListener(Enums.Events.VOI_MODIFIED, this.onChange);
  }

  get stackViewport(): Types.IStackViewport {
    if (!this.viewport) throw new Error('viewport disposed');
    return this.viewport;
  }

  async setStack(imageIds: string[], initialIndex = 0): Promise<void> {
    this.imageIds = imageIds;
    await this.stackViewport.setStack(imageIds, initialIndex);
    const voi = this.stackViewport.getProperties().voiRange;
    if (voi) this.natural = { width: voi.upper - voi.lower, center: (voi.upper + voi.lower) / 2 };
    this.refit();
  }

  /** Loads every frame into Cornerstone's cache with bounded concurrency, reporting progress. */
  async prefetch(onProgress: (loaded: number, total: number) => void, concurrency = 4): Promise<void> {
    const ids = [...this.imageIds];
    let loaded = 0;
    const queue = ids.map((id, i) => ({ id, i }));
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let next = queue.shift(); next && !this.disposed; next = queue.shift()) {
          await imageLoader.loadAndCacheImage(next.id).catch(() => undefined);
          loaded++;
          onProgress(loaded, ids.length);
        }
      }),
    );
  }

  get frame(): number {
    return this.viewport?.getCurrentImageIdIndex() ?? 0;
  }

  get frameCount(): number {
    return this.imageIds.length;
  }

  /** The frame last asked for (it may still be loading): steps count from here, not from the screen. */
  private target = 0;
  private inFlight = 0;

  /** Shows a stack position; resolves once the image is on screen. */
  async showFrame(index: number): Promise<void> {
    const i = Math.max(0, Math.min(this.imageIds.length - 1, index));
    this.target = i;
    if (!this.viewport || i === this.viewport.getCurrentImageIdIndex()) return;
    this.inFlight++;
    try {
      await this.viewport.setImageIdIndex(i);
    } finally {
      this.inFlight--;
    }
  }

  /**
   * One key press or a held-down arrow: relative to the frame still being loaded when there is one,
   * so quick presses are not lost; otherwise relative to the frame on screen (which the wheel or
   * the cine may have moved).
   */
  step(delta: number): Promise<void> {
    const base = this.inFlight > 0 ? this.target : (this.viewport?.getCurrentImageIdIndex() ?? 0);
    return this.showFrame(base + delta);
  }

  setTool(tool: PrimaryTool): void {
    setPrimaryTool(this.toolGroupId, tool);
  }

  fit(): void {
    this.refit();
  }

  invert(): void {
    const { invert } = this.stackViewport.getProperties();
    this.stackViewport.setProperties({ invert: !invert });
    this.stackViewport.render();
    this.emit();
  }

  reset(): void {
    this.stackViewport.resetProperties();
    this.refit();
    this.emit();
  }

  /**
   * Follows the element's new size. An image still at its fitted view is fitted again (a panel
   * appearing must not leave it cropped); one the user zoomed or panned keeps its camera.
   */
  resize(): void {
    const vp = this.viewport;
    const fitted = vp !== null && this.isFitted();
    this.engine.resize(true, true);
    if (vp && fitted) this.refit();
  }

  /** The camera right after the last fit, to tell whether the user has zoomed or panned since. */
  private fittedCamera: { scale: number; focal: readonly number[] } | null = null;

  private refit(): void {
    const vp = this.stackViewport;
    vp.resetCamera();
    const cam = vp.getCamera();
    this.fittedCamera = { scale: cam.parallelScale ?? 0, focal: [...(cam.focalPoint ?? [0, 0, 0])] };
    vp.render();
  }

  private isFitted(): boolean {
    const f = this.fittedCamera;
    if (!f || !this.viewport) return true;
    const cam = this.viewport.getCamera();
    const focal = cam.focalPoint ?? [0, 0, 0];
    return Math.abs((cam.parallelScale ?? 0) - f.scale) < 1e-6 * Math.max(1, f.scale) && focal.every((v, i) => Math.abs(v - (f.focal[i] ?? 0)) < 1e-6);
  }

  state(): ViewState {
    const vp = this.viewport;
    if (!vp) return { frame: 0, windowWidth: null, windowCenter: null, zoomPercent: 100, invert: false };
    const props = vp.getProperties();
    const voi = props.voiRange;
    return {
      frame: vp.getCurrentImageIdIndex(),
      windowWidth: voi ? voi.upper - voi.lower : this.natural.width,
      windowCenter: voi ? (voi.upper + voi.lower) / 2 : this.natural.center,
      zoomPercent: Math.round((vp.getZoom?.() ?? 1) * 100),
      invert: props.invert ?? false,
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const s = this.state();
    for (const l of this.listeners) l(s);
  }

  /** Cornerstone reports load failures as events on the global event target. */
  onImageLoadFailed(listener: (message: string, imageIndex: number) => void): () => void {
    const handler = (evt: Event) => {
      const detail = (evt as CustomEvent<{ error?: unknown; imageId?: string }>).detail;
      const index = detail?.imageId ? this.imageIds.indexOf(detail.imageId) : -1;
      if (detail?.imageId && index < 0) return;
      listener(describeLoadError(detail?.error), index);
    };
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, handler);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, handler);
    return () => {
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_FAILED, handler);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_ERROR, handler);
    };
  }

  dispose(): void {
    this.disposed = true;
    this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    this.element.removeEventListener(Enums.Events.VOI_MODIFIED, this.onChange);
    this.listeners.clear();
    destroyToolGroup(this.toolGroupId);
    this.engine.destroy();
    this.viewport = null;
  }
}

/**
 * The loader rejects with an Error, a string, or `{ error, dataSet }` (dicom-parser's shape); find
 * the human part without dumping the data set.
 */
export function describeLoadError(error: unknown, depth = 0): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && depth < 3) {
    const o = error as { message?: unknown; exception?: unknown; error?: unknown };
    if (typeof o.message === 'string') return o.message;
    if (typeof o.exception === 'string') return o.exception;
    if (o.error !== undefined) return describeLoadError(o.error, depth + 1);
  }
  return 'the image data could not be decoded';
}

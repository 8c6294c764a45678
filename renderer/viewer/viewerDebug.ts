import { cache } from '@cornerstonejs/core';
import { imageToCanvas } from './cornerstone/imageCoords';
import type { CinePlayer, CineStats } from './cine/CinePlayer';
import type { StackController } from './cornerstone/StackController';
import type { DisplaySet } from './displaySet';

export interface ViewerDebug {
  frame(): number;
  frameCount(): number;
  cineStats(): CineStats | null;
  play(): void;
  pause(): void;
  seriesId(): number;
  /** Bytes of decoded images held in Cornerstone's cache (typed arrays, outside the JS heap). */
  cacheBytes(): number;
  /** Shows a frame (as the frame slider would). */
  seek(frame: number): Promise<void>;
  /** Image pixel (x, y) of the frame on screen → viewport canvas CSS px. */
  imageToCanvas(x: number, y: number): [number, number] | null;
}

declare global {
  interface Window {
    kestrelViewer?: ViewerDebug;
  }
}

/**
 * A read-mostly handle on the open viewer for the end-to-end tests and benchmarks (frame index,
 * cine statistics). It exposes nothing the page could not already do through the UI.
 */
export function exposeViewerDebug(parts: { controller: StackController; player: () => CinePlayer | null; displaySet: DisplaySet }): void {
  window.kestrelViewer = {
    frame: () => parts.controller.frame,
    frameCount: () => parts.controller.frameCount,
    cineStats: () => parts.player()?.statistics ?? null,
    play: () => parts.player()?.play(),
    pause: () => parts.player()?.pause(),
    seriesId: () => parts.displaySet.seriesId,
    cacheBytes: () => cache.getCacheSize(),
    seek: (frame) => parts.controller.showFrame(frame),
    imageToCanvas: (x, y) => {
      const imageId = parts.displaySet.imageIds[parts.controller.frame];
      if (!imageId) return null;
      return imageToCanvas(parts.controller.stackViewport, imageId, [x, y]);
    },
  };
}

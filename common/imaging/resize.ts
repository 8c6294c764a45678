/**
 * Frame → model input size. Which OpenCV interpolation, and why:
 * - shrinking (output no larger than the input on both axes): INTER_AREA — the mean over each
 *   output cell. A 2140-pixel radiograph going to 512 would otherwise sample 2 of every ~4 pixels
 *   (INTER_LINEAR) and alias its noise and fine edges;
 * - anything else (upscaling on at least one axis): INTER_LINEAR.
 * Both are bit-exact copies of cv2.resize (see resizeArea.ts / resizeLinear.ts), tested against it.
 * 'pad' keeps the aspect ratio, centres the image and fills the rest with 0; 'stretch' fills the
 * whole input. The Letterbox records how to map results back to the frame.
 */
import { checkSize, type Gray8 } from './image';
import { resizeArea } from './resizeArea';
import { resizeLinear } from './resizeLinear';

export interface Letterbox {
  srcWidth: number;
  srcHeight: number;
  /** Model input size. */
  width: number;
  height: number;
  /** Size of the resized frame inside the model input (equal to width/height for 'stretch'). */
  contentWidth: number;
  contentHeight: number;
  /** contentWidth / srcWidth and contentHeight / srcHeight. */
  scaleX: number;
  scaleY: number;
  /** Where the resized frame starts inside the model input. */
  offsetX: number;
  offsetY: number;
}

/** Resize with the interpolation chosen above. */
export function resizeGray8(src: Gray8, width: number, height: number, out?: Uint8Array): Gray8 {
  return width <= src.width && height <= src.height ? resizeArea(src, width, height, out) : resizeLinear(src, width, height, out);
}

export function letterbox(srcWidth: number, srcHeight: number, width: number, height: number, fit: 'pad' | 'stretch'): Letterbox {
  checkSize(srcWidth, srcHeight);
  checkSize(width, height);
  let cw = width;
  let ch = height;
  if (fit === 'pad') {
    const s = Math.min(width / srcWidth, height / srcHeight);
    cw = Math.min(width, Math.max(1, Math.round(srcWidth * s)));
    ch = Math.min(height, Math.max(1, Math.round(srcHeight * s)));
  }
  return {
    srcWidth,
    srcHeight,
    width,
    height,
    contentWidth: cw,
    contentHeight: ch,
    scaleX: cw / srcWidth,
    scaleY: ch / srcHeight,
    offsetX: Math.floor((width - cw) / 2),
    offsetY: Math.floor((height - ch) / 2),
  };
}

export function fitToModel(src: Gray8, width: number, height: number, fit: 'pad' | 'stretch', out?: Uint8Array): { image: Gray8; box: Letterbox } {
  const box = letterbox(src.width, src.height, width, height, fit);
  const data = out ?? new Uint8Array(width * height);
  if (data.length !== width * height) throw new RangeError(`out buffer has ${data.length} bytes, ${width * height} needed`);
  if (box.contentWidth === width && box.contentHeight === height) {
    resizeGray8(src, width, height, data);
  } else {
    const content = resizeGray8(src, box.contentWidth, box.contentHeight);
    data.fill(0);
    for (let y = 0; y < box.contentHeight; y++) {
      const from = y * box.contentWidth;
      data.set(content.data.subarray(from, from + box.contentWidth), (y + box.offsetY) * width + box.offsetX);
    }
  }
  return { image: { width, height, data }, box };
}

/**
 * A point of the model input (pixel centres at integers, as cv2) in frame coordinates, e.g. a
 * landmark a model predicts. sourceToModel is its inverse.
 */
export function modelToSource(box: Letterbox, u: number, v: number): [number, number] {
  return [(u - box.offsetX + 0.5) / box.scaleX - 0.5, (v - box.offsetY + 0.5) / box.scaleY - 0.5];
}

export function sourceToModel(box: Letterbox, x: number, y: number): [number, number] {
  return [box.offsetX + (x + 0.5) * box.scaleX - 0.5, box.offsetY + (y + 0.5) * box.scaleY - 0.5];
}

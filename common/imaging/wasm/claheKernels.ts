/**
 * CLAHE's kernels (claheWasm.ts drives them): tile histograms, clipping and LUTs, and the bilinear
 * blend between tiles, in float32 as OpenCV rounds it.
 */
import { f32, i32, op, v128, type Bytes, type FunctionDef } from './assemble';
import { storeU8x4 } from './saturate';

const { get, set, tee } = op;

/**
 * histRow(row, tileW, tilesX, hist): counts `tilesX` consecutive runs of `tileW` bytes from `row`
 * into consecutive 256-bin int32 histograms starting at `hist`.
 */
export const histRow: FunctionDef = (() => {
  const [row, tileW, tilesX, hist, p, tileEnd, tx, addr] = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    name: 'histRow',
    params: [i32, i32, i32, i32],
    locals: [i32, i32, i32, i32],
    body: [
      get(row), set(p),
      op.block, op.loop,
      get(tx), get(tilesX), op.i32GeU, op.brIf(1),
      get(p), get(tileW), op.i32Add, set(tileEnd),
      op.loop,
      get(hist), get(p), op.i32Load8u(), op.i32Const(2), op.i32Shl, op.i32Add, tee(addr),
      get(addr), op.i32Load(), op.i32Const(1), op.i32Add, op.i32Store(),
      get(p), op.i32Const(1), op.i32Add, tee(p), get(tileEnd), op.i32LtU, op.brIf(0),
      op.end,
      get(hist), op.i32Const(1024), op.i32Add, set(hist),
      get(tx), op.i32Const(1), op.i32Add, set(tx),
      op.br(0),
      op.end, op.end,
    ],
  };
})();

/**
 * interpRow(src, dst, w, ind, wts, lut1, lut2, ya, ya1): one output row of CLAHE. ind holds the
 * left [0, w) and right [w, 2w) tile LUT offsets per column (int32), wts xa [0, w) and 1 − xa
 * [w, 2w) (float32); lut1/lut2 are the LUT rows of the upper and lower tile row. OpenCV's
 * expression and order: ((L11·xa1 + L12·xa)·ya1 + (L21·xa1 + L22·xa)·ya), rounded half to even.
 */
export const interpRow: FunctionDef = (() => {
  const [src, dst, w, ind, wts, lut1, lut2, ya, ya1, x, v, a, b, xa, xa1, x4, w4] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
  const lutF32 = (lut: number, idx: number): Bytes[] => [get(lut), get(idx), op.i32Add, op.i32Load8u(), op.f32ConvertI32U];
  return {
    name: 'interpRow',
    params: [i32, i32, i32, i32, i32, i32, i32, f32, f32],
    locals: [i32, i32, i32, i32, f32, f32, i32, i32],
    body: [
      get(w), op.i32Const(2), op.i32Shl, set(w4),
      op.loop,
      get(src), get(x), op.i32Add, op.i32Load8u(), set(v),
      get(x), op.i32Const(2), op.i32Shl, set(x4),
      get(ind), get(x4), op.i32Add, op.i32Load(), get(v), op.i32Add, set(a),
      get(ind), get(w4), op.i32Add, get(x4), op.i32Add, op.i32Load(), get(v), op.i32Add, set(b),
      get(wts), get(x4), op.i32Add, op.f32Load(), set(xa),
      get(wts), get(w4), op.i32Add, get(x4), op.i32Add, op.f32Load(), set(xa1),
      get(dst), get(x), op.i32Add,
      ...lutF32(lut1, a), get(xa1), op.f32Mul, ...lutF32(lut1, b), get(xa), op.f32Mul, op.f32Add, get(ya1), op.f32Mul,
      ...lutF32(lut2, a), get(xa1), op.f32Mul, ...lutF32(lut2, b), get(xa), op.f32Mul, op.f32Add, get(ya), op.f32Mul,
      op.f32Add, op.f32Nearest, op.f32Const(255), op.f32Min, op.i32TruncF32S,
      op.i32Store8(),
      get(x), op.i32Const(1), op.i32Add, tee(x), get(w), op.i32LtU, op.brIf(0),
      op.end,
    ],
  };
})();

/**
 * interpRow4: interpRow four pixels at a time (w ≥ 4; the last block overlaps the previous one).
 * The LUT values are gathered byte by byte into the low byte of each 32-bit lane, then the same
 * float32 expression runs in the four lanes — IEEE single precision per lane, as the scalar one.
 */
export const interpRow4: FunctionDef = (() => {
  const [src, dst, w, ind, wts, lut1, lut2, ya, ya1] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [x, v, a, b, x4, w4, last] = [9, 10, 11, 12, 13, 14, 15];
  const [v11, v12, v21, v22, xa, xa1, yav, ya1v] = [16, 17, 18, 19, 20, 21, 22, 23];
  const gather = (k: number): Bytes[] => [
    get(src), get(x), op.i32Add, op.i32Load8u(k), set(v),
    get(ind), get(x4), op.i32Add, op.i32Load(4 * k), get(v), op.i32Add, set(a),
    get(ind), get(w4), op.i32Add, get(x4), op.i32Add, op.i32Load(4 * k), get(v), op.i32Add, set(b),
    get(lut1), get(a), op.i32Add, get(v11), op.v128Load8Lane(4 * k), set(v11),
    get(lut1), get(b), op.i32Add, get(v12), op.v128Load8Lane(4 * k), set(v12),
    get(lut2), get(a), op.i32Add, get(v21), op.v128Load8Lane(4 * k), set(v21),
    get(lut2), get(b), op.i32Add, get(v22), op.v128Load8Lane(4 * k), set(v22),
  ];
  const blend = (top: number, bottom: number, weight: number): Bytes[] => [
    get(top), op.f32x4ConvertI32x4U, get(xa1), op.f32x4Mul, get(bottom), op.f32x4ConvertI32x4U, get(xa), op.f32x4Mul, op.f32x4Add, get(weight), op.f32x4Mul,
  ];
  return {
    name: 'interpRow4',
    params: [i32, i32, i32, i32, i32, i32, i32, f32, f32],
    locals: [i32, i32, i32, i32, i32, i32, i32, v128, v128, v128, v128, v128, v128, v128, v128],
    body: [
      get(w), op.i32Const(2), op.i32Shl, set(w4),
      get(w), op.i32Const(4), op.i32Sub, set(last),
      get(ya), op.f32x4Splat, set(yav),
      get(ya1), op.f32x4Splat, set(ya1v),
      op.block, op.loop,
      get(x), get(last), op.i32GtU, op.if, get(last), set(x), op.end,
      get(x), op.i32Const(2), op.i32Shl, set(x4),
      op.v128Zero, set(v11), op.v128Zero, set(v12), op.v128Zero, set(v21), op.v128Zero, set(v22),
      ...gather(0), ...gather(1), ...gather(2), ...gather(3),
      get(wts), get(x4), op.i32Add, op.v128Load(), set(xa),
      get(wts), get(w4), op.i32Add, get(x4), op.i32Add, op.v128Load(), set(xa1),
      get(dst), get(x), op.i32Add,
      ...blend(v11, v12, ya1v), ...blend(v21, v22, yav), op.f32x4Add,
      ...storeU8x4,
      get(x), get(last), op.i32GeU, op.brIf(1),
      get(x), op.i32Const(4), op.i32Add, set(x),
      op.br(0),
      op.end, op.end,
    ],
  };
})();

/**
 * clipLuts(hist, tiles, clip, lutScale, lut): claheTables.clipAndLut for `tiles` consecutive 256-bin
 * int32 histograms (hist) into consecutive 256-byte LUTs (lut): clip at `clip` counts (0 = none),
 * spread the excess (a batch over every bin, then one count every 256 / residual bins from bin 0),
 * then LUT = saturate_cast<uchar>(float32(cumsum) · lutScale). Integer steps as the TypeScript
 * twin; the product is one float32 multiply of an exact integer, as Math.fround of the double one.
 * The clipping, the batch and the cumulative sum run four bins at a time (the sum within the four
 * lanes by two shifted adds, plus the carry from the bins before).
 */
export const clipLuts: FunctionDef = (() => {
  const [hist, tiles, clip, scale, lut, t, h, l, i, clipped, residual, step, batch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [c, clipv, excess, carry, scalev] = [13, 14, 15, 16, 17];
  const zeroThen = (k: number): number[] => [...Array.from({ length: 4 * k }, (_, b) => b), ...Array.from({ length: 16 - 4 * k }, (_, b) => 16 + b)];
  const lane3 = [12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15];
  /** The loop over the 256 bins, four at a time: i = 0, 16, … 1008 (bytes). */
  const bins = (body: Bytes[]): Bytes[] => [
    op.i32Const(0), set(i),
    op.loop, ...body, get(i), op.i32Const(16), op.i32Add, tee(i), op.i32Const(1024), op.i32LtU, op.brIf(0), op.end,
  ];
  const load = [get(h), get(i), op.i32Add, op.v128Load()];
  const laneSum = (v: number): Bytes[] => [
    get(v), op.i32x4ExtractLane(0), get(v), op.i32x4ExtractLane(1), op.i32Add,
    get(v), op.i32x4ExtractLane(2), op.i32Add, get(v), op.i32x4ExtractLane(3), op.i32Add,
  ];
  return {
    name: 'clipLuts',
    params: [i32, i32, i32, f32, i32],
    locals: [i32, i32, i32, i32, i32, i32, i32, i32, v128, v128, v128, v128, v128],
    body: [
      get(clip), op.i32x4Splat, set(clipv),
      get(scale), op.f32x4Splat, set(scalev),
      op.block, op.loop,
      get(t), get(tiles), op.i32GeU, op.brIf(1),
      get(hist), get(t), op.i32Const(10), op.i32Shl, op.i32Add, set(h),
      get(lut), get(t), op.i32Const(8), op.i32Shl, op.i32Add, set(l),
      get(clip), op.if,
      op.v128Zero, set(excess),
      ...bins([
        ...load, tee(c), get(clipv), op.i32x4Sub, op.v128Zero, op.i32x4MaxS, get(excess), op.i32x4Add, set(excess),
        get(h), get(i), op.i32Add, get(c), get(clipv), op.i32x4MinS, op.v128Store(),
      ]),
      ...laneSum(excess), set(clipped),
      get(clipped), op.i32Const(8), op.i32ShrU, tee(batch),
      op.if,
      get(batch), op.i32x4Splat, set(c),
      ...bins([get(h), get(i), op.i32Add, ...load, get(c), op.i32x4Add, op.v128Store()]),
      op.end,
      get(clipped), op.i32Const(255), op.i32And, tee(residual),
      op.if,
      op.i32Const(256), get(residual), op.i32DivU, set(step),
      op.i32Const(0), set(i),
      op.block, op.loop,
      get(i), op.i32Const(256), op.i32GeU, op.brIf(1),
      get(residual), op.i32Eqz, op.brIf(1),
      get(h), get(i), op.i32Const(2), op.i32Shl, op.i32Add,
      get(h), get(i), op.i32Const(2), op.i32Shl, op.i32Add, op.i32Load(), op.i32Const(1), op.i32Add, op.i32Store(),
      get(i), get(step), op.i32Add, set(i),
      get(residual), op.i32Const(1), op.i32Sub, set(residual),
      op.br(0),
      op.end, op.end,
      op.end,
      op.end,
      op.v128Zero, set(carry),
      ...bins([
        ...load, set(c),
        op.v128Zero, get(c), op.i8x16Shuffle(zeroThen(1)), get(c), op.i32x4Add, set(c),
        op.v128Zero, get(c), op.i8x16Shuffle(zeroThen(2)), get(c), op.i32x4Add, get(carry), op.i32x4Add, set(c),
        get(c), get(c), op.i8x16Shuffle(lane3), set(carry),
        get(l), get(i), op.i32Const(2), op.i32ShrU, op.i32Add,
        get(c), op.f32x4ConvertI32x4U, get(scalev), op.f32x4Mul,
        ...storeU8x4,
      ]),
      get(t), op.i32Const(1), op.i32Add, set(t),
      op.br(0),
      op.end, op.end,
    ],
  };
})();

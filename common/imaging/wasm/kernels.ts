/**
 * The hot loops of CLAHE, sharpening, the area resize, the tensor scaling and the mask threshold
 * as WebAssembly (written with assemble.ts). Why: the CLAHE blend must be computed in float32 to
 * round exactly as OpenCV, and WebAssembly has float32 arithmetic and round-half-to-even
 * (f32.nearest) natively, without bounds checks; sharpening, the CLAHE blend, the area resize, the
 * scaling and the threshold use 128-bit SIMD (each lane rounds as the scalar code). Each kernel is
 * driven from TypeScript and has a plain TypeScript twin (clahe.ts, sharpen.ts, resizeArea.ts,
 * tensor.ts, maskRuns.ts) that runs where WebAssembly is unavailable and that the tests compare it
 * with. Instantiated synchronously on first use (the module is a few KB).
 */
import { assembleModule, f32, f64, i32, op, v128, type Bytes, type FunctionDef } from './assemble';

const { get, set, tee } = op;

/**
 * (address, float32x4) → four bytes at address: saturate_cast<uchar> of each lane (round half to
 * even, clamp to 0–255), as OpenCV stores a float result to 8 bits.
 */
const storeU8x4: Bytes[] = [
  op.f32x4Nearest, op.f32Const(255), op.f32x4Splat, op.f32x4Min, op.i32x4TruncSatF32x4S,
  op.v128Zero, op.i16x8NarrowI32x4U, op.v128Zero, op.i8x16NarrowI16x8U,
  op.v128Store32Lane(0),
];

/**
 * histRow(row, tileW, tilesX, hist): counts `tilesX` consecutive runs of `tileW` bytes from `row`
 * into consecutive 256-bin int32 histograms starting at `hist`.
 */
const histRow: FunctionDef = (() => {
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
const interpRow: FunctionDef = (() => {
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
const interpRow4: FunctionDef = (() => {
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
 * sharpenRow(c, n, s, d, w): columns 1 … w−2 of 5·centre − north − south − west − east, 16 pixels
 * at a time in 16-bit lanes, saturated to 0–255 (w ≥ 18; the last block overlaps the previous).
 */
const sharpenRow: FunctionDef = (() => {
  const [c, n, s, d, w, x, last, cx, five, vc, vn, vs, vw, ve] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const half = (extend: Bytes): Bytes[] => [
    get(vc), extend, get(five), op.i16x8Mul,
    get(vn), extend, op.i16x8Sub,
    get(vs), extend, op.i16x8Sub,
    get(vw), extend, op.i16x8Sub,
    get(ve), extend, op.i16x8Sub,
  ];
  return {
    name: 'sharpenRow',
    params: [i32, i32, i32, i32, i32],
    locals: [i32, i32, i32, v128, v128, v128, v128, v128, v128],
    body: [
      op.i32Const(5), op.i16x8Splat, set(five),
      get(w), op.i32Const(17), op.i32Sub, set(last),
      op.i32Const(1), set(x),
      op.block, op.loop,
      get(x), get(last), op.i32GtU, op.if, get(last), set(x), op.end,
      get(c), get(x), op.i32Add, tee(cx), op.v128Load(), set(vc),
      get(cx), op.i32Const(1), op.i32Sub, op.v128Load(), set(vw),
      get(cx), op.v128Load(1), set(ve),
      get(n), get(x), op.i32Add, op.v128Load(), set(vn),
      get(s), get(x), op.i32Add, op.v128Load(), set(vs),
      get(d), get(x), op.i32Add,
      ...half(op.i16x8ExtendLowI8x16U), ...half(op.i16x8ExtendHighI8x16U), op.i8x16NarrowI16x8U,
      op.v128Store(),
      get(x), get(last), op.i32GeU, op.brIf(1),
      get(x), op.i32Const(16), op.i32Add, set(x),
      op.br(0),
      op.end, op.end,
    ],
  };
})();

/**
 * areaRows4(row, sw, xFrom, xsi, xalpha, dw, dst, stride): the horizontal pass of cv2's INTER_AREA
 * shrink for four consecutive source rows (row, row + sw, row + 2·sw, row + 3·sw), one per 32-bit
 * lane: for each output column x, the float32 sum over its taps k ∈ [xFrom[x], xFrom[x+1]) of
 * row[xsi[k]] · xalpha[k], in tap order, each product and each sum rounded to float32 as OpenCV's
 * scalar loop. The taps and weights are the same for every row, so each tap is one index load,
 * four byte gathers and one float32x4 multiply-add. Output row r of the four goes to
 * dst + 4·r·stride. xFrom, xsi: int32; xalpha, dst: float32.
 */
const areaRows4: FunctionDef = (() => {
  const [row, sw, xFrom, xsi, xalpha, dw, dst, stride, x, k, end, x4, k4, a, acc, g] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const lane = (n: number): Bytes[] => [get(a), ...(n ? [get(sw), op.i32Const(n), op.i32Mul, op.i32Add] : []), get(g), op.v128Load8Lane(4 * n), set(g)];
  const store = (n: number): Bytes[] => [get(dst), get(x4), op.i32Add, ...(n ? [get(stride), op.i32Const(4 * n), op.i32Mul, op.i32Add] : []), get(acc), op.v128Store32Lane(n)];
  return {
    name: 'areaRows4',
    params: [i32, i32, i32, i32, i32, i32, i32, i32],
    locals: [i32, i32, i32, i32, i32, i32, v128, v128],
    body: [
      op.block, op.loop,
      get(x), get(dw), op.i32GeU, op.brIf(1),
      get(x), op.i32Const(2), op.i32Shl, set(x4),
      get(xFrom), get(x4), op.i32Add, op.i32Load(), set(k),
      get(xFrom), get(x4), op.i32Add, op.i32Load(4), set(end),
      op.v128Zero, set(acc),
      op.block, op.loop,
      get(k), get(end), op.i32GeU, op.brIf(1),
      get(k), op.i32Const(2), op.i32Shl, set(k4),
      get(row), get(xsi), get(k4), op.i32Add, op.i32Load(), op.i32Add, set(a),
      op.v128Zero, set(g),
      ...lane(0), ...lane(1), ...lane(2), ...lane(3),
      get(acc),
      get(g), op.f32x4ConvertI32x4U,
      get(xalpha), get(k4), op.i32Add, op.f32Load(), op.f32x4Splat,
      op.f32x4Mul, op.f32x4Add, set(acc),
      get(k), op.i32Const(1), op.i32Add, set(k),
      op.br(0),
      op.end, op.end,
      ...store(0), ...store(1), ...store(2), ...store(3),
      get(x), op.i32Const(1), op.i32Add, set(x),
      op.br(0),
      op.end, op.end,
    ],
  };
})();

/**
 * areaAccum(sum, src, beta, n4, init): the vertical pass of INTER_AREA for one source row, four
 * columns at a time: sum = beta·src (init ≠ 0) or sum + beta·src, float32 per lane as cv2's
 * scalar loop; n4 groups of four floats.
 */
const areaAccum: FunctionDef = (() => {
  const [sum, src, beta, n4, init, i, b, v] = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    name: 'areaAccum',
    params: [i32, i32, f32, i32, i32],
    locals: [i32, v128, v128],
    body: [
      get(beta), op.f32x4Splat, set(b),
      get(n4), op.i32Const(4), op.i32Shl, set(n4),
      op.block, op.loop,
      get(i), get(n4), op.i32GeU, op.brIf(1),
      get(b), get(src), get(i), op.i32Add, op.v128Load(), op.f32x4Mul, set(v),
      get(init), op.i32Eqz, op.if, get(sum), get(i), op.i32Add, op.v128Load(), get(v), op.f32x4Add, set(v), op.end,
      get(sum), get(i), op.i32Add, get(v), op.v128Store(),
      get(i), op.i32Const(16), op.i32Add, set(i),
      op.br(0),
      op.end, op.end,
    ],
  };
})();

/** areaStore(sum, dst, n4): saturate_cast<uchar> (round half to even, clamp) of n4 groups of four floats. */
const areaStore: FunctionDef = (() => {
  const [sum, dst, n4, i] = [0, 1, 2, 3];
  return {
    name: 'areaStore',
    params: [i32, i32, i32],
    locals: [i32],
    body: [
      op.block, op.loop,
      get(i), get(n4), op.i32GeU, op.brIf(1),
      get(dst), get(i), op.i32Const(2), op.i32Shl, op.i32Add,
      get(sum), get(i), op.i32Const(4), op.i32Shl, op.i32Add, op.v128Load(),
      ...storeU8x4,
      get(i), op.i32Const(1), op.i32Add, set(i),
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
const clipLuts: FunctionDef = (() => {
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

/**
 * scaleBytes(src, n, a, b, dst): dst[i] = float32(src[i]·a + b) for n bytes (a multiple of 16),
 * the product and the sum in float64 (as JavaScript computes `v * a + b`), rounded once to float32
 * (as a Float32Array store). Two values per float64x2; 16 bytes a step.
 */
const scaleBytes: FunctionDef = (() => {
  const [src, n, a, b, dst, i, o, v, h, q, av, bv] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const upperPair = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
  /** Two of q's four int32 lanes (the low pair, or the high pair moved down) → two float32 at o + offset. */
  const pair = (offset: number, high: boolean): Bytes[] => [
    get(o), get(q), ...(high ? [get(q), op.i8x16Shuffle(upperPair)] : []),
    op.f64x2ConvertLowI32x4U, get(av), op.f64x2Mul, get(bv), op.f64x2Add, op.f32x4DemoteF64x2Zero,
    op.v128Store64Lane(0, offset),
  ];
  const quarter = (hh: number, qq: number): Bytes[] => [
    get(h), qq ? op.i32x4ExtendHighI16x8U : op.i32x4ExtendLowI16x8U, set(q),
    ...pair(4 * (8 * hh + 4 * qq), false), ...pair(4 * (8 * hh + 4 * qq + 2), true),
  ];
  return {
    name: 'scaleBytes',
    params: [i32, i32, f64, f64, i32],
    locals: [i32, i32, v128, v128, v128, v128, v128],
    body: [
      get(a), op.f64x2Splat, set(av),
      get(b), op.f64x2Splat, set(bv),
      op.block, op.loop,
      get(i), get(n), op.i32GeU, op.brIf(1),
      get(dst), get(i), op.i32Const(2), op.i32Shl, op.i32Add, set(o),
      get(src), get(i), op.i32Add, op.v128Load(), set(v),
      get(v), op.i16x8ExtendLowI8x16U, set(h), ...quarter(0, 0), ...quarter(0, 1),
      get(v), op.i16x8ExtendHighI8x16U, set(h), ...quarter(1, 0), ...quarter(1, 1),
      get(i), op.i32Const(16), op.i32Add, set(i),
      op.br(0),
      op.end, op.end,
    ],
  };
})();

/**
 * thresholdRows(prob, w, h, t, above, spans, out): the threshold pass of maskRuns over an h×w
 * float32 map (w a multiple of 4), four values a step: above[i] = prob[i] ≥ t ? 1 : 0 (bytes);
 * per row, spans[2j] and spans[2j + 1] = the first and the last 4-column block holding a value ≥ t
 * (−1, −1 for none); at out, the float64 sum of the values ≥ t, added one by one in raster order
 * (as the TypeScript loop, so the same double), and at out + 8 their int32 count.
 */
const thresholdRows: FunctionDef = (() => {
  const [prob, w, h, t, above, spans, out, j, x, first, last, bm, count, sum, tv, pv, m, nb] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const addLane = (k: number): Bytes[] => [get(sum), get(pv), op.f32x4ExtractLane(k), op.f64PromoteF32, op.f64Add, set(sum)];
  return {
    name: 'thresholdRows',
    params: [i32, i32, i32, f32, i32, i32, i32],
    locals: [i32, i32, i32, i32, i32, i32, f64, v128, v128, v128, v128],
    body: [
      get(t), op.f32x4Splat, set(tv),
      op.block, op.loop,
      get(j), get(h), op.i32GeU, op.brIf(1),
      op.i32Const(-1), set(first), op.i32Const(-1), set(last), op.i32Const(0), set(x),
      op.block, op.loop,
      get(x), get(w), op.i32GeU, op.brIf(1),
      get(prob), op.v128Load(), tee(pv), get(tv), op.f32x4Ge, tee(m), op.i32x4Bitmask, tee(bm),
      op.if,
      get(m), get(m), op.i16x8NarrowI32x4S, set(nb),
      get(above), get(nb), get(nb), op.i8x16NarrowI16x8S, op.i8x16Neg, op.v128Store32Lane(0),
      // The values below t become +0, which leaves the sum as it is.
      get(pv), get(m), op.v128And, set(pv),
      ...addLane(0), ...addLane(1), ...addLane(2), ...addLane(3),
      get(count), get(bm), op.i32Popcnt, op.i32Add, set(count),
      get(first), op.i32Const(0), op.i32LtS, op.if, get(x), set(first), op.end,
      get(x), set(last),
      op.else,
      get(above), op.i32Const(0), op.i32Store(),
      op.end,
      get(prob), op.i32Const(16), op.i32Add, set(prob),
      get(above), op.i32Const(4), op.i32Add, set(above),
      get(x), op.i32Const(4), op.i32Add, set(x),
      op.br(0),
      op.end, op.end,
      get(spans), get(first), op.i32Store(),
      get(spans), get(last), op.i32Store(4),
      get(spans), op.i32Const(8), op.i32Add, set(spans),
      get(j), op.i32Const(1), op.i32Add, set(j),
      op.br(0),
      op.end, op.end,
      get(out), get(sum), op.f64Store(),
      get(out), get(count), op.i32Store(8),
    ],
  };
})();

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface Kernels {
  memory: WasmMemory;
  histRow(row: number, tileW: number, tilesX: number, hist: number): void;
  interpRow(src: number, dst: number, w: number, ind: number, wts: number, lut1: number, lut2: number, ya: number, ya1: number): void;
  interpRow4(src: number, dst: number, w: number, ind: number, wts: number, lut1: number, lut2: number, ya: number, ya1: number): void;
  sharpenRow(c: number, n: number, s: number, d: number, w: number): void;
  areaRows4(row: number, sw: number, xFrom: number, xsi: number, xalpha: number, dw: number, dst: number, stride: number): void;
  areaAccum(sum: number, src: number, beta: number, n4: number, init: number): void;
  areaStore(sum: number, dst: number, n4: number): void;
  clipLuts(hist: number, tiles: number, clip: number, lutScale: number, lut: number): void;
  scaleBytes(src: number, n: number, a: number, b: number, dst: number): void;
  thresholdRows(prob: number, w: number, h: number, t: number, above: number, spans: number, out: number): void;
}

/** The part of the WebAssembly JS API used here (not in the ES2022 library typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

let kernels: Kernels | null | undefined;
let enabled = true;

/** The kernels, or null where WebAssembly (with SIMD) is unavailable or disabled. */
export function wasmKernels(): Kernels | null {
  if (!enabled) return null;
  if (kernels === undefined) {
    kernels = null;
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (api) {
      try {
        const module = new api.Module(assembleModule([histRow, interpRow, interpRow4, sharpenRow, areaRows4, areaAccum, areaStore, clipLuts, scaleBytes, thresholdRows]));
        kernels = new api.Instance(module, {}).exports as Kernels;
      } catch {
        kernels = null; // e.g. a CSP without 'wasm-unsafe-eval', or no SIMD: the TypeScript paths run
      }
    }
  }
  return kernels;
}

/** Tests and benchmarks switch the WebAssembly kernels off to run (and compare) the TypeScript twins. */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Bump allocation in the kernels' memory for one call: reserve regions, then `commit` grows the
 * memory if needed and returns byte/int32/float32 views (taken after growing, which detaches old views).
 */
export class Arena {
  private top = 0;

  constructor(private readonly k: Kernels) {}

  alloc(bytes: number): number {
    const at = this.top;
    this.top += (bytes + 15) & ~15;
    return at;
  }

  commit(): { u8: Uint8Array; i32: Int32Array; f32: Float32Array; f64: Float64Array } {
    const have = this.k.memory.buffer.byteLength;
    if (this.top > have) this.k.memory.grow(Math.ceil((this.top - have) / 65536));
    const buf = this.k.memory.buffer;
    return { u8: new Uint8Array(buf), i32: new Int32Array(buf), f32: new Float32Array(buf), f64: new Float64Array(buf) };
  }
}

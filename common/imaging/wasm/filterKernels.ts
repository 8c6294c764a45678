/**
 * The neighbourhood filters' kernels: Laplacian sharpening (sharpen.ts) and the INTER_AREA resize
 * (resizeArea.ts).
 */
import { f32, i32, op, v128, type Bytes, type FunctionDef } from './assemble';
import { storeU8x4 } from './saturate';

const { get, set, tee } = op;

/**
 * sharpenRow(c, n, s, d, w): columns 1 … w−2 of 5·centre − north − south − west − east, 16 pixels
 * at a time in 16-bit lanes, saturated to 0–255 (w ≥ 18; the last block overlaps the previous).
 */
export const sharpenRow: FunctionDef = (() => {
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
export const areaRows4: FunctionDef = (() => {
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
export const areaAccum: FunctionDef = (() => {
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
export const areaStore: FunctionDef = (() => {
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

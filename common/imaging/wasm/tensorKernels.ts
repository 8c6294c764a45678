/**
 * The kernels at the model's edges: the input tensor's scaling (tensor.ts) and the output's
 * threshold pass (maskRuns.ts).
 */
import { f32, f64, i32, op, v128, type Bytes, type FunctionDef } from './assemble';

const { get, set, tee } = op;

/**
 * scaleBytes(src, n, a, b, dst): dst[i] = float32(src[i]·a + b) for n bytes (a multiple of 16),
 * the product and the sum in float64 (as JavaScript computes `v * a + b`), rounded once to float32
 * (as a Float32Array store). Two values per float64x2; 16 bytes a step.
 */
export const scaleBytes: FunctionDef = (() => {
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
export const thresholdRows: FunctionDef = (() => {
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

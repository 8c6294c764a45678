/**
 * A minimal WebAssembly binary writer: just enough (one memory, functions, exports, the integer,
 * float32, some float64 and 128-bit SIMD instructions the kernels use) to write the hot loops of
 * common/imaging as readable TypeScript instead of shipping an opaque .wasm file or a compiler
 * toolchain.
 * Encoding per the WebAssembly core spec (binary format, §5) and the fixed-width SIMD proposal.
 */

export type Bytes = number[];

export const i32 = 0x7f;
export const f32 = 0x7d;
export const f64 = 0x7c;
export const v128 = 0x7b;
export type ValType = typeof i32 | typeof f32 | typeof f64 | typeof v128;

export function uleb(value: number): Bytes {
  const out: Bytes = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function sleb(value: number): Bytes {
  const out: Bytes = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function vec(items: Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, content: Bytes): Bytes {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): Bytes {
  return vec([...s].map((c) => [c.charCodeAt(0)]));
}

/** Instructions, named as in the text format. Memory accesses take (align log2, offset). */
const simd = (op: number): Bytes => [0xfd, ...uleb(op)];
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  get: (local: number): Bytes => [0x20, ...uleb(local)],
  set: (local: number): Bytes => [0x21, ...uleb(local)],
  tee: (local: number): Bytes => [0x22, ...uleb(local)],
  i32Load: (offset = 0): Bytes => [0x28, 2, ...uleb(offset)],
  f32Load: (offset = 0): Bytes => [0x2a, 2, ...uleb(offset)],
  i32Load8u: (offset = 0): Bytes => [0x2d, 0, ...uleb(offset)],
  i32Store: (offset = 0): Bytes => [0x36, 2, ...uleb(offset)],
  f32Store: (offset = 0): Bytes => [0x38, 2, ...uleb(offset)],
  i32Store8: (offset = 0): Bytes => [0x3a, 0, ...uleb(offset)],
  f64Store: (offset = 0): Bytes => [0x39, 3, ...uleb(offset)],
  i32Const: (v: number): Bytes => [0x41, ...sleb(v)],
  f32Const: (v: number): Bytes => {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    return [0x43, ...b];
  },
  i32Eqz: [0x45],
  i32Ne: [0x47],
  i32LtS: [0x48],
  i32LtU: [0x49],
  i32GtU: [0x4b],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32DivU: [0x6e],
  i32And: [0x71],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  i32Popcnt: [0x69],
  f32Nearest: [0x90],
  f32Add: [0x92],
  f32Mul: [0x94],
  f32Min: [0x96],
  f64Add: [0xa0],
  i32TruncF32S: [0xa8],
  f32ConvertI32U: [0xb3],
  f64PromoteF32: [0xbb],
  v128Load: (offset = 0): Bytes => [...simd(0x00), 0, ...uleb(offset)],
  v128Store: (offset = 0): Bytes => [...simd(0x0b), 0, ...uleb(offset)],
  v128Zero: [...simd(0x0c), ...Array<number>(16).fill(0)],
  v128Load8Lane: (lane: number, offset = 0): Bytes => [...simd(0x54), 0, ...uleb(offset), lane],
  v128Store32Lane: (lane: number, offset = 0): Bytes => [...simd(0x5a), 0, ...uleb(offset), lane],
  v128Store64Lane: (lane: number, offset = 0): Bytes => [...simd(0x5b), 0, ...uleb(offset), lane],
  i8x16Shuffle: (lanes: readonly number[]): Bytes => [...simd(0x0d), ...lanes],
  f32x4ExtractLane: (lane: number): Bytes => [...simd(0x1f), lane],
  v128And: simd(0x4e),
  f32x4Ge: simd(0x46),
  f64x2Splat: simd(0x14),
  f32x4DemoteF64x2Zero: simd(0x5e),
  i8x16Neg: simd(0x61),
  i8x16NarrowI16x8S: simd(0x65),
  i16x8NarrowI32x4S: simd(0x85),
  i32x4Bitmask: simd(0xa4),
  i32x4Splat: simd(0x11),
  i32x4ExtractLane: (lane: number): Bytes => [...simd(0x1b), lane],
  i32x4Add: simd(0xae),
  i32x4Sub: simd(0xb1),
  i32x4MinS: simd(0xb6),
  i32x4MaxS: simd(0xb8),
  i32x4ExtendLowI16x8U: simd(0xa9),
  i32x4ExtendHighI16x8U: simd(0xaa),
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
  f64x2ConvertLowI32x4U: simd(0xff),
  f32x4Splat: simd(0x13),
  f32x4Nearest: simd(0x6a),
  i16x8NarrowI32x4U: simd(0x86),
  f32x4Add: simd(0xe4),
  f32x4Mul: simd(0xe6),
  f32x4Min: simd(0xe8),
  i32x4TruncSatF32x4S: simd(0xf8),
  f32x4ConvertI32x4U: simd(0xfb),
  i16x8Splat: simd(0x10),
  i8x16NarrowI16x8U: simd(0x66),
  i16x8ExtendLowI8x16U: simd(0x89),
  i16x8ExtendHighI8x16U: simd(0x8a),
  i16x8Sub: simd(0x91),
  i16x8Mul: simd(0x95),
};

export interface FunctionDef {
  name: string;
  params: ValType[];
  /** Extra locals, numbered after the parameters. */
  locals: ValType[];
  body: Bytes[];
}

/** A module with one exported memory ("memory", growable) and the given exported functions (no results). */
export function assembleModule(functions: FunctionDef[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0]);
  const code = functions.map((f) => {
    const body = [...vec(f.locals.map((l) => [1, l])), ...f.body.flat(), ...op.end];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(code)),
  ]);
}

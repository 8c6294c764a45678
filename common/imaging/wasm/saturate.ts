/**
 * The store shared by the kernels that write 8-bit pixels from float32 (interpRow4, areaStore,
 * clipLuts).
 */
import { op, type Bytes } from './assemble';

/**
 * (address, float32x4) → four bytes at address: saturate_cast<uchar> of each lane (round half to
 * even, clamp to 0–255), as OpenCV stores a float result to 8 bits.
 */
export const storeU8x4: Bytes[] = [
  op.f32x4Nearest, op.f32Const(255), op.f32x4Splat, op.f32x4Min, op.i32x4TruncSatF32x4S,
  op.v128Zero, op.i16x8NarrowI32x4U, op.v128Zero, op.i8x16NarrowI16x8U,
  op.v128Store32Lane(0),
];

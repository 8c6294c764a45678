/**
 * NumPy .npy version 1.0 files (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * magic "\x93NUMPY", version 1.0, a little-endian uint16 header length, an ASCII Python dict literal
 * padded with spaces and ended by "\n" so that magic + length + header is a multiple of 64 bytes,
 * then the C-order data. The writer streams: the shape is fixed up front and samples are appended
 * one at a time, so a dataset never has to fit in one JavaScript array.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

export type NpyDtype = 'uint8' | 'float32';

const DESCR: Record<NpyDtype, string> = { uint8: '|u1', float32: '<f4' };
const BYTES: Record<NpyDtype, number> = { uint8: 1, float32: 4 };
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new RangeError(`bad npy shape ${JSON.stringify(shape)}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  const total = Math.ceil(unpadded / 64) * 64;
  const headerLength = total - MAGIC.length - 4;
  if (headerLength > 0xffff) throw new RangeError('npy v1 header too long');
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = headerLength & 0xff;
  out[9] = headerLength >> 8;
  const text = dict + ' '.repeat(total - unpadded) + '\n';
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

/** Appends rows (the first axis) to a .npy file whose full shape is declared when it is opened. */
export class NpyWriter {
  private readonly fd: number;
  private readonly rowBytes: number;
  private rows = 0;

  constructor(
    readonly path: string,
    readonly dtype: NpyDtype,
    readonly shape: readonly number[],
  ) {
    const [, ...rest] = shape;
    this.rowBytes = rest.reduce((a, b) => a * b, 1) * BYTES[dtype];
    this.fd = openSync(path, 'w');
    writeSync(this.fd, npyHeader(dtype, shape));
  }

  /** One row (shape[1:]), as bytes of the declared dtype. */
  append(row: Uint8Array | Float32Array): void {
    const bytes = new Uint8Array(row.buffer, row.byteOffset, row.byteLength);
    if (bytes.byteLength !== this.rowBytes) throw new RangeError(`${this.path}: row has ${bytes.byteLength} bytes, ${this.rowBytes} expected`);
    if (this.rows >= (this.shape[0] ?? 0)) throw new RangeError(`${this.path}: more rows than the declared ${this.shape[0]}`);
    writeSync(this.fd, bytes);
    this.rows++;
  }

  /** Closes the file; fails if fewer rows were written than declared (the header would lie). */
  close(): void {
    closeSync(this.fd);
    if (this.rows !== this.shape[0]) throw new Error(`${this.path}: ${this.rows} rows written, ${this.shape[0]} declared`);
  }
}

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Uint8Array | Float32Array;
}

/** Reads a whole .npy v1/v2 file written by NumPy or NpyWriter (uint8 or little-endian float32, C order). */
export function readNpy(path: string): NpyArray {
  const buf = readFileSync(path);
  if (!MAGIC.every((b, i) => buf[i] === b)) throw new Error(`${path} is not a .npy file`);
  const major = buf[6];
  const headerLength = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + headerLength).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${path}: Fortran order is not supported`);
  if (descr === undefined || shapeText === undefined) throw new Error(`${path}: unreadable npy header ${header}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  const bytes = buf.subarray(offset);
  if (descr === '|u1') return { dtype: 'uint8', shape, data: new Uint8Array(bytes.buffer, bytes.byteOffset, count) };
  if (descr === '<f4') {
    // Copy: the Buffer's offset need not be 4-aligned.
    const data = new Float32Array(count);
    new Uint8Array(data.buffer).set(bytes.subarray(0, count * 4));
    return { dtype: 'float32', shape, data };
  }
  throw new Error(`${path}: dtype ${descr} is not supported (uint8 and little-endian float32 are)`);
}

/** Writes a whole array at once (small files: parity inputs and outputs). */
export function writeNpy(path: string, dtype: NpyDtype, shape: readonly number[], data: Uint8Array | Float32Array): void {
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new RangeError(`${path}: ${data.length} values for shape ${JSON.stringify(shape)}`);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, npyHeader(dtype, shape));
    writeSync(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } finally {
    closeSync(fd);
  }
}

/**
 * Cornerstone's DICOM image loader, run in Node: the same decoders the viewer uses, so that the main
 * side (validation at import, AI inference) and the screen see identical pixels.
 *
 * The loader's decoder entry point is not in the package's export map, so it is imported by file
 * path. Its WASM codecs find their .wasm through a base directory read at the start of each
 * decodeImageFrame call; each codec package ships its .wasm in its own dist/, so every call passes
 * the directory of the codec that transfer syntax needs. A codec resolves its .wasm once, when it
 * is first used; decodes run one at a time so that the shared base path is never switched under a
 * codec that is still initialising.
 */
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodecFamily } from '../../../common/dicom/transferSyntax';
import { nodeRequire } from './nodeRequire';

/** What decodeImageFrame needs about the frame (a subset of Cornerstone's ImageFrame). */
export interface LoaderImageFrame {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  planarConfiguration: number;
}

export type LoaderPixels =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array;

export interface LoaderResult {
  pixelData: LoaderPixels;
  rows?: number;
  columns?: number;
}

type DecodeImageFrame = (
  imageFrame: LoaderImageFrame,
  transferSyntax: string,
  pixelData: Uint8Array,
  decodeConfig: { wasmBasePath?: string },
  options: { preScale: { enabled: false } },
) => Promise<unknown>;

/** Package and export that locate each WASM codec's .wasm file. */
const WASM_EXPORT: Partial<Record<CodecFamily, string>> = {
  jpeg: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm',
  'jpeg-ls': '@cornerstonejs/codec-charls/decodewasm',
  jpeg2000: '@cornerstonejs/codec-openjpeg/decodewasm',
  htj2k: '@cornerstonejs/codec-openjph/wasm',
};

let wasmDirOverride: Partial<Record<CodecFamily, string>> = {};

/**
 * Packaged builds (asar) unpack the codec .wasm files elsewhere; tell the decoders where.
 * Keys are codec families; missing ones are resolved from node_modules.
 */
export function setCodecWasmDirectories(dirs: Partial<Record<CodecFamily, string>>): void {
  wasmDirOverride = { ...dirs };
}

function wasmDir(codec: CodecFamily): string | undefined {
  const override = wasmDirOverride[codec];
  if (override) return override;
  const spec = WASM_EXPORT[codec];
  return spec ? dirname(nodeRequire().resolve(spec)) : undefined;
}

let loader: Promise<DecodeImageFrame> | null = null;

function loadDecoder(): Promise<DecodeImageFrame> {
  loader ??= (async () => {
    const pkg = nodeRequire().resolve('@cornerstonejs/dicom-image-loader/package.json');
    const file = join(dirname(pkg), 'dist', 'esm', 'decodeImageFrameWorker.js');
    const mod: unknown = await import(pathToFileURL(file).href);
    const fn = (mod as { decodeImageFrame?: unknown }).decodeImageFrame;
    if (typeof fn !== 'function') throw new Error(`decodeImageFrame not found in ${file}`);
    return fn as DecodeImageFrame;
  })();
  return loader;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * The Emscripten codecs print progress and errors with console.log/console.error, bound when each
 * codec is instantiated (synchronously, inside the first decodeImageFrame call that needs it). The
 * console is swapped for that synchronous moment so the bound printer is ours: [INFO] chatter is
 * dropped and anything else is kept for the error message of the frame being decoded.
 */
const codecMessages: string[] = [];

function codecPrinter(...args: unknown[]): void {
  const line = args.map(String).join(' ');
  if (line.startsWith('[INFO]')) return;
  if (codecMessages.length < 20) codecMessages.push(line.replace(/^\[(ERROR|WARNING)\]\s*/, ''));
}

function callWithCodecConsole<T>(call: () => T): T {
  const { log, error, warn } = console;
  console.log = codecPrinter;
  console.error = codecPrinter;
  console.warn = codecPrinter;
  try {
    return call();
  } finally {
    console.log = log;
    console.error = error;
    console.warn = warn;
  }
}

/** Messages the codecs printed while decoding the last frame (for error messages). */
export function lastCodecMessages(): string[] {
  return [...codecMessages];
}

function isLoaderResult(v: unknown): v is LoaderResult {
  if (typeof v !== 'object' || v === null) return false;
  const px = (v as { pixelData?: unknown }).pixelData;
  return ArrayBuffer.isView(px) && !(px instanceof DataView);
}

/** Decode one encoded frame with the loader; rejects with the codec's own error. */
export function loaderDecode(frame: LoaderImageFrame, transferSyntaxUid: string, codec: CodecFamily, data: Uint8Array): Promise<LoaderResult> {
  const run = async (): Promise<LoaderResult> => {
    const decode = await loadDecoder();
    const dir = wasmDir(codec);
    codecMessages.length = 0;
    // The loader writes into the frame object; give it a copy.
    const result = await callWithCodecConsole(() =>
      decode({ ...frame }, transferSyntaxUid, data, dir ? { wasmBasePath: dir } : {}, { preScale: { enabled: false } }),
    );
    if (!isLoaderResult(result)) throw new Error('decoder returned no pixel data');
    return result;
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

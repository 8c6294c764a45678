/**
 * Transfer syntaxes Kestrel knows, as data: how the data set is encoded and whether the pixel data
 * can be decoded. "Decodable" means Cornerstone's DICOM image loader (used by the viewer and, in
 * Node, by the main side) decodes it and the project's tests prove it on real files.
 */

export const TS = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  EncapsulatedUncompressed: '1.2.840.10008.1.2.1.98',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline8Bit: '1.2.840.10008.1.2.4.50',
  JPEGExtended12Bit: '1.2.840.10008.1.2.4.51',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  HTJ2KLossless: '1.2.840.10008.1.2.4.201',
  HTJ2KLosslessRPCL: '1.2.840.10008.1.2.4.202',
  HTJ2K: '1.2.840.10008.1.2.4.203',
  RLELossless: '1.2.840.10008.1.2.5',
} as const;

export type CodecFamily = 'native' | 'rle' | 'jpeg' | 'jpeg-ls' | 'jpeg2000' | 'htj2k';

export interface TransferSyntaxInfo {
  uid: string;
  name: string;
  explicitVr: boolean;
  littleEndian: boolean;
  deflated: boolean;
  /** Pixel data stored as fragments (PS3.5 A.4). */
  encapsulated: boolean;
  lossy: boolean;
  codec: CodecFamily;
}

function ts(
  uid: string,
  name: string,
  codec: CodecFamily,
  lossy: boolean,
  extra: Partial<Pick<TransferSyntaxInfo, 'explicitVr' | 'littleEndian' | 'deflated'>> = {},
): TransferSyntaxInfo {
  return {
    uid,
    name,
    explicitVr: extra.explicitVr ?? true,
    littleEndian: extra.littleEndian ?? true,
    deflated: extra.deflated ?? false,
    encapsulated: codec !== 'native',
    lossy,
    codec,
  };
}

const SUPPORTED: readonly TransferSyntaxInfo[] = [
  ts(TS.ImplicitVRLittleEndian, 'Implicit VR Little Endian', 'native', false, { explicitVr: false }),
  ts(TS.ExplicitVRLittleEndian, 'Explicit VR Little Endian', 'native', false),
  ts(TS.DeflatedExplicitVRLittleEndian, 'Deflated Explicit VR Little Endian', 'native', false, {
    deflated: true,
  }),
  ts(TS.ExplicitVRBigEndian, 'Explicit VR Big Endian', 'native', false, { littleEndian: false }),
  ts(TS.JPEGBaseline8Bit, 'JPEG Baseline (Process 1)', 'jpeg', true),
  ts(TS.JPEGExtended12Bit, 'JPEG Extended (Process 2 & 4)', 'jpeg', true),
  ts(TS.JPEGLossless, 'JPEG Lossless (Process 14)', 'jpeg', false),
  ts(TS.JPEGLosslessSV1, 'JPEG Lossless SV1 (Process 14, Selection Value 1)', 'jpeg', false),
  ts(TS.JPEGLSLossless, 'JPEG-LS Lossless', 'jpeg-ls', false),
  ts(TS.JPEGLSNearLossless, 'JPEG-LS Near-Lossless', 'jpeg-ls', true),
  ts(TS.JPEG2000Lossless, 'JPEG 2000 Lossless', 'jpeg2000', false),
  ts(TS.JPEG2000, 'JPEG 2000', 'jpeg2000', true),
  ts(TS.HTJ2KLossless, 'High-Throughput JPEG 2000 Lossless', 'htj2k', false),
  ts(TS.HTJ2KLosslessRPCL, 'High-Throughput JPEG 2000 RPCL Lossless', 'htj2k', false),
  ts(TS.HTJ2K, 'High-Throughput JPEG 2000', 'htj2k', true),
  ts(TS.RLELossless, 'RLE Lossless', 'rle', false),
];

const BY_UID = new Map(SUPPORTED.map((t) => [t.uid, t]));

/** Names of syntaxes we recognise but refuse, so that the refusal message says what the file is. */
const KNOWN_UNSUPPORTED: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.1.98': 'Encapsulated Uncompressed Explicit VR Little Endian',
  '1.2.840.10008.1.2.4.52': 'JPEG Extended (Process 3 & 5, retired)',
  '1.2.840.10008.1.2.4.53': 'JPEG Spectral Selection (retired)',
  '1.2.840.10008.1.2.4.55': 'JPEG Full Progression (retired)',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component Lossless',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP Referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP Referenced Deflate',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level video',
  '1.2.840.10008.1.2.4.101': 'MPEG2 Main Profile / High Level video',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible video',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 2D video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 3D video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 Stereo video',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile video',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile video',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.4.204': 'JPIP HTJ2K Referenced',
  '1.2.840.10008.1.2.6.1': 'RFC 2557 MIME Encapsulation (retired)',
  '1.2.840.10008.1.2.6.2': 'XML Encoding (retired)',
};

/** The syntax's description when Kestrel can read it, else null. */
export function transferSyntaxInfo(uid: string): TransferSyntaxInfo | null {
  return BY_UID.get(uid) ?? null;
}

export function transferSyntaxName(uid: string): string {
  return BY_UID.get(uid)?.name ?? KNOWN_UNSUPPORTED[uid] ?? 'unknown transfer syntax';
}

export function supportedTransferSyntaxes(): readonly TransferSyntaxInfo[] {
  return SUPPORTED;
}

/** What a file is, from its first bytes (extensions lie; magic numbers rarely do). */
export type SniffedType = 'dicom' | 'png' | 'jpeg' | 'tiff' | 'video' | 'unknown';

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

export function sniff(bytes: Uint8Array, name: string): SniffedType {
  if (bytes.length >= 132 && ascii(bytes, 128, 4) === 'DICM') return 'dicom';
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 4) {
    const head = ascii(bytes, 0, 4);
    if (head === 'II*\u0000' || head === 'MM\u0000*' || head === 'II+\u0000' || head === 'MM\u0000+') return 'tiff';
  }
  if (bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp') return 'video';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'AVI ') return 'video';
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'video';
  const lower = name.toLowerCase();
  if (/\.(svs|tif|tiff|ndpi|scn)$/.test(lower)) return 'tiff';
  if (/\.(mp4|m4v|mov|avi|webm|mkv)$/.test(lower)) return 'video';
  // DICOM without the Part 10 preamble (old files, raw datasets): the reader decides.
  return 'unknown';
}

export function looksLikeDicomName(name: string): boolean {
  const base = name.toLowerCase().split('/').pop() ?? '';
  return base.endsWith('.dcm') || base.endsWith('.dicom') || /^[0-9.]+$/.test(base) || !base.includes('.');
}

/**
 * Specific Character Set (0008,0005) defined terms (PS3.3 C.12.1.1.2) mapped to WHATWG encoding
 * labels. Pure data: the Node side owns the TextDecoder.
 *
 * 'latin1-exact' is decoded byte-for-byte: WHATWG's "latin1" is windows-1252, which differs from
 * ISO 8859-1 in 0x80-0x9F.
 */

export type CharsetLabel =
  | 'ascii'
  | 'latin1-exact'
  | 'utf-8'
  | 'iso-8859-2'
  | 'iso-8859-3'
  | 'iso-8859-4'
  | 'iso-8859-5'
  | 'iso-8859-6'
  | 'iso-8859-7'
  | 'iso-8859-8'
  | 'iso-8859-9'
  | 'windows-874'
  | 'shift_jis'
  | 'iso-2022-jp'
  | 'euc-kr'
  | 'gbk'
  | 'gb18030';

/** Single-byte or non-ISO-2022 terms: the whole value is decoded with one decoder. */
const TERM_TO_LABEL: Readonly<Record<string, CharsetLabel>> = {
  '': 'ascii',
  'ISO_IR 6': 'ascii',
  'ISO 2022 IR 6': 'ascii',
  'ISO_IR 100': 'latin1-exact',
  'ISO 2022 IR 100': 'latin1-exact',
  'ISO_IR 101': 'iso-8859-2',
  'ISO 2022 IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO 2022 IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO 2022 IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO 2022 IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO 2022 IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO 2022 IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO 2022 IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO 2022 IR 148': 'iso-8859-9',
  'ISO_IR 166': 'windows-874',
  'ISO 2022 IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO 2022 IR 13': 'shift_jis',
  'ISO 2022 IR 87': 'iso-2022-jp',
  'ISO 2022 IR 159': 'iso-2022-jp',
  'ISO 2022 IR 149': 'euc-kr',
  'ISO 2022 IR 58': 'gbk',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

export function normalizeCharsetTerm(term: string): string {
  return term.trim().replace(/^ISO_IR_/, 'ISO_IR ').toUpperCase();
}

/** Label for one defined term; null when the term is unknown (caller warns and falls back). */
export function charsetLabel(term: string): CharsetLabel | null {
  return TERM_TO_LABEL[normalizeCharsetTerm(term)] ?? null;
}

/**
 * ISO 2022 escape sequences (PS3.3 C.12.1.1.2, Table C.12-3/-4) and the decoder that reads the
 * bytes that follow them. 'jis0208' bytes are 7-bit two-byte codes, read by iso-2022-jp after the
 * escape is put back; 'ksx1001'/'gb2312' are G1 (high-bit) codes read by euc-kr/gbk.
 */
export const ISO2022_ESCAPES: ReadonlyArray<{ bytes: readonly number[]; label: CharsetLabel | 'jis0208' }> = [
  { bytes: [0x1b, 0x28, 0x42], label: 'ascii' }, // ESC ( B   ISO-IR 6
  { bytes: [0x1b, 0x28, 0x4a], label: 'shift_jis' }, // ESC ( J   JIS X 0201 Romaji
  { bytes: [0x1b, 0x29, 0x49], label: 'shift_jis' }, // ESC ) I   JIS X 0201 Katakana
  { bytes: [0x1b, 0x24, 0x42], label: 'jis0208' }, // ESC $ B   JIS X 0208
  { bytes: [0x1b, 0x24, 0x28, 0x44], label: 'jis0208' }, // ESC $ ( D JIS X 0212 (best effort)
  { bytes: [0x1b, 0x24, 0x29, 0x43], label: 'euc-kr' }, // ESC $ ) C KS X 1001
  { bytes: [0x1b, 0x24, 0x29, 0x41], label: 'gbk' }, // ESC $ ) A GB 2312
  { bytes: [0x1b, 0x2d, 0x41], label: 'latin1-exact' }, // ESC - A   ISO-IR 100
  { bytes: [0x1b, 0x2d, 0x42], label: 'iso-8859-2' },
  { bytes: [0x1b, 0x2d, 0x43], label: 'iso-8859-3' },
  { bytes: [0x1b, 0x2d, 0x44], label: 'iso-8859-4' },
  { bytes: [0x1b, 0x2d, 0x4c], label: 'iso-8859-5' },
  { bytes: [0x1b, 0x2d, 0x47], label: 'iso-8859-6' },
  { bytes: [0x1b, 0x2d, 0x46], label: 'iso-8859-7' },
  { bytes: [0x1b, 0x2d, 0x48], label: 'iso-8859-8' },
  { bytes: [0x1b, 0x2d, 0x4d], label: 'iso-8859-9' },
  { bytes: [0x1b, 0x2d, 0x54], label: 'windows-874' },
];

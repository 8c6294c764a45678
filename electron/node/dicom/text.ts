/**
 * Decoding and encoding of DICOM character strings with Specific Character Set (0008,0005),
 * including ISO 2022 code extensions (escape sequences switch the decoder mid-value, as Japanese
 * and Korean names do: PS3.5 6.1.2.5 and Annex H/I).
 */
import { TextDecoder, TextEncoder } from 'node:util';
import { charsetLabel, ISO2022_ESCAPES, type CharsetLabel } from '../../../common/dicom/charset';

const decoders = new Map<string, TextDecoder>();

function decoder(label: string): TextDecoder {
  let d = decoders.get(label);
  if (!d) {
    d = new TextDecoder(label, { fatal: false });
    decoders.set(label, d);
  }
  return d;
}

function decodeWith(label: CharsetLabel | 'jis0208', bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  switch (label) {
    case 'ascii':
    case 'latin1-exact': {
      // Byte-for-byte: ASCII is a subset, and ISO 8859-1 maps each byte to the same code point.
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return s;
    }
    case 'jis0208': {
      // iso-2022-jp needs the escape that selected JIS X 0208 in front of the 7-bit pairs.
      const withEscape = new Uint8Array(bytes.length + 3);
      withEscape.set([0x1b, 0x24, 0x42]);
      withEscape.set(bytes, 3);
      return decoder('iso-2022-jp').decode(withEscape);
    }
    default:
      return decoder(label).decode(bytes);
  }
}

/** The terms of a Specific Character Set value, as found in the data set ('' when absent). */
export function parseCharsetTerms(value: string | null): string[] {
  if (value === null) return [''];
  const terms = value.split('\\').map((t) => t.trim());
  return terms.length === 0 ? [''] : terms;
}

function matchEscape(bytes: Uint8Array, at: number): { length: number; label: CharsetLabel | 'jis0208' } | null {
  for (const esc of ISO2022_ESCAPES) {
    if (esc.bytes.every((b, i) => bytes[at + i] === b)) return { length: esc.bytes.length, label: esc.label };
  }
  return null;
}

/**
 * Decode value bytes (without trimming). `charset` is the raw (0008,0005) value; multi-valued sets
 * and ISO 2022 terms switch decoders at escape sequences, starting from the first term's set.
 */
export function decodeDicomText(bytes: Uint8Array, charset: string | null): string {
  const terms = parseCharsetTerms(charset);
  const first = charsetLabel(terms[0] ?? '') ?? 'latin1-exact';
  const usesEscapes = terms.length > 1 || (terms[0] ?? '').startsWith('ISO 2022');
  if (!usesEscapes || !bytes.includes(0x1b)) {
    // ISO 2022 IR 87 alone is 7-bit JIS X 0208 only after an escape; plain text is ASCII.
    return decodeWith(first === 'iso-2022-jp' ? 'ascii' : first, bytes);
  }
  let label: CharsetLabel | 'jis0208' = first === 'iso-2022-jp' ? 'ascii' : first;
  let start = 0;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x1b) continue;
    const esc = matchEscape(bytes, i);
    if (!esc) continue;
    out += decodeWith(label, bytes.subarray(start, i));
    label = esc.label;
    i += esc.length - 1;
    start = i + 1;
  }
  return out + decodeWith(label, bytes.subarray(start));
}

/**
 * Encode text for a data set whose Specific Character Set is `charset`. Kestrel writes only ASCII,
 * ISO 8859-1 and UTF-8; other sets accept pure ASCII text. Throws when the text cannot be
 * represented, so that a caller never writes bytes a reader would decode differently.
 */
export function encodeDicomText(text: string, charset: string | null): Uint8Array {
  const term = parseCharsetTerms(charset)[0] ?? '';
  const label = charsetLabel(term);
  const isAscii = /^[\x00-\x7f]*$/.test(text);
  if (label === 'utf-8') return new TextEncoder().encode(text);
  if (isAscii) return Uint8Array.from(text, (c) => c.charCodeAt(0));
  if (label === 'latin1-exact' && /^[\x00-\xff]*$/.test(text)) {
    return Uint8Array.from(text, (c) => c.charCodeAt(0));
  }
  throw new Error(
    `Cannot encode "${text}" in Specific Character Set "${charset ?? ''}": set ISO_IR 192 (UTF-8) first`,
  );
}

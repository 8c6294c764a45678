/**
 * Pixel data problems that real files have and that can be handled without touching pixels:
 * a JPEG 2000 codestream whose signedness disagrees with Pixel Representation (warned, corrected
 * at decode), and RGB JPEG frames that decoders would colour-convert (marked RGB in the stored copy).
 */
import { jpegWithRgbMarker, parseJ2kHeader } from '../../../common/dicom/codestream';
import { TS, transferSyntaxInfo } from '../../../common/dicom/transferSyntax';
import type { DicomAttributes } from './attributes';
import { isFragments, type DicomDataset } from './model';
import { pixelDataElement } from './pixelData';

/** pydicom issue 1149: J2K codestreams whose signedness disagrees with Pixel Representation. */
export function checkJ2kSignedness(ds: DicomDataset, a: DicomAttributes, ts: string, warnings: string[]): void {
  const info = transferSyntaxInfo(ts);
  const el = pixelDataElement(ds);
  if (!info || (info.codec !== 'jpeg2000' && info.codec !== 'htj2k') || !el || !isFragments(el)) return;
  const first = el.value[0];
  const header = first ? parseJ2kHeader(first) : null;
  if (!header || header.signed === (a.pixelRepresentation === 1)) return;
  warnings.push(
    `Pixel Representation (0028,0103) is ${a.pixelRepresentation} (${a.pixelRepresentation ? 'signed' : 'unsigned'}) but the JPEG 2000 codestream is ` +
      `${header.signed ? 'signed' : 'unsigned'} ${header.precision}-bit; decoded values are interpreted as ${a.pixelRepresentation ? 'signed' : 'unsigned'} ${a.bitsStored}-bit per Pixel Representation (pydicom's J2K sign correction)`,
  );
}

/**
 * RGB JPEG frames without a colour-space marker are decoded as YCbCr by libjpeg-turbo (viewer and
 * main side alike); mark them RGB in the stored copy (see jpegWithRgbMarker) so every decoder
 * agrees with the DICOM header, as dcmtk and GDCM already do.
 */
export function markRgbJpeg(ds: DicomDataset, a: DicomAttributes, ts: string, reasons: string[]): void {
  const el = pixelDataElement(ds);
  const info = transferSyntaxInfo(ts);
  if (!el || !isFragments(el) || info?.codec !== 'jpeg' || a.photometricInterpretation !== 'RGB') return;
  if (ts !== TS.JPEGBaseline8Bit && ts !== TS.JPEGExtended12Bit) return;
  const oldStarts: number[] = [];
  const newStarts: number[] = [];
  let o = 0;
  let n = 0;
  let changed = 0;
  const fragments = el.value.map((f) => {
    const fixed = f[0] === 0xff && f[1] === 0xd8 ? jpegWithRgbMarker(f) : null;
    const out = fixed ?? f;
    if (fixed) changed++;
    oldStarts.push(o);
    newStarts.push(n);
    o += 8 + f.length;
    n += 8 + out.length;
    return out;
  });
  if (changed === 0) return;
  el.value = fragments;
  if (el.offsetTable) el.offsetTable = el.offsetTable.map((t) => newStarts[oldStarts.indexOf(t)] ?? t);
  reasons.push(`${changed} JPEG frame(s) of an RGB image had no colour-space marker (decoders would apply YCbCr conversion); an Adobe marker stating RGB was added`);
}

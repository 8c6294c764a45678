/**
 * Applies the de-identification plan (common/dicom/deidProfile.ts) to a parsed file, recursively
 * through sequences, and writes the PS3.15 bookkeeping attributes. Pixel data are never altered;
 * burnedInWarning says when they may still show identifying text (common/dicom/burnedIn.ts).
 */
import { burnedInAnnotationWarning } from '../../../common/dicom/burnedIn';
import {
  decideElement,
  DEID_METHOD_CODES,
  deidMethodText,
  shiftDateValue,
  type DeidOptions,
} from '../../../common/dicom/deidProfile';
import { isGroupLengthTag, Tag } from '../../../common/dicom/tags';
import { describeTag } from './dictionary';
import {
  cloneDataset,
  codeItem,
  getString,
  isBytes,
  isSequence,
  padEven,
  setElement,
  setSequence,
  setString,
  type DicomDataset,
  type DicomElement,
} from './model';
import type { ParsedDicom } from './read';
import { decodeDicomText, encodeDicomText } from './text';

export type { DeidOptions } from '../../../common/dicom/deidProfile';

export interface DeidentifyOptions extends DeidOptions {
  /** Maps an original UID to its replacement; must return the same UID for the same input. */
  mapUid: (uid: string) => string;
}

export interface DeidentifyResult {
  dataset: DicomDataset;
  /** File meta with Media Storage SOP Instance UID mapped (writePart10 rebuilds the rest). */
  meta: DicomDataset;
  /** Attributes removed, e.g. "(0010,1000) Other Patient IDs", prefixed with their sequence path. */
  removed: string[];
  burnedInWarning: string | null;
  /** The new SOP Instance UID (for writePart10). */
  sopInstanceUid: string;
}

class Deidentifier {
  readonly removed = new Set<string>();

  constructor(private readonly options: DeidentifyOptions) {}

  private text(el: DicomElement & { value: Uint8Array }, charset: string | null): string {
    return decodeDicomText(el.value, charset).replace(/[\0 ]+$/, '');
  }

  private withText(el: DicomElement, value: string, charset: string | null): DicomElement {
    return { tag: el.tag, vr: el.vr, value: padEven(encodeDicomText(value, charset), el.vr) };
  }

  mapUids(value: string): string {
    return value
      .split('\\')
      .map((u) => u.replace(/\0/g, '').trim())
      .map((u) => (u ? this.options.mapUid(u) : u))
      .join('\\');
  }

  clean(ds: DicomDataset, inherited: string | null, path: string): DicomDataset {
    const own = ds.find((e) => e.tag === Tag.SpecificCharacterSet);
    const charset = own && isBytes(own) ? this.text(own, null) : inherited;
    const out: DicomDataset = [];
    for (const el of ds) {
      const decision = decideElement(el, this.options);
      const op = decision.operation;
      const label = `${path}${describeTag(el.tag)}`;
      switch (op.op) {
        case 'keep':
          out.push(el);
          break;
        case 'remove':
          if (!isGroupLengthTag(el.tag)) this.removed.add(label);
          break;
        case 'empty':
          out.push({ tag: el.tag, vr: el.vr, value: new Uint8Array(0) });
          break;
        case 'emptySequence':
          out.push({ tag: el.tag, vr: 'SQ', value: [] });
          break;
        case 'zero':
          out.push({ tag: el.tag, vr: el.vr, value: new Uint8Array(isBytes(el) ? el.value.length : 0) });
          break;
        case 'replace':
          out.push(this.withText(el, op.value, charset));
          break;
        case 'mapUid':
          if (isBytes(el)) out.push(this.withText(el, this.mapUids(this.text(el, null)), null));
          break;
        case 'shiftDate':
          if (isBytes(el) && (el.vr === 'DA' || el.vr === 'DT')) {
            out.push(this.withText(el, shiftDateValue(this.text(el, null), el.vr, op.days), null));
          } else {
            out.push({ tag: el.tag, vr: el.vr, value: new Uint8Array(0) });
          }
          break;
        case 'cleanSequence':
          if (isSequence(el)) {
            const items = el.value.map((item) => this.clean(item, charset, `${label} > `));
            out.push({ ...el, value: items });
          } else {
            // A sequence-only rule met a non-sequence value (e.g. UN): do not keep unknown content.
            this.removed.add(label);
          }
          break;
      }
    }
    return out;
  }
}

export function deidentifyDataset(parsed: ParsedDicom, options: DeidentifyOptions): DeidentifyResult {
  const d = new Deidentifier(options);
  const rootCharset = parsed.attributes.specificCharacterSet;
  const dataset = d.clean(cloneDataset(parsed.dataset), rootCharset, '');

  // The pseudonyms are written even when the source had no name or ID.
  setString(dataset, Tag.PatientName, 'PN', options.pseudoPatientName);
  setString(dataset, Tag.PatientID, 'LO', options.pseudoPatientId);
  setString(dataset, Tag.PatientIdentityRemoved, 'CS', 'YES');
  setString(dataset, Tag.DeidentificationMethod, 'LO', deidMethodText(options));
  const codes = [DEID_METHOD_CODES.basic, ...(options.dateShiftDays !== null ? [DEID_METHOD_CODES.modifiedDates] : [])];
  setSequence(
    dataset,
    Tag.DeidentificationMethodCodeSequence,
    codes.map((c) => codeItem(c.value, c.scheme, c.meaning)),
  );
  setString(dataset, Tag.LongitudinalTemporalInformationModified, 'CS', options.dateShiftDays !== null ? 'MODIFIED' : 'REMOVED');

  const sopInstanceUid = d.mapUids(parsed.attributes.sopInstanceUid);
  const meta = cloneDataset(parsed.meta);
  if (getString(meta, Tag.MediaStorageSOPInstanceUID) !== null) {
    setElement(meta, { tag: Tag.MediaStorageSOPInstanceUID, vr: 'UI', value: padEven(encodeDicomText(sopInstanceUid, null), 'UI') });
  }

  return {
    dataset,
    meta,
    removed: [...d.removed],
    burnedInWarning: burnedInAnnotationWarning({
      burnedInAnnotation: parsed.attributes.burnedInAnnotation,
      modality: parsed.attributes.modality,
      sopClassUid: parsed.attributes.sopClassUid,
    }),
    sopInstanceUid,
  };
}

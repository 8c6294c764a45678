/**
 * De-identification applied to bytes: a built data set that hides the patient's name in every
 * place a real file can (sequences, private tags, other names, comments), and a real XA cine.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../electron/node/dicom/decode';
import { deidentifyDataset, type DeidentifyOptions } from '../../../electron/node/dicom/deidentify';
import { getSequenceItems, getString, setSequence, setString, setUint16, type DicomDataset } from '../../../electron/node/dicom/model';
import { readDicom } from '../../../electron/node/dicom/read';
import { writePart10 } from '../../../electron/node/dicom/write';
import { absDiff, readFixture } from './fixtures';

const NAME = 'Zyxwvu^Qwerty';
const FAMILY = 'Zyxwvu';

/** Consistent UID map; counts calls per UID so tests can see every UID went through it. */
function uidMap(): { mapUid: (uid: string) => string; seen: Map<string, string> } {
  const seen = new Map<string, string>();
  return {
    seen,
    mapUid: (uid) => {
      let v = seen.get(uid);
      if (!v) {
        v = `2.25.${900000 + seen.size}`;
        seen.set(uid, v);
      }
      return v;
    },
  };
}

function item(build: (ds: DicomDataset) => void): DicomDataset {
  const ds: DicomDataset = [];
  build(ds);
  return ds;
}

function builtFile(): Uint8Array {
  const ds: DicomDataset = [];
  setString(ds, '00080005', 'CS', 'ISO_IR 192');
  setString(ds, '00080016', 'UI', '1.2.840.10008.5.1.4.1.1.7');
  setString(ds, '00080018', 'UI', '1.2.3.4.100');
  setString(ds, '00080020', 'DA', '20240115');
  setString(ds, '00080021', 'DA', '20240115');
  setString(ds, '00080023', 'DA', '20240115');
  setString(ds, '0008002A', 'DT', '20240115103000');
  setString(ds, '00080030', 'TM', '103000');
  setString(ds, '00080050', 'SH', 'ACC-5566');
  setString(ds, '00080060', 'CS', 'OT');
  setString(ds, '00080064', 'CS', 'WSD');
  setString(ds, '00080080', 'LO', `${FAMILY} Memorial Hospital`);
  setString(ds, '00080090', 'PN', 'Doctor^Referring');
  setString(ds, '00081070', 'PN', 'Operator^One');
  setSequence(ds, '00081120', [item((i) => setString(i, '00081155', 'UI', '1.2.3.4.999'))]);
  setSequence(ds, '00082112', [
    item((i) => {
      setString(i, '00081150', 'UI', '1.2.840.10008.5.1.4.1.1.7');
      setString(i, '00081155', 'UI', '1.2.3.4.50');
    }),
  ]);
  // A sequence the profile does not list: kept, but its items are cleaned too.
  setSequence(ds, '00089215', [item((i) => setString(i, '0040A123', 'PN', NAME))]);
  setString(ds, '00090010', 'LO', 'ACME 1.0');
  setString(ds, '00091001', 'LO', `${FAMILY} private copy`);
  setString(ds, '00100010', 'PN', NAME);
  setString(ds, '00100020', 'LO', 'MRN-778899');
  setString(ds, '00100030', 'DA', '19600229');
  setString(ds, '00100040', 'CS', 'F');
  setString(ds, '00101001', 'PN', `${FAMILY}^Q`);
  setSequence(ds, '00101002', [item((i) => setString(i, '00100020', 'LO', 'MRN-OTHER'))]);
  setString(ds, '00101010', 'AS', '063Y');
  setString(ds, '0020000D', 'UI', '1.2.3.4.1');
  setString(ds, '0020000E', 'UI', '1.2.3.4.2');
  setString(ds, '00200052', 'UI', '1.2.3.4.3');
  setString(ds, '00204000', 'LT', `Patient ${NAME} moved`);
  setUint16(ds, '00280002', 1);
  setString(ds, '00280004', 'CS', 'MONOCHROME2');
  setUint16(ds, '00280010', 2);
  setUint16(ds, '00280011', 2);
  setUint16(ds, '00280100', 8);
  setUint16(ds, '00280101', 8);
  setUint16(ds, '00280102', 7);
  setUint16(ds, '00280103', 0);
  setSequence(ds, '00400275', [item((i) => setString(i, '00401001', 'SH', 'RP-1'))]);
  setUint16(ds, '60000010', 2);
  ds.push({ tag: '60003000', vr: 'OW', value: new Uint8Array([1, 0]) });
  ds.push({ tag: '7FE00010', vr: 'OB', value: new Uint8Array([1, 2, 3, 4]) });
  return writePart10(ds, { transferSyntaxUid: '1.2.840.10008.1.2.1', sopClassUid: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUid: '1.2.3.4.100' });
}

function deidentified(bytes: Uint8Array, dateShiftDays: number | null) {
  const parsed = readDicom(bytes);
  const { mapUid, seen } = uidMap();
  const options: DeidentifyOptions = { pseudoPatientId: 'KST-0042', pseudoPatientName: 'KST-0042', dateShiftDays, mapUid };
  const result = deidentifyDataset(parsed, options);
  const out = writePart10(result.dataset, { transferSyntaxUid: parsed.transferSyntaxUid, sopClassUid: parsed.attributes.sopClassUid, sopInstanceUid: result.sopInstanceUid });
  return { parsed, result, out, back: readDicom(out), seen };
}

describe('deidentifyDataset on a built data set', () => {
  it('leaves nothing of the patient name anywhere in the written bytes', () => {
    const { out } = deidentified(builtFile(), null);
    const text = Buffer.from(out);
    expect(text.includes(Buffer.from(FAMILY))).toBe(false);
    expect(text.includes(Buffer.from('MRN-'))).toBe(false);
    expect(text.includes(Buffer.from('ACC-5566'))).toBe(false);
  });

  it('replaces name and ID, removes what the profile removes, and records the method', () => {
    const { result, back } = deidentified(builtFile(), null);
    const ds = back.dataset;
    expect(back.attributes.patientName).toBe('KST-0042');
    expect(back.attributes.patientId).toBe('KST-0042');
    for (const gone of ['00101001', '00101002', '00101010', '00081120', '00400275', '00204000', '00090010', '00091001', '60000010', '60003000', '00080021']) {
      expect(ds.find((e) => e.tag === gone), gone).toBeUndefined();
    }
    expect(result.removed).toContain('(0010,1001) Other Patient Names');
    expect(getString(ds, '00120062')).toBe('YES');
    expect(getString(ds, '00120063')).toMatch(/Basic Profile/);
    expect(getSequenceItems(ds, '00120064').map((i) => getString(i, '00080100'))).toEqual(['113100']);
    expect(getString(ds, '00280303')).toBe('REMOVED');
    expect(getString(getSequenceItems(ds, '00089215')[0] ?? [], '0040A123')).toBe('ANONYMIZED');
    expect(back.attributes.burnedInAnnotation).toBeNull();
    expect(result.burnedInWarning).toMatch(/Secondary Capture/);
  });

  it('empties dates in the Basic profile', () => {
    const { back } = deidentified(builtFile(), null);
    expect(back.attributes.studyDate).toBeNull();
    expect(back.attributes.patientBirthDate).toBeNull();
    expect(getString(back.dataset, '00080023')).toBe('');
    expect(getString(back.dataset, '0008002A')).toBe('');
    expect(back.attributes.studyTime).toBeNull();
  });

  it('shifts every date by the same offset with the Modified Dates option, keeping times', () => {
    const { back } = deidentified(builtFile(), -30);
    expect(back.attributes.studyDate).toBe('2023-12-16');
    expect(getString(back.dataset, '00080021')).toBe('20231216');
    expect(getString(back.dataset, '00080023')).toBe('20231216');
    expect(getString(back.dataset, '0008002A')).toBe('20231216103000');
    expect(back.attributes.studyTime).toBe('103000');
    expect(back.attributes.patientBirthDate).toBeNull();
    expect(getString(back.dataset, '00280303')).toBe('MODIFIED');
    expect(getSequenceItems(back.dataset, '00120064').map((i) => getString(i, '00080100'))).toEqual(['113100', '113107']);
  });

  it('maps UIDs consistently, in sequences and in the file meta', () => {
    const { result, back, seen } = deidentified(builtFile(), null);
    const a = back.attributes;
    expect(a.studyInstanceUid).toBe(seen.get('1.2.3.4.1'));
    expect(a.seriesInstanceUid).toBe(seen.get('1.2.3.4.2'));
    expect(a.sopInstanceUid).toBe(seen.get('1.2.3.4.100'));
    expect(getString(back.dataset, '00200052')).toBe(seen.get('1.2.3.4.3'));
    const source = getSequenceItems(back.dataset, '00082112')[0] ?? [];
    expect(getString(source, '00081155')).toBe(seen.get('1.2.3.4.50'));
    expect(getString(source, '00081150')).toBe('1.2.840.10008.5.1.4.1.1.7');
    expect(getString(result.meta, '00020003')).toBe(a.sopInstanceUid);
    expect(getString(back.meta, '00020003')).toBe(a.sopInstanceUid);
    // Every UID went through the map once, whatever its place, and no original UID is left.
    expect([...seen.keys()].sort()).toEqual(['1.2.3.4.1', '1.2.3.4.100', '1.2.3.4.2', '1.2.3.4.3', '1.2.3.4.50']);
    const again = deidentified(builtFile(), null);
    expect(again.back.attributes.studyInstanceUid).toBe(a.studyInstanceUid);
  });
});

describe('deidentifyDataset on a real file', () => {
  it('XA cine (dbdicom): identity gone, pixels identical, private tags removed, burned-in warning', async () => {
    const bytes = readFixture('multiframe/dbdicom_XRayAngio_0002_compressed.dcm');
    const { parsed, result, out, back } = deidentified(bytes, null);
    const text = Buffer.from(out);
    expect(text.includes(Buffer.from('Rubo'))).toBe(false);
    expect(text.includes(Buffer.from('556342B'))).toBe(false);
    expect(text.includes(Buffer.from(parsed.attributes.studyInstanceUid))).toBe(false);
    expect(back.dataset.some((e) => parseInt(e.tag.slice(0, 4), 16) % 2 === 1)).toBe(false);
    expect(back.attributes.frames).toBe(96);
    expect(back.transferSyntaxUid).toBe(parsed.transferSyntaxUid);
    expect(result.burnedInWarning).toMatch(/modality XA/);
    for (const i of [0, 95]) {
      expect(absDiff((await decodeFrame(back, i)).pixels, (await decodeFrame(parsed, i)).pixels).max).toBe(0);
    }
  });
});

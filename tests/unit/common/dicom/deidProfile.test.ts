import { describe, expect, it } from 'vitest';
import { burnedInAnnotationWarning } from '../../../../common/dicom/burnedIn';
import {
  BASIC_PROFILE_TABLE,
  decideElement,
  planDeidentification,
  profileRuleFor,
  shiftDate,
  shiftDateTime,
  shiftDateValue,
  type DeidOptions,
} from '../../../../common/dicom/deidProfile';

const basic: DeidOptions = { pseudoPatientId: 'KST-0001', pseudoPatientName: 'KST-0001', dateShiftDays: null };
const shifted: DeidOptions = { ...basic, dateShiftDays: -30 };

const op = (tag: string, vr: string, options: DeidOptions = basic) => decideElement({ tag, vr }, options).operation;

describe('PS3.15 Table E.1-1 as data', () => {
  it('has well-formed, unique, sorted rows', () => {
    expect(BASIC_PROFILE_TABLE.length).toBeGreaterThan(300);
    const tags = BASIC_PROFILE_TABLE.map((r) => r.tag);
    expect(new Set(tags).size).toBe(tags.length);
    for (const r of BASIC_PROFILE_TABLE) {
      expect(r.tag).toMatch(/^[0-9A-Fx]{8}$/);
      expect(r.name.length).toBeGreaterThan(0);
    }
    expect([...tags].sort((a, b) => a.replace(/x/g, '0').localeCompare(b.replace(/x/g, '0')))).toEqual(tags);
  });

  it('covers what CR/DX/XA/RF/SC and video files carry', () => {
    const expected: Record<string, string> = {
      '00100010': 'Z', '00100020': 'Z', '00100030': 'Z', '00100040': 'Z', '00101010': 'X', '00101000': 'X', '00101002': 'X',
      '00101001': 'X', '00101040': 'X', '00080020': 'Z', '00080030': 'Z', '00080021': 'X/D', '00080031': 'X/D', '00080022': 'X/Z',
      '00080032': 'X/Z', '0008002A': 'X/Z', '00080023': 'Z/D', '00080033': 'Z/D', '00080012': 'X/D', '00080013': 'X/Z/D',
      '00080050': 'Z', '00200010': 'Z', '00080080': 'X/Z/D', '00080081': 'X', '00080090': 'Z', '00081050': 'X', '00081070': 'X/Z/D',
      '00081060': 'X', '00081010': 'X/Z/D', '00181000': 'X/Z/D', '0020000D': 'U', '0020000E': 'U', '00080018': 'U', '00200052': 'U',
      '00020003': 'U', '00081155': 'U', '00204000': 'X', '00081030': 'X', '0008103E': 'X', '00400275': 'X', '00081120': 'X',
      '00081110': 'X/Z', '00081140': 'X/Z/U*', '00082112': 'X/Z/U*', '00321032': 'X', '00181030': 'X/D', '00181004': 'X',
      '00181007': 'X', '0018700A': 'X/D', '00080201': 'X', '00880200': 'X', '00080014': 'U', '00400253': 'X', '00400244': 'X',
    };
    for (const [tag, action] of Object.entries(expected)) expect(profileRuleFor(tag)?.action, tag).toBe(action);
  });

  it('matches repeating groups', () => {
    expect(profileRuleFor('60023000')?.name).toBe('Overlay Data');
    expect(profileRuleFor('501E0010')?.name).toBe('Curve Data');
  });
});

describe('decisions (Basic profile)', () => {
  it('replaces name and ID with the pseudonyms', () => {
    expect(op('00100010', 'PN')).toEqual({ op: 'replace', value: 'KST-0001' });
    expect(op('00100020', 'LO')).toEqual({ op: 'replace', value: 'KST-0001' });
  });

  it('removes private attributes, overlays and curves entirely', () => {
    expect(op('00091010', 'LO')).toEqual({ op: 'remove' });
    expect(op('00090010', 'LO')).toEqual({ op: 'remove' });
    expect(op('60003000', 'OW')).toEqual({ op: 'remove' });
    expect(op('60000010', 'US')).toEqual({ op: 'remove' }); // Overlay Rows: the whole group goes
    expect(op('50000005', 'US')).toEqual({ op: 'remove' });
  });

  it('resolves compound codes the documented way', () => {
    expect(op('00080022', 'DA')).toEqual({ op: 'empty' }); // X/Z -> Z
    expect(op('00080021', 'DA')).toEqual({ op: 'remove' }); // X/D -> X
    expect(op('00080080', 'LO')).toEqual({ op: 'empty' }); // X/Z/D -> Z
    expect(op('00080023', 'DA')).toEqual({ op: 'empty' }); // Z/D -> Z
    expect(op('00082112', 'SQ')).toEqual({ op: 'cleanSequence' }); // X/Z/U* -> keep, clean, map UIDs
    expect(op('00081110', 'SQ')).toEqual({ op: 'emptySequence' }); // X/Z on a sequence
  });

  it('maps UIDs, empties dates, replaces D with dummies of the right VR', () => {
    expect(op('0020000D', 'UI')).toEqual({ op: 'mapUid' });
    expect(op('00080020', 'DA')).toEqual({ op: 'empty' });
    expect(op('0040A123', 'PN')).toEqual({ op: 'replace', value: 'ANONYMIZED' });
    expect(op('0040A121', 'DA')).toEqual({ op: 'replace', value: '19000101' });
    expect(op('00189371', 'US')).toEqual({ op: 'zero' });
    expect(op('00700001', 'SQ')).toEqual({ op: 'cleanSequence' });
  });

  it('keeps what the profile does not list, cleaning unlisted sequences item by item', () => {
    expect(op('00280010', 'US')).toEqual({ op: 'keep' });
    expect(op('00280301', 'CS')).toEqual({ op: 'keep' }); // Burned In Annotation
    expect(op('00089215', 'SQ')).toEqual({ op: 'cleanSequence' });
    expect(op('00080016', 'UI')).toEqual({ op: 'keep' }); // SOP Class UID is not a patient identifier
  });

  it('drops attributes it rewrites itself and group lengths', () => {
    expect(op('00120063', 'LO')).toEqual({ op: 'remove' });
    expect(op('00080000', 'UL')).toEqual({ op: 'remove' });
  });

  it('plans a flat list', () => {
    const plan = planDeidentification([{ tag: '00100010', vr: 'PN' }, { tag: '00280010', vr: 'US' }], basic);
    expect(plan.map((d) => d.operation.op)).toEqual(['replace', 'keep']);
    expect(plan[0]?.action).toBe('Z');
  });
});

describe('decisions (Retain Longitudinal Temporal Information with Modified Dates)', () => {
  it('shifts every date the profile would touch, keeps times, never keeps the birth date', () => {
    expect(op('00080020', 'DA', shifted)).toEqual({ op: 'shiftDate', days: -30 });
    expect(op('00080021', 'DA', shifted)).toEqual({ op: 'shiftDate', days: -30 });
    expect(op('0008002A', 'DT', shifted)).toEqual({ op: 'shiftDate', days: -30 });
    expect(op('00080030', 'TM', shifted)).toEqual({ op: 'keep' });
    expect(op('00100030', 'DA', shifted)).toEqual({ op: 'empty' });
    expect(op('0020000D', 'UI', shifted)).toEqual({ op: 'mapUid' });
  });
});

describe('date shifting', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(shiftDate('20240301', -1)).toBe('20240229');
    expect(shiftDate('20231231', 1)).toBe('20240101');
    expect(shiftDate('20240115', -30)).toBe('20231216');
    expect(shiftDate('2024011', 1)).toBeNull();
  });

  it('shifts DT dates and keeps the time and offset', () => {
    expect(shiftDateTime('20240101123000.5+0900', -1)).toBe('20231231123000.5+0900');
    expect(shiftDateTime('2024', 1)).toBeNull();
  });

  it('shifts each value of a multi-valued element', () => {
    expect(shiftDateValue('20240101\\20240102', 'DA', 10)).toBe('20240111\\20240112');
    expect(shiftDateValue('bad\\20240102', 'DA', 1)).toBe('\\20240103');
  });
});

describe('burned-in annotation warning', () => {
  it('follows the stated attribute, else the modality / SOP class', () => {
    expect(burnedInAnnotationWarning({ burnedInAnnotation: 'YES', modality: 'CT', sopClassUid: '1.2' })).toMatch(/is YES/);
    expect(burnedInAnnotationWarning({ burnedInAnnotation: 'NO', modality: 'US', sopClassUid: '1.2' })).toBeNull();
    expect(burnedInAnnotationWarning({ burnedInAnnotation: null, modality: 'XA', sopClassUid: '1.2' })).toMatch(/modality XA/);
    expect(burnedInAnnotationWarning({ burnedInAnnotation: null, modality: 'OT', sopClassUid: '1.2.840.10008.5.1.4.1.1.7.2' })).toMatch(/Secondary Capture/);
    expect(burnedInAnnotationWarning({ burnedInAnnotation: null, modality: 'DX', sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1' })).toBeNull();
  });
});

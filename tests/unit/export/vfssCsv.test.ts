/**
 * VFSS CSV writers: exact headers, RFC 4180 quoting, CRLF records, empty cells for missing values,
 * fixed precision, times from the cine's own (possibly variable) timestamps relative to the origin.
 */
import { describe, expect, it } from 'vitest';
import type { MeasureValue, TrackPoint } from '../../../common/vfss/schema';
import { csvField, measuresCsv, trackCsv } from '../../../electron/node/export/vfssCsv';

/** Minimal RFC 4180 parser for the tests: records of fields, quotes undone. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else if (c === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || fields.length) throw new Error('last record not terminated by CRLF');
  return records;
}

function point(frame: number, extra: Partial<TrackPoint> = {}): TrackPoint {
  return {
    frame,
    analyzed: true,
    areaPx: 120,
    areaNorm: 0.0123456,
    head: [10.04, 20.06],
    tail: [5, 6.55],
    headBand: 'vallecula',
    tailBand: 'oralCavity',
    confidence: 0.87654,
    edited: false,
    ...extra,
  };
}

function measure(extra: Partial<MeasureValue> = {}): MeasureValue {
  return {
    key: 'swallowReactionTime',
    set: 'ASPEKT',
    label: 'Swallow reaction time (BPM → hyoid burst)',
    from: 'bolusPassesRamus',
    to: 'hyoidBurstOnset',
    fromFrame: 10,
    toFrame: 19,
    ms: 300.04,
    missing: [],
    flag: null,
    ...extra,
  };
}

describe('csvField', () => {
  it('quotes only fields with a comma, a quote, CR or LF, doubling quotes', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('')).toBe('');
  });
});

describe('trackCsv', () => {
  it('has the exact header and CRLF after every record', () => {
    const csv = trackCsv([point(0)], [0], 0);
    expect(csv.split('\r\n')[0]).toBe('frame,time_ms,analyzed,area_px,area_norm_c2c4,head_x,head_y,head_band,tail_x,tail_y,tail_band,confidence,edited');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes 1-based frame numbers, fixed precision, booleans, and empty cells for nulls', () => {
    const csv = trackCsv(
      [
        point(0),
        point(1, { analyzed: false, areaPx: 0, areaNorm: null, head: null, tail: null, headBand: null, tailBand: null, confidence: null, edited: true }),
      ],
      [0, 40],
      0,
    );
    const [, a, b] = parseCsv(csv);
    expect(a).toEqual(['1', '0.0', 'true', '120', '0.01235', '10.0', '20.1', 'vallecula', '5.0', '6.6', 'oralCavity', '0.877', 'false']);
    expect(b).toEqual(['2', '40.0', 'false', '0', '', '', '', '', '', '', '', '', 'true']);
  });

  it('times come from variable timestamps relative to the origin frame (negative before it, never "-0.0")', () => {
    const timestamps = [0, 33.4, 66.7, 120.04, 200];
    const rows = parseCsv(trackCsv([0, 1, 2, 3, 4].map((f) => point(f)), timestamps, 2)).slice(1);
    expect(rows.map((r) => r[1])).toEqual(['-66.7', '-33.3', '0.0', '53.3', '133.3']);
    const tiny = parseCsv(trackCsv([point(1)], [0, 0.01], 0))[1];
    expect(tiny?.[1]).toBe('0.0');
    const negTiny = parseCsv(trackCsv([point(0)], [0, 0.01], 1))[1];
    expect(negTiny?.[1]).toBe('0.0');
    // Halves round away from zero on the decimal value written, not on the binary approximation.
    expect(parseCsv(trackCsv([point(0)], [0, 0.05], 1))[1]?.[1]).toBe('-0.1');
    expect(parseCsv(trackCsv([point(1)], [0, 0.05], 0))[1]?.[1]).toBe('0.1');
  });

  it('leaves time empty when the frame rate is unknown or the origin is outside the cine', () => {
    expect(parseCsv(trackCsv([point(0)], null, 0))[1]?.[1]).toBe('');
    expect(parseCsv(trackCsv([point(0)], [0, 40], 7))[1]?.[1]).toBe('');
  });

  it('writes only the header for an empty track', () => {
    expect(trackCsv([], null, 0)).toBe('frame,time_ms,analyzed,area_px,area_norm_c2c4,head_x,head_y,head_band,tail_x,tail_y,tail_band,confidence,edited\r\n');
  });
});

describe('measuresCsv', () => {
  const HEADER = 'bolus,consistency,volume_ml,pas,pas_frame,residue_frame,vallecula_pct_full,pyriform_pct_full,set,measure,from_event,from_frame,to_event,to_frame,ms,flag,fps,rate_source';

  it('has the exact header; one row per bolus × measure; frame numbers 1-based', () => {
    const csv = measuresCsv(
      [
        {
          bolusOrdinal: 1,
          consistency: 'thin',
          volumeMl: 5,
          pas: 3,
          pasFrame: 41,
          measures: [measure(), measure({ key: 'uesOpeningDuration', set: 'Logemann', from: 'uesOpening', to: 'uesClosure', fromFrame: 20, toFrame: 31, ms: 366.666 })],
        },
        { bolusOrdinal: 2, consistency: 'mildlyThick', volumeMl: 10, pas: 1, pasFrame: null, measures: [measure()] },
      ],
      { fps: 30, source: 'FrameTime' },
    );
    const rows = parseCsv(csv);
    expect(csv.split('\r\n')[0]).toBe(HEADER);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual(['1', 'thin', '5.0', '3', '42', '', '', '', 'ASPEKT', 'swallowReactionTime', 'bolusPassesRamus', '11', 'hyoidBurstOnset', '20', '300.0', '', '30.000', 'FrameTime']);
    expect(rows[2]).toEqual(['1', 'thin', '5.0', '3', '42', '', '', '', 'Logemann', 'uesOpeningDuration', 'uesOpening', '21', 'uesClosure', '32', '366.7', '', '30.000', 'FrameTime']);
    expect(rows[3]?.slice(0, 5)).toEqual(['2', 'mildlyThick', '10.0', '1', '']);
  });

  it('missing events, unknown volume/PAS, unknown rate: empty cells', () => {
    const rows = parseCsv(
      measuresCsv(
        [{ bolusOrdinal: 3, consistency: 'thin', volumeMl: null, pas: null, pasFrame: null, measures: [measure({ fromFrame: null, toFrame: 7, ms: null, missing: ['bolusPassesRamus'] })] }],
        { fps: null, source: 'none' },
      ),
    );
    expect(rows[1]).toEqual(['3', 'thin', '', '', '', '', '', '', 'ASPEKT', 'swallowReactionTime', 'bolusPassesRamus', '', 'hyoidBurstOnset', '8', '', '', '', 'none']);
  });

  it('quotes flags with commas, quotes and newlines, and keeps them intact', () => {
    const flag = { text: 'above 540 ms, "delayed"\nsee ref', source: 'Molfenter & Steele 2012' };
    const csv = measuresCsv([{ bolusOrdinal: 1, consistency: 'thin', volumeMl: 2.25, pas: 8, pasFrame: 0, measures: [measure({ ms: 612.35, flag })] }], { fps: 29.97, source: 'FrameTimeVector' });
    expect(csv).toContain('"above 540 ms, ""delayed""\nsee ref"');
    const rows = parseCsv(csv);
    expect(rows[1]?.[15]).toBe(flag.text);
    expect(rows[1]?.slice(2, 5)).toEqual(['2.3', '8', '1']);
    expect(rows[1]?.slice(14)).toEqual(['612.4', flag.text, '29.970', 'FrameTimeVector']);
  });

  it('variable frame rates: the interval is what the measure says (from timestamps), fps the nominal rate', () => {
    const rows = parseCsv(measuresCsv([{ bolusOrdinal: 1, consistency: 'thin', volumeMl: 5, pas: 2, pasFrame: 3, measures: [measure({ ms: 1234.56789 })] }], { fps: 12.3456, source: 'FrameTimeVector' }));
    expect(rows[1]?.slice(14)).toEqual(['1234.6', '', '12.346', 'FrameTimeVector']);
  });

  it('a bolus without measures keeps one row with its PAS and volume', () => {
    const rows = parseCsv(measuresCsv([{ bolusOrdinal: 4, consistency: 'regular', volumeMl: 3, pas: 5, pasFrame: 9, measures: [] }], { fps: 15, source: 'CineRate' }));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(['4', 'regular', '3.0', '5', '10', '', '', '', '', '', '', '', '', '', '', '', '15.000', 'CineRate']);
  });

  it('writes residue %-full per drawn region with the residue frame (1-based)', () => {
    const residue = {
      frame: 200,
      regions: {},
      results: [{ region: 'pyriform' as const, residuePx: 30, regionPx: 120, percentFull: 25, normalised: null }],
    };
    const rows = parseCsv(measuresCsv([{ bolusOrdinal: 1, consistency: 'thin', volumeMl: 5, pas: 2, pasFrame: 3, residue, measures: [] }], { fps: 30, source: 'FrameTime' }));
    expect(rows[1]?.slice(5, 8)).toEqual(['201', '', '25.0']);
  });

  it('writes only the header without boluses', () => {
    expect(measuresCsv([], { fps: null, source: 'none' })).toBe(`${HEADER}\r\n`);
  });
});

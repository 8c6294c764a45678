import { describe, expect, it } from 'vitest';
import { PAS_TABLE, isValidPas, pasCategory, pasInfo } from '../../../common/vfss/pas';

describe('Penetration–Aspiration Scale', () => {
  it('holds scores 1–8 in order', () => {
    expect(PAS_TABLE.map((l) => l.score)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('matches the CLINICAL.md table: depth and ejection', () => {
    const rows = PAS_TABLE.map((l) => [l.depth, l.ejected]);
    expect(rows).toEqual([
      ['none', null],
      ['aboveVocalFolds', true],
      ['aboveVocalFolds', false],
      ['contactsVocalFolds', true],
      ['contactsVocalFolds', false],
      ['belowVocalFolds', true],
      ['belowVocalFolds', false],
      ['belowVocalFolds', false],
    ]);
    expect(pasInfo(6)?.ejection).toBe('ejected into larynx or out of airway');
    expect(pasInfo(7)?.ejection).toBe('not ejected despite effort');
    expect(pasInfo(8)?.ejection).toBe('no effort to eject');
  });

  it('derives the reported categories: 1 normal, 2–5 penetration, 6–8 aspiration, 8 silent', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((s) => pasCategory(s))).toEqual([
      'normal',
      'penetration',
      'penetration',
      'penetration',
      'penetration',
      'aspiration',
      'aspiration',
      'aspiration',
    ]);
    expect(PAS_TABLE.filter((l) => l.silent).map((l) => l.score)).toEqual([8]);
  });

  it('rejects anything but an integer 1–8', () => {
    for (const s of [1, 4, 8]) expect(isValidPas(s)).toBe(true);
    for (const s of [0, 9, -1, 2.5, Number.NaN, Infinity, '3', null, undefined]) expect(isValidPas(s)).toBe(false);
    expect(pasInfo(0)).toBeNull();
    expect(pasInfo(3.5)).toBeNull();
    expect(pasCategory(9)).toBeNull();
  });
});

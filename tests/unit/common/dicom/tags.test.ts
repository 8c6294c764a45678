import { describe, expect, it } from 'vitest';
import { formatTag, isGroupLengthTag, isPrivateCreatorTag, isPrivateTag, makeTag, normalizeTag, repeatingGroupBase, Tag, tagMatches } from '../../../../common/dicom/tags';
import { transferSyntaxInfo, transferSyntaxName, TS } from '../../../../common/dicom/transferSyntax';
import { dicomDateToIso, isValidUid, parseDecimalString, parseIntegerString } from '../../../../common/dicom/values';
import { charsetLabel } from '../../../../common/dicom/charset';

describe('tags', () => {
  it('formats and normalises', () => {
    expect(makeTag(0x7fe0, 0x10)).toBe('7FE00010');
    expect(formatTag(Tag.PatientName)).toBe('(0010,0010)');
    expect(normalizeTag('(0008,103e)')).toBe('0008103E');
    expect(normalizeTag('bad')).toBeNull();
  });

  it('knows private, creator, group length and repeating groups', () => {
    expect(isPrivateTag('00091010')).toBe(true);
    expect(isPrivateTag('00010001')).toBe(false); // odd groups below 0008 are illegal, not private
    expect(isPrivateTag(Tag.PatientName)).toBe(false);
    expect(isPrivateCreatorTag('00090010')).toBe(true);
    expect(isPrivateCreatorTag('00091010')).toBe(false);
    expect(isGroupLengthTag('00080000')).toBe(true);
    expect(repeatingGroupBase('60023000')).toBe('60xx');
    expect(repeatingGroupBase('501E0005')).toBe('50xx');
    expect(repeatingGroupBase('60013000')).toBeNull(); // odd: private, not an overlay
    expect(repeatingGroupBase('60203000')).toBeNull(); // beyond 601E
    expect(tagMatches('60xx3000', '60003000')).toBe(true);
    expect(tagMatches('60xx3000', '60024000')).toBe(false);
    expect(tagMatches('50xxxxxx', '50100110')).toBe(true);
  });
});

describe('transfer syntaxes and values', () => {
  it('describes supported syntaxes and names unsupported ones', () => {
    expect(transferSyntaxInfo(TS.JPEG2000Lossless)).toMatchObject({ encapsulated: true, lossy: false, codec: 'jpeg2000' });
    expect(transferSyntaxInfo(TS.ExplicitVRBigEndian)).toMatchObject({ littleEndian: false, encapsulated: false });
    expect(transferSyntaxInfo('1.2.840.10008.1.2.4.102')).toBeNull();
    expect(transferSyntaxName('1.2.840.10008.1.2.4.102')).toMatch(/H\.264/);
  });

  it('parses IS, DS, DA and UIDs strictly', () => {
    expect(parseIntegerString(' 15 ')).toBe(15);
    expect(parseIntegerString('1A')).toBeNull();
    expect(parseDecimalString('1.5e-3')).toBe(0.0015);
    expect(parseDecimalString('abc')).toBeNull();
    expect(dicomDateToIso('20240229')).toBe('2024-02-29');
    expect(dicomDateToIso('20230229')).toBeNull();
    expect(dicomDateToIso('2004.08.26')).toBe('2004-08-26');
    expect(isValidUid('1.2.840.10008.1.2')).toBe(true);
    expect(isValidUid('1.02.3')).toBe(false);
  });

  it('maps Specific Character Set terms', () => {
    expect(charsetLabel('ISO_IR 192')).toBe('utf-8');
    expect(charsetLabel('ISO 2022 IR 149')).toBe('euc-kr');
    expect(charsetLabel('ISO_IR 100')).toBe('latin1-exact');
    expect(charsetLabel('ISO 2022 IR 87')).toBe('iso-2022-jp');
    expect(charsetLabel('ISO_IR 13')).toBe('shift_jis');
    expect(charsetLabel('')).toBe('ascii');
    expect(charsetLabel('NOT A CHARSET')).toBeNull();
  });
});

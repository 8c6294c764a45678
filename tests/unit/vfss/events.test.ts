import { describe, expect, it } from 'vitest';
import { EVENT_INFO, eventByKey, eventInfo } from '../../../common/vfss/events';
import { DEFAULT_MEASURES } from '../../../common/vfss/measures';
import { VFSS_EVENTS } from '../../../common/vfss/schema';

/** Every key the viewer already uses (renderer/app/shortcuts.ts and the brief), lower-cased. */
const VIEWER_KEYS = [' ', 'arrowleft', 'arrowright', 'arrowup', 'arrowdown', 'home', 'end', 'l', 'a', 'c', 'w', 'p', 'z', 'f', 'i', 'r', '?', 'y', '-', '+', '=', '[', ']', 'escape', 'enter'];

describe('VFSS event metadata', () => {
  it('has one entry per event, in schema order', () => {
    expect(EVENT_INFO.map((e) => e.name)).toEqual([...VFSS_EVENTS]);
  });

  it('gives every event a label, an abbreviation and a one-sentence definition', () => {
    for (const e of EVENT_INFO) {
      expect(e.label.length).toBeGreaterThan(2);
      expect(e.short.length).toBeGreaterThan(1);
      expect(e.short.length).toBeLessThanOrEqual(6);
      expect(e.definition).toMatch(/^[A-Z].*\.$/);
      expect(e.definition.split(/\.\s/)).toHaveLength(1);
    }
    expect(new Set(EVENT_INFO.map((e) => e.short)).size).toBe(EVENT_INFO.length);
    expect(eventInfo('bolusPassesRamus')).toMatchObject({ label: 'Bolus passes ramus (BPM)', short: 'BPM' });
  });

  it('uses distinct single-character keys that no viewer shortcut uses: the digits 1–8', () => {
    const keys = EVENT_INFO.map((e) => e.key);
    expect(keys).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    for (const k of keys) expect(VIEWER_KEYS).not.toContain(k.toLowerCase());
  });

  it('finds the event a key marks, and nothing for other keys', () => {
    expect(eventByKey('1')?.name).toBe('firstPosteriorMovement');
    expect(eventByKey('3')?.name).toBe('hyoidBurstOnset');
    expect(eventByKey('8')?.name).toBe('uesClosure');
    expect(eventByKey('9')).toBeNull();
    expect(eventByKey('l')).toBeNull();
    expect(eventByKey('')).toBeNull();
  });

  it("names each event's set so that it covers every default measure that uses it", () => {
    for (const m of DEFAULT_MEASURES) {
      for (const name of [m.from, m.to]) {
        const set = eventInfo(name).set;
        expect(set === 'both' || set === m.set, `${name} in ${m.key}`).toBe(true);
      }
    }
    expect(eventInfo('firstPosteriorMovement').set).toBe('Logemann');
    expect(eventInfo('lvcOnset').set).toBe('ASPEKT');
    expect(eventInfo('bolusPassesRamus').set).toBe('both');
  });
});

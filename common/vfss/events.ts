/**
 * What each swallow event means, how it is labelled and which key marks it, as data: the event
 * panel, the timeline markers, the help panel and the CSV/PDF headers all read this one table.
 *
 * Definitions follow ../shared/CLINICAL.md §1 (ASPEKT events of the Steele lab; Logemann-style
 * transit events). Keys are the digits 1–8 in schema order: none of them is a viewer shortcut
 * (renderer/app/shortcuts.ts uses letters, arrows, Space, Home/End, -, +, [, ], ? and Ctrl+Z/Y).
 */
import { VFSS_EVENTS, type VfssEventName } from './schema';

/** Which protocol names the event: 'both' when an ASPEKT and a Logemann-style measure use it. */
export type EventSet = 'ASPEKT' | 'Logemann' | 'both';

export interface EventInfo {
  name: VfssEventName;
  /** Full label for panels and reports, e.g. "Bolus passes ramus (BPM)". */
  label: string;
  /** Abbreviation for timeline markers and table headers, e.g. "BPM". */
  short: string;
  /** One sentence: which frame to mark. */
  definition: string;
  set: EventSet;
  /** KeyboardEvent.key that marks the event on the current frame (a single character). */
  key: string;
}

const INFO: Readonly<Record<VfssEventName, Omit<EventInfo, 'name'>>> = {
  firstPosteriorMovement: {
    label: 'First posterior bolus movement',
    short: 'FPM',
    definition: 'First frame in which the bolus moves backwards in the oral cavity; starts the oral transit time.',
    set: 'Logemann',
    key: '1',
  },
  bolusPassesRamus: {
    label: 'Bolus passes ramus (BPM)',
    short: 'BPM',
    definition: 'First frame in which the bolus head passes the ramus of the mandible.',
    set: 'both',
    key: '2',
  },
  hyoidBurstOnset: {
    label: 'Hyoid burst onset',
    short: 'HYB',
    definition:
      'First frame of the hyoid burst, the swallow’s rapid hyoid movement (also the stand-in for onset of laryngeal elevation in the pharyngeal delay).',
    set: 'both',
    key: '3',
  },
  uesOpening: {
    label: 'UES opening',
    short: 'UESO',
    definition: 'First frame in which the upper esophageal sphincter is open.',
    set: 'ASPEKT',
    key: '4',
  },
  lvcOnset: {
    label: 'LVC onset',
    short: 'LVC',
    definition: 'First frame in which the laryngeal vestibule is closed.',
    set: 'ASPEKT',
    key: '5',
  },
  lvcOffset: {
    label: 'LVC offset',
    short: 'LVCoff',
    definition: 'First frame in which the laryngeal vestibule is open again after its closure.',
    set: 'ASPEKT',
    key: '6',
  },
  tailThroughUes: {
    label: 'Bolus tail through UES',
    short: 'TUES',
    definition: 'First frame in which the bolus tail has passed through the upper esophageal sphincter; ends the pharyngeal transit time.',
    set: 'Logemann',
    key: '7',
  },
  uesClosure: {
    label: 'UES closure',
    short: 'UESC',
    definition: 'First frame in which the upper esophageal sphincter is closed behind the bolus tail.',
    set: 'ASPEKT',
    key: '8',
  },
};

/** One entry per event, in schema order (VFSS_EVENTS). */
export const EVENT_INFO: readonly EventInfo[] = Object.freeze(VFSS_EVENTS.map((name) => Object.freeze({ name, ...INFO[name] })));

export function eventInfo(name: VfssEventName): EventInfo {
  return EVENT_INFO[VFSS_EVENTS.indexOf(name)] as EventInfo;
}

/** The event a key marks (KeyboardEvent.key, e.g. "3"), or null when the key marks none. */
export function eventByKey(key: string): EventInfo | null {
  return EVENT_INFO.find((e) => e.key === key) ?? null;
}

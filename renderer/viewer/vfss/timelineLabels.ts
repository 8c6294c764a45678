/**
 * UI strings of the VFSS bolus timeline: the app's messages vfss.timeline, vfss.normalised and
 * vfss.bolusN, and the timeline's own under vfssTimeline.* (renderer/i18n/en.ts and ko.ts).
 */
import type { useTranslation } from 'react-i18next';
import type { BandName } from '../../../common/vfss/schema';
import type { Messages } from '../../i18n/en';

export interface Labels {
  title: string;
  area: string;
  areaNorm: string;
  confidence: string;
  head: string;
  tail: string;
  marked: string;
  proposal: string;
  edited: string;
  axisMs: (origin: number) => string;
  axisFrames: (origin: number) => string;
  bolus: (ordinal: number) => string;
  frame: (frame: number) => string;
  bands: Record<BandName, string>;
}

type Translate = ReturnType<typeof useTranslation>['t'];
type TimelineKey = Exclude<keyof Messages['vfssTimeline'], 'bands'>;

export function labelsFor(t: Translate): Labels {
  const s = (key: TimelineKey, values: Record<string, string | number> = {}): string => t(`vfssTimeline.${key}`, values);
  const band = (name: BandName): string => t(`vfssTimeline.bands.${name}`);
  return {
    title: t('vfss.timeline'),
    area: s('area'),
    areaNorm: t('vfss.normalised'),
    confidence: s('confidence'),
    head: s('head'),
    tail: s('tail'),
    marked: s('marked'),
    proposal: s('proposal'),
    edited: s('edited'),
    axisMs: (origin) => s('axisMs', { frame: origin + 1 }),
    axisFrames: (origin) => s('axisFrames', { frame: origin + 1 }),
    bolus: (ordinal) => t('vfss.bolusN', { n: ordinal }),
    frame: (frame) => s('frame', { frame: frame + 1 }),
    bands: {
      oralCavity: band('oralCavity'),
      ramus: band('ramus'),
      vallecula: band('vallecula'),
      pyriformSinus: band('pyriformSinus'),
      ues: band('ues'),
      esophagus: band('esophagus'),
    },
  };
}

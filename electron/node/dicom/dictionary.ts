/**
 * Data dictionary lookups (VR and name by tag), needed to read Implicit VR data and to name tags in
 * messages. dcmjs ships the full PS3.6 dictionary, including repeating groups; it has no type
 * declarations, so its export is narrowed here instead of trusted.
 */
import { formatTag, isGroupLengthTag, isPrivateCreatorTag, isPrivateTag } from '../../../common/dicom/tags';
import { nodeRequire } from './nodeRequire';

interface DictEntry {
  vr: string;
  name: string;
}

type Lookup = (tag: string) => DictEntry | null;

function loadDcmjsDictionary(): Lookup {
  const mod: unknown = nodeRequire()('dcmjs');
  const dict = (mod as { data?: { DicomMetaDictionary?: { dictionary?: unknown } } } | null)?.data
    ?.DicomMetaDictionary?.dictionary;
  if (typeof dict !== 'object' || dict === null) throw new Error('dcmjs data dictionary not found');
  const table = dict as Record<string, unknown>;
  return (tag) => {
    const e = table[tag]; // dcmjs accepts 'GGGGEEEE' and resolves repeating groups itself
    if (typeof e !== 'object' || e === null) return null;
    const { vr, name } = e as { vr?: unknown; name?: unknown };
    return typeof vr === 'string' && typeof name === 'string' ? { vr, name } : null;
  };
}

let lookup: Lookup | null = null;

function entry(tag: string): DictEntry | null {
  lookup ??= loadDcmjsDictionary();
  return lookup(tag);
}

/**
 * VR for Implicit VR data. Dictionary pseudo-VRs are resolved the way PS3.5 Annex A says readers
 * should: 'ox' (OB or OW) -> OW, 'xs' (US or SS) -> US (the reader re-labels to SS when Pixel
 * Representation is 1), 'lt' (US, SS or OW for LUT data) -> OW. Unknown tags are UN.
 */
export function vrForTag(tag: string): string {
  if (isGroupLengthTag(tag)) return 'UL';
  if (isPrivateCreatorTag(tag)) return 'LO';
  if (isPrivateTag(tag)) return 'UN';
  const vr = entry(tag)?.vr;
  if (!vr) return 'UN';
  if (vr === 'ox' || vr === 'lt') return 'OW';
  if (vr === 'xs') return 'US';
  if (vr.includes(' or ')) return vr.slice(0, 2);
  return vr.length === 2 && vr !== 'na' ? vr : 'UN';
}

/** Dictionary VR when the tag is public and unambiguous (used to re-label explicit UN values). */
export function knownVr(tag: string): string | null {
  if (isPrivateTag(tag)) return null;
  const vr = entry(tag)?.vr;
  return vr && vr.length === 2 && /^[A-Z]{2}$/.test(vr) ? vr : null;
}

/** The dictionary's raw pseudo-VR ('xs', 'ox', ...) for ambiguous elements, else null. */
export function ambiguousVr(tag: string): string | null {
  const vr = entry(tag)?.vr;
  return vr === 'xs' || vr === 'ox' || vr === 'lt' ? vr : null;
}

/** 'PatientName' style keyword, or null. */
export function tagKeyword(tag: string): string | null {
  if (isPrivateTag(tag)) return null;
  return entry(tag)?.name ?? null;
}

/** '(0010,0010) PatientName' for messages; private tags are called private. */
export function describeTag(tag: string): string {
  if (isPrivateTag(tag)) return `${formatTag(tag)} (private)`;
  const name = tagKeyword(tag);
  return name ? `${formatTag(tag)} ${spaced(name)}` : formatTag(tag);
}

function spaced(keyword: string): string {
  return keyword
    .replace(/^RETIRED_/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2');
}

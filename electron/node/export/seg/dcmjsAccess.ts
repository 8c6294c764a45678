/**
 * dcmjs, narrowed to the data API the SEG export uses (build, write and parse a data set).
 *
 * dicom/dictionary.ts also loads dcmjs, but only narrows its data dictionary and keeps the module to
 * itself; both go through nodeRequire, so Node's module cache hands them the same loaded instance.
 */
import { nodeRequire } from '../../dicom/nodeRequire';

/** A dcmjs "naturalized" data set: keyword -> value (sequences are arrays of data sets). */
export type Natural = { [keyword: string]: unknown };
/** A dcmjs "denaturalized" data set: 'GGGGEEEE' -> { vr, Value }. */
export type Dict = Record<string, { vr: string; Value?: unknown[] }>;

interface DcmjsData {
  DicomMetaDictionary: {
    denaturalizeDataset(ds: Natural): Dict;
    naturalizeDataset(dict: Dict): Natural;
  };
  DicomDict: new (meta: Dict) => { dict: Dict; write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer };
  DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean }): { meta: Dict; dict: Dict } };
}

let dcmjsData: DcmjsData | null = null;

/** dcmjs has no type declarations: load it the way dictionary.ts does and check what we use. */
export function dcmjs(): DcmjsData {
  if (dcmjsData) return dcmjsData;
  const mod: unknown = nodeRequire()('dcmjs');
  const data = (mod as { data?: Partial<Record<keyof DcmjsData, unknown>> } | null)?.data;
  const dict = data?.DicomMetaDictionary as { denaturalizeDataset?: unknown; naturalizeDataset?: unknown } | undefined;
  const message = data?.DicomMessage as { readFile?: unknown } | undefined;
  if (
    typeof dict?.denaturalizeDataset !== 'function' ||
    typeof dict.naturalizeDataset !== 'function' ||
    typeof data?.DicomDict !== 'function' ||
    typeof message?.readFile !== 'function'
  ) {
    throw new Error('dcmjs data API (DicomMetaDictionary, DicomDict, DicomMessage) not found');
  }
  dcmjsData = data as unknown as DcmjsData;
  return dcmjsData;
}

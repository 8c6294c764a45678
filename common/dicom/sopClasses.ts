/**
 * SOP classes Kestrel names in messages or builds itself. Import accepts any SOP class whose data
 * set carries pixel data; the classes listed as non-image are refused with a message that says
 * what the file is instead of a bare "no pixel data".
 */

export const SopClass = {
  ComputedRadiography: '1.2.840.10008.5.1.4.1.1.1',
  DigitalXRayForPresentation: '1.2.840.10008.5.1.4.1.1.1.1',
  DigitalXRayForProcessing: '1.2.840.10008.5.1.4.1.1.1.1.1',
  SecondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
  MultiFrameSingleBitSecondaryCapture: '1.2.840.10008.5.1.4.1.1.7.1',
  MultiFrameGrayscaleByteSecondaryCapture: '1.2.840.10008.5.1.4.1.1.7.2',
  MultiFrameGrayscaleWordSecondaryCapture: '1.2.840.10008.5.1.4.1.1.7.3',
  MultiFrameTrueColorSecondaryCapture: '1.2.840.10008.5.1.4.1.1.7.4',
  XRayAngiographic: '1.2.840.10008.5.1.4.1.1.12.1',
  XRayRadiofluoroscopic: '1.2.840.10008.5.1.4.1.1.12.2',
  Segmentation: '1.2.840.10008.5.1.4.1.1.66.4',
} as const;

/** Storage classes that never hold an image: importing them as images cannot succeed. */
const NON_IMAGE: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.481.5': 'RT Plan',
  '1.2.840.10008.5.1.4.1.1.481.8': 'RT Ion Plan',
  '1.2.840.10008.5.1.4.1.1.481.3': 'RT Structure Set',
  '1.2.840.10008.5.1.4.1.1.481.4': 'RT Beams Treatment Record',
  '1.2.840.10008.5.1.4.1.1.481.6': 'RT Brachy Treatment Record',
  '1.2.840.10008.5.1.4.1.1.481.7': 'RT Treatment Summary Record',
  '1.2.840.10008.5.1.4.1.1.481.9': 'RT Ion Beams Treatment Record',
  '1.2.840.10008.5.1.4.1.1.88.11': 'Basic Text SR',
  '1.2.840.10008.5.1.4.1.1.88.22': 'Enhanced SR',
  '1.2.840.10008.5.1.4.1.1.88.33': 'Comprehensive SR',
  '1.2.840.10008.5.1.4.1.1.88.34': 'Comprehensive 3D SR',
  '1.2.840.10008.5.1.4.1.1.88.59': 'Key Object Selection Document',
  '1.2.840.10008.5.1.4.1.1.88.67': 'X-Ray Radiation Dose SR',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF',
  '1.2.840.10008.5.1.4.1.1.11.1': 'Grayscale Softcopy Presentation State',
  '1.2.840.10008.5.1.4.1.1.66': 'Raw Data',
  '1.2.840.10008.5.1.4.1.1.66.1': 'Spatial Registration',
  '1.2.840.10008.5.1.4.1.1.9.1.1': '12-lead ECG Waveform',
  '1.2.840.10008.1.3.10': 'Media Storage Directory (DICOMDIR)',
};

const NAMES: Readonly<Record<string, string>> = {
  [SopClass.ComputedRadiography]: 'Computed Radiography Image',
  [SopClass.DigitalXRayForPresentation]: 'Digital X-Ray Image (For Presentation)',
  [SopClass.DigitalXRayForProcessing]: 'Digital X-Ray Image (For Processing)',
  [SopClass.SecondaryCapture]: 'Secondary Capture Image',
  [SopClass.MultiFrameSingleBitSecondaryCapture]: 'Multi-frame Single Bit Secondary Capture',
  [SopClass.MultiFrameGrayscaleByteSecondaryCapture]: 'Multi-frame Grayscale Byte Secondary Capture',
  [SopClass.MultiFrameGrayscaleWordSecondaryCapture]: 'Multi-frame Grayscale Word Secondary Capture',
  [SopClass.MultiFrameTrueColorSecondaryCapture]: 'Multi-frame True Color Secondary Capture',
  [SopClass.XRayAngiographic]: 'X-Ray Angiographic Image',
  [SopClass.XRayRadiofluoroscopic]: 'X-Ray Radiofluoroscopic Image',
  [SopClass.Segmentation]: 'Segmentation',
  '1.2.840.10008.5.1.4.1.1.2': 'CT Image',
  '1.2.840.10008.5.1.4.1.1.4': 'MR Image',
  '1.2.840.10008.5.1.4.1.1.4.1': 'Enhanced MR Image',
  '1.2.840.10008.5.1.4.1.1.6.1': 'Ultrasound Image',
  '1.2.840.10008.5.1.4.1.1.3.1': 'Ultrasound Multi-frame Image',
  '1.2.840.10008.5.1.4.1.1.20': 'Nuclear Medicine Image',
  '1.2.840.10008.5.1.4.1.1.481.1': 'RT Image',
  '1.2.840.10008.5.1.4.1.1.481.2': 'RT Dose',
  '1.2.840.10008.5.1.4.1.1.77.1.6': 'VL Whole Slide Microscopy Image',
  '1.2.840.10008.5.1.4.1.1.1.2': 'Digital Mammography X-Ray Image (For Presentation)',
};

/** Human name of a SOP class, or null when it is not in our short list. */
export function sopClassName(uid: string): string | null {
  return NAMES[uid] ?? (NON_IMAGE[uid] ? `${NON_IMAGE[uid]} Storage` : null);
}

/** Non-null when the SOP class can never be an image (the name says what it is). */
export function nonImageSopClass(uid: string): string | null {
  return NON_IMAGE[uid] ?? null;
}

/** Secondary Capture family: burned-in text is typical, and ConversionType is required. */
export function isSecondaryCapture(uid: string): boolean {
  return uid === SopClass.SecondaryCapture || uid.startsWith('1.2.840.10008.5.1.4.1.1.7.');
}

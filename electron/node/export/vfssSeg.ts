/**
 * DICOM Segmentation (SEG) export of VFSS masks, and its reader.
 *
 * A VFSS cine is one multi-frame instance (XA, RF, or multi-frame Secondary Capture for imported
 * video). Each mask belongs to one frame of it, so the SEG is a BINARY Segmentation (PS3.3 A.51)
 * whose every frame references the source instance AND the source frame (Derivation Image
 * functional group -> Source Image Sequence -> Referenced Frame Number, 1-based).
 *
 * Choices, each forced by the standard or by what the cine is:
 * - No Frame of Reference, no Pixel Measures, no Plane Position/Orientation. XA, RF and SC cines are
 *   projections with no patient coordinate system. PS3.3 A.51.5.1: with a Frame of Reference UID the
 *   segments "shall be specified within that coordinate system" (Pixel Measures, Plane Position and
 *   Orientation (Patient)); without one, "each pixel of the segmentation shall correspond to a pixel
 *   in a referenced image, using the Derivation Image Functional Group" - the VFSS case exactly.
 *   Table A.51-1 requires the Frame of Reference module only when the Derivation Image functional
 *   group is absent, and Table A.51-2 allows Pixel Measures only with a patient-relative Frame of
 *   Reference. A generated Frame of Reference UID would promise a geometry nobody measured (and
 *   oblige plane positions we cannot know); the source's Pixel Spacing stays on the source, which
 *   every SEG frame references. dciodvfy agrees (no error without them).
 * - Every listed frame is written, including frames whose mask is empty: an analysed frame with no
 *   bolus ("the bolus has left the pharynx") is a result, and dropping it would make it read back as
 *   "not analysed". Frames not listed are not written.
 * - Dimensions: Referenced Segment Number, then Temporal Position Index (the 1-based source frame
 *   number: the frames of a cine are its temporal positions), so that Dimension Index Values are
 *   unique per SEG frame without a spatial position.
 * - Pixel data: 1 bit per pixel, packed with the first pixel in the least significant bit of the
 *   first byte (PS3.5 8.1.1, D.2), frames concatenated bit by bit with no padding between them.
 *
 * dcmjs builds and writes the data set (denaturalizeDataset, DicomDict.write) and parses it back;
 * the source is read by Kestrel's own reader, which validates it and gives its attributes.
 */

// The implementation, by concern, lives in ./seg/; this module is its public face.
export { packBits, unpackFrame } from './seg/bitPacking';
export { buildVfssSeg } from './seg/buildSeg';
export { VfssSegError, type VfssSegErrorCode } from './seg/errors';
export { readVfssSeg } from './seg/readSeg';
export { segmentPropertyCodes } from './seg/segCodes';
export type { SegSegment, VfssSegContent, VfssSegOptions } from './seg/types';

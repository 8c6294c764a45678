/** Errors of the VFSS SEG export and reader, each with a code the caller can branch on. */
export type VfssSegErrorCode =
  /** No segments were given. */
  | 'no_segments'
  /** The source bytes are not a readable DICOM file. */
  | 'source_unreadable'
  /** The source is not an image (no pixel data, a non-image SOP class, or itself a SEG). */
  | 'source_not_image'
  /** The source holds a single frame. */
  | 'source_not_multiframe'
  /** A mask does not have rows × columns values. */
  | 'mask_size'
  /** A frame index is not an integer within the source's frames. */
  | 'frame_out_of_range'
  /** A segment lists the same frame twice. */
  | 'duplicate_frame'
  /** A segment cannot be written as given (no frames, label unusable, structure not coded). */
  | 'bad_segment'
  /** An option cannot be written in its DICOM element (content label, description, ...). */
  | 'bad_option'
  /** readVfssSeg: the bytes are not a BINARY Segmentation Kestrel can read back. */
  | 'not_a_segmentation';

export class VfssSegError extends Error {
  constructor(
    readonly code: VfssSegErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VfssSegError';
  }
}

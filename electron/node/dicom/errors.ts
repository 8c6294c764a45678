/** Why a file cannot be read or decoded: a stable code for the program, a specific message for people. */

export type DicomReadErrorCode =
  | 'not_dicom'
  | 'truncated'
  | 'missing_transfer_syntax'
  | 'unsupported_transfer_syntax'
  | 'no_pixel_data'
  | 'bad_pixel_data'
  | 'bad_sequence'
  | 'decode_failed'
  | 'unsupported_sop_class'
  /** A required attribute (a UID, Rows, ...) is absent or has no usable value. */
  | 'missing_attribute';

export class DicomReadError extends Error {
  constructor(
    readonly code: DicomReadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DicomReadError';
  }
}

/**
 * The shapes of the VFSS SEG export: the segments given to the builder, its options, and what the
 * reader gives back. See ../vfssSeg.ts for what the SEG is and why it is built the way it is.
 */
export interface SegSegment {
  label: string;
  description?: string;
  algorithmType: 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';
  algorithmName?: string;
  algorithmVersion?: string;
  category: 'bolus' | 'structure';
  frames: ReadonlyArray<{ frame: number /* 0-based source frame */; mask: Uint8Array }>;
}

export interface VfssSegOptions {
  seriesDescription?: string;
  contentLabel?: string;
  creator?: string;
  manufacturer?: string;
  softwareVersion?: string;
  now?: Date;
}

export interface VfssSegContent {
  rows: number;
  columns: number;
  referencedSopInstanceUid: string;
  segments: Array<{ number: number; label: string; frames: Map<number /* 0-based source frame */, Uint8Array> }>;
}

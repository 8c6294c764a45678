/** Deterministic synthetic data for the demo database, the tests and model training. */
export { createRng, type Rng, type StreamLabel } from './random';
export {
  createVfssPhantom,
  type VfssBandName,
  type VfssDifficulty,
  type VfssEventsTruth,
  type VfssFrame,
  type VfssPhantom,
  type VfssPhantomOptions,
  type VfssStructure,
} from './vfss';
export {
  createSpinePhantom,
  type SpineLandmarks,
  type SpinePhantom,
  type SpinePhantomOptions,
  type SpineStructure,
} from './spine';
export {
  endplateAngle,
  lumbarLordosis,
  pelvicIncidence,
  pelvicTilt,
  sacralSlope,
  spinopelvicParameters,
  type SpinopelvicInput,
  type SpinopelvicParameters,
} from './spineGeometry';
export {
  createPathologyPatch,
  PATHOLOGY_CLASSES,
  type PathologyClass,
  type PathologyPatch,
  type PathologyPatchOptions,
} from './pathology';

/** common/imaging: one implementation of preprocessing and mask decoding for training and inference. */
export { clahe, claheClipCount, claheGeometry } from './clahe';
export { enhance, enhanceChannels } from './enhance';
export { checkSize, gray8, toGray8, type Gray8, type ToGray8Options } from './image';
export { activate, maskArea, probabilityToSourceMask, removeSmallComponents, rleDecode, rleEncode, threshold } from './mask';
export { fitToModel, letterbox, modelToSource, resizeGray8, sourceToModel, type Letterbox } from './resize';
export { resizeArea } from './resizeArea';
export { resizeLinear } from './resizeLinear';
export { laplacianSharpen } from './sharpen';
export { ClaheParams, EnhancementStep, peciEnsemble, Preprocessing, SharpenParams } from './steps';
export { preprocessChannelsU8, preprocessFrame, scalingTable } from './tensor';

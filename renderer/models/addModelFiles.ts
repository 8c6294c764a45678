import type { ModelInfo } from '../../common/api';
import type { Api } from '../api/client';

/** True when the user picked or dropped a model (an .onnx and its .model.json), not images. */
export function isModelPair(files: readonly File[]): boolean {
  return files.length === 2 && files.some((f) => f.name.toLowerCase().endsWith('.onnx')) && files.some((f) => f.name.endsWith('.model.json'));
}

/** Adds a model from its two files: by path in Electron, by upload in web mode. */
export async function addModelFiles(api: Api, files: readonly File[]): Promise<ModelInfo> {
  const paths = files.map((f) => api.transport.pathForFile?.(f) ?? null);
  if (paths.every((p): p is string => p !== null)) return api.call['models.addPaths']({ paths });
  const upload = api.transport.upload;
  if (!upload) throw new Error('This transport cannot upload files.');
  const { uploadId } = await api.call['import.beginUpload']({});
  for (const f of files) await upload(uploadId, f.name, f);
  return api.call['models.commitUpload']({ uploadId });
}

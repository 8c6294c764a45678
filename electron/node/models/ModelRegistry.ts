import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ApiError, type ModelInfo } from '../../../common/api';
import type { ModelCard } from '../../../common/models/modelCard';
import { validateModel, type Inspect } from './validateModel';

export interface ModelDirs {
  /** Models shipped with the app (the repo's models/ or the packaged resources). */
  shipped: string | null;
  /** Models the user added, in the data folder. */
  user: string;
}

export interface ReadyModel {
  info: ModelInfo;
  card: ModelCard;
  onnxPath: string;
}

/**
 * Scans the shipped and user model folders, validates each card against its model, and adds user
 * models atomically: a wrong or corrupt model is refused with its reasons and changes nothing.
 */
export class ModelRegistry {
  private cache = new Map<string, { mtimeMs: number; size: number; info: ModelInfo }>();

  constructor(
    private readonly dirs: ModelDirs,
    private readonly inspect: Inspect,
  ) {}

  async list(): Promise<ModelInfo[]> {
    const out: ModelInfo[] = [];
    const seen = new Map<string, ModelInfo>();
    for (const [source, dir] of [['shipped', this.dirs.shipped], ['user', this.dirs.user]] as const) {
      if (!dir) continue;
      const names = await fsp.readdir(dir).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.model.json')).sort()) {
        const info = { ...(await this.validateCached(path.join(dir, name), source)) };
        info.problems = [...info.problems];
        const earlier = seen.get(info.key);
        if (earlier && info.status === 'ready') {
          info.status = 'invalid';
          info.problems.push(`A ${earlier.source} model with the same id and version (${info.key}) is already registered.`);
        }
        if (!seen.has(info.key)) seen.set(info.key, info);
        out.push(info);
      }
    }
    return out;
  }

  private async validateCached(cardPath: string, source: ModelInfo['source']): Promise<ModelInfo> {
    const card = await fsp.stat(cardPath);
    const key = `${cardPath}`;
    const hit = this.cache.get(key);
    // The .onnx can change without the card changing: include its stamp when we know the file.
    const onnxStamp = hit?.info.card ? await fsp.stat(path.join(path.dirname(cardPath), hit.info.card.file)).catch(() => null) : null;
    const stamp = card.mtimeMs + (onnxStamp?.mtimeMs ?? 0);
    const size = card.size + (onnxStamp?.size ?? 0);
    if (hit && hit.mtimeMs === stamp && hit.size === size) return hit.info;
    const info = await validateModel(cardPath, source, this.inspect);
    const onnx = info.card ? await fsp.stat(path.join(path.dirname(cardPath), info.card.file)).catch(() => null) : null;
    this.cache.set(key, { mtimeMs: card.mtimeMs + (onnx?.mtimeMs ?? 0), size: card.size + (onnx?.size ?? 0), info });
    return info;
  }

  async ready(key: string): Promise<ReadyModel> {
    const info = (await this.list()).find((m) => m.key === key && m.status === 'ready');
    if (!info || !info.card) {
      const any = (await this.list()).find((m) => m.key === key);
      throw new ApiError(
        any ? 'conflict' : 'not_found',
        any ? `Model ${key} cannot run: ${any.problems.join(' ')}` : `No model ${key} is installed. Add it under Models.`,
      );
    }
    return { info, card: info.card, onnxPath: path.join(path.dirname(info.file), info.card.file) };
  }

  /**
   * Adds a model from two files (.onnx + .model.json). They are copied into a staging folder inside
   * the user models folder, validated there, and only then renamed into place.
   */
  async add(files: readonly string[]): Promise<ModelInfo> {
    const cardFile = files.find((f) => f.endsWith('.model.json'));
    const onnxFile = files.find((f) => f.toLowerCase().endsWith('.onnx'));
    if (!cardFile || !onnxFile || files.length !== 2) {
      throw new ApiError('invalid_input', 'Add a model as two files: the .onnx model and its .model.json card.');
    }
    await fsp.mkdir(this.dirs.user, { recursive: true });
    const staging = path.join(this.dirs.user, `.staging-${randomBytes(6).toString('hex')}`);
    await fsp.mkdir(staging);
    try {
      let cardJson: { file?: unknown };
      try {
        cardJson = JSON.parse(await fsp.readFile(cardFile, 'utf8')) as { file?: unknown };
      } catch (error) {
        throw new ApiError('invalid_input', `The model card is not readable JSON: ${(error as Error).message}`);
      }
      const onnxName = typeof cardJson.file === 'string' && /^[^/\\]+\.onnx$/.test(cardJson.file) ? cardJson.file : path.basename(onnxFile);
      const stagedCard = path.join(staging, path.basename(cardFile));
      await fsp.copyFile(cardFile, stagedCard);
      await fsp.copyFile(onnxFile, path.join(staging, onnxName));
      const info = await validateModel(stagedCard, 'user', this.inspect);
      if (info.status !== 'ready' || !info.card) {
        throw new ApiError('invalid_input', `The model was not added: ${info.problems.join(' ')}`);
      }
      const existing = (await this.list()).find((m) => m.key === info.key);
      if (existing) throw new ApiError('conflict', `Model ${info.key} is already installed (${existing.source}); change the card's version to add another build.`);
      const finalCard = path.join(this.dirs.user, `${info.card.id}-${info.card.version}.model.json`);
      const finalOnnx = path.join(this.dirs.user, info.card.file);
      if (await fsp.stat(finalOnnx).catch(() => null)) {
        throw new ApiError('conflict', `A different model already uses the file name ${info.card.file} in the user models folder.`);
      }
      // The .onnx first: a card without its model is reported as such, never run.
      await fsp.rename(path.join(staging, onnxName), finalOnnx);
      await fsp.rename(stagedCard, finalCard);
      return { ...info, file: finalCard };
    } finally {
      await fsp.rm(staging, { recursive: true, force: true });
    }
  }
}

import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { peciEnsemble } from '../../common/imaging/steps';
import type { ModelCard } from '../../common/models/modelCard';

export const MODEL_FIXTURES = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'models');

/** A valid card for tests/fixtures/models/<file> (tiny-seg at 32², slow-seg at 256²), sha256 computed now. */
export function tinyCard(file: 'tiny-seg.onnx' | 'slow-seg.onnx', patch: Partial<ModelCard> = {}): ModelCard {
  const size = file === 'tiny-seg.onnx' ? 32 : 256;
  const sha256 = createHash('sha256').update(readFileSync(path.join(MODEL_FIXTURES, file))).digest('hex');
  return {
    schema: 1,
    id: file.replace('.onnx', ''),
    version: '1.0.0',
    name: `Test ${file}`,
    task: 'vfss.bolus',
    file,
    sha256,
    inputs: [{ name: 'frames', shape: ['batch', 5, size, size], dtype: 'float32' }],
    outputs: [
      { name: 'bolus', shape: ['batch', 1, size, size], dtype: 'float32' },
      { name: 'structures', shape: ['batch', 3, size, size], dtype: 'float32' },
    ],
    preprocessing: { channels: peciEnsemble(), width: size, height: size, fit: 'pad', mean: 0, std: 1, order: 'resizeThenEnhance' },
    decoding: {
      type: 'segmentation',
      activation: 'none',
      classes: [
        { name: 'bolus', output: 'bolus', channel: 0, threshold: 0.5, minComponentPx: 0 },
        { name: 'cervicalSpine', output: 'structures', channel: 0, threshold: 0.5, minComponentPx: 0 },
      ],
    },
    training: { data: 'none: fixed weights', command: '/usr/bin/python3 tests/fixtures/models/make_tiny_models.py', date: '2026-11-25' },
    metrics: [],
    licence: 'test fixture',
    intendedUse: 'engine tests only',
    clinicalUse: false,
    references: [],
    ...patch,
  };
}

/** Writes the card (as given, possibly broken on purpose) and copies the model into `dir`. */
export function installTinyModel(dir: string, file: 'tiny-seg.onnx' | 'slow-seg.onnx', card: unknown = tinyCard(file), onnxName: string = file): { cardPath: string; onnxPath: string } {
  mkdirSync(dir, { recursive: true });
  const onnxPath = path.join(dir, onnxName);
  copyFileSync(path.join(MODEL_FIXTURES, file), onnxPath);
  const id = typeof card === 'object' && card && 'id' in card ? String((card as { id: unknown }).id) : 'broken';
  const cardPath = path.join(dir, `${id}.model.json`);
  writeFileSync(cardPath, typeof card === 'string' ? card : JSON.stringify(card, null, 2));
  return { cardPath, onnxPath };
}

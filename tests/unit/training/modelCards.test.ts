import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ModelCard } from '../../../common/models/modelCard';
import { vfssPreprocessing } from '../../../scripts/dataset/vfssDataset';

const MODELS = fileURLToPath(new URL('../../../models', import.meta.url));
const cards = readdirSync(MODELS).filter((f) => f.endsWith('.model.json'));

describe('shipped model cards', () => {
  it('ships the VFSS bolus model', () => {
    expect(cards).toContain('vfss-bolus-peci.model.json');
  });

  it.each(cards)('%s passes the schema, names its .onnx by sha256 and is not for clinical use', (file) => {
    const card = ModelCard.parse(JSON.parse(readFileSync(join(MODELS, file), 'utf8')));
    expect(file).toBe(`${card.id}.model.json`);
    const sha = createHash('sha256').update(readFileSync(join(MODELS, card.file))).digest('hex');
    expect(sha).toBe(card.sha256);
    expect(card.clinicalUse).toBe(false);
    expect(card.metrics.length).toBeGreaterThan(0);
    for (const m of card.metrics) expect(Number.isFinite(m.value)).toBe(true);
    if (card.decoding.type === 'segmentation') {
      for (const cls of card.decoding.classes) expect(card.outputs.map((o) => o.name)).toContain(cls.output);
    }
  });

  it('VFSS bolus card: the dataset writer preprocessing, dynamic batch, ≤ 10 MB', () => {
    const card = ModelCard.parse(JSON.parse(readFileSync(join(MODELS, 'vfss-bolus-peci.model.json'), 'utf8')));
    expect(card.task).toBe('vfss.bolus');
    expect(card.preprocessing).toEqual(vfssPreprocessing(card.preprocessing.width));
    expect(card.inputs).toEqual([{ name: 'frames', shape: ['batch', 5, card.preprocessing.height, card.preprocessing.width], dtype: 'float32' }]);
    expect(card.outputs.map((o) => o.name)).toEqual(['bolus', 'structures']);
    expect(card.references.some((r) => r.includes('2403.14191'))).toBe(true);
    expect(readFileSync(join(MODELS, card.file)).length).toBeLessThanOrEqual(10 * 1024 * 1024);
    const dice = card.metrics.find((m) => m.name.startsWith('bolus Dice, mean over frames with bolus (512²'));
    expect(dice?.value).toBeGreaterThan(0);
  });
});

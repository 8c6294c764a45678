import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ModelCard } from '../../../common/models/modelCard';
import { describeTensors } from '../../../electron/node/inference/sessions';
import { validateModel } from '../../../electron/node/models/validateModel';
import { evaluateVfssModel } from '../../../scripts/dataset/evaluateVfss';

const CARD = fileURLToPath(new URL('../../../models/vfss-bolus-peci.model.json', import.meta.url));
const ONNX = fileURLToPath(new URL('../../../models/vfss-bolus-peci.onnx', import.meta.url));

async function open(path: string): Promise<InferenceSession> {
  return InferenceSession.create(path, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 });
}

describe('shipped VFSS bolus model', () => {
  it('passes the registry checks (schema, sha256, graph against card, preprocessing against input)', async () => {
    const info = await validateModel(CARD, 'shipped', async (p) => describeTensors(await open(p)));
    expect(info.problems).toEqual([]);
    expect(info.status).toBe('ready');
  });

  it('segments fresh phantom frames through the app pipeline near the card figure', async () => {
    const card = ModelCard.parse(JSON.parse(readFileSync(CARD, 'utf8')));
    const claimed = card.metrics.find((m) => m.name.startsWith('bolus Dice, mean over frames with bolus (512²') && m.dataset.startsWith('val-standard'));
    expect(claimed).toBeDefined();
    // A few phantoms the card's evaluation does not use (its seeds are 900000+), 8 frames each.
    const result = await evaluateVfssModel(await open(ONNX), card, { seed: 700000, phantoms: 3, framesPerPhantom: 8, difficulties: ['standard'] });
    expect(result.frames).toBe(24);
    expect(result.bolusDice.n).toBeGreaterThan(15);
    // 24 frames are a small sample: a loose bound here; the precise check is the card's own command.
    expect(result.bolusDice.mean).toBeGreaterThan((claimed?.value ?? 1) - 0.1);
    expect(result.structureDice.cervicalSpine?.mean).toBeGreaterThan(0.85);
  });
});

/**
 * Node-side steps of the VFSS training pipeline (training/vfss/pipeline.py calls them):
 *
 *   tsx scripts/dataset/vfssModel.ts parity   --model M.onnx --input in.npy --out DIR
 *       runs the graph with onnxruntime-node (CPU) and writes DIR/<output>.npy per output
 *   tsx scripts/dataset/vfssModel.ts card     --model M.onnx --facts facts.json --out M.model.json
 *       builds the model card, checks it like the app's registry does, writes it
 *   tsx scripts/dataset/vfssModel.ts evaluate --card M.model.json --seed S --phantoms P
 *       [--frames-per-phantom 8] [--difficulty standard] [--out metrics.json]
 *       accuracy through the app's own pipeline (runFrames) on fresh phantom frames
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { ModelCard } from '../../common/models/modelCard';
import type { VfssDifficulty } from '../../common/phantoms';
import { describeTensors } from '../../electron/node/inference/sessions';
import { validateModel } from '../../electron/node/models/validateModel';
import { evaluateVfssModel } from './evaluateVfss';
import { readNpy, writeNpy } from './npy';
import { buildVfssCard, type VfssCardFacts } from './vfssCard';

function need(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

async function openCpu(model: string): Promise<InferenceSession> {
  return InferenceSession.create(model, { executionProviders: ['cpu'], intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
}

async function parity(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { model: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' } } });
  const session = await openCpu(need(values.model, 'model'));
  const input = readNpy(need(values.input, 'input'));
  if (!(input.data instanceof Float32Array)) throw new Error('parity input must be float32');
  const name = session.inputNames[0];
  if (!name) throw new Error('the graph has no input');
  const outputs = await session.run({ [name]: new Tensor('float32', input.data, input.shape) });
  for (const [key, tensor] of Object.entries(outputs)) {
    if (!(tensor.data instanceof Float32Array)) throw new Error(`output ${key} is ${tensor.type}`);
    writeNpy(join(need(values.out, 'out'), `${key}.npy`), 'float32', tensor.dims.map(Number), tensor.data);
  }
  console.log(`onnxruntime-node ${session.inputNames.join(',')} [${input.shape.join('×')}] → ${Object.keys(outputs).join(', ')}`);
}

async function card(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { model: { type: 'string' }, facts: { type: 'string' }, out: { type: 'string' } } });
  const model = need(values.model, 'model');
  const out = need(values.out, 'out');
  if (dirname(model) !== dirname(out)) throw new Error('the card must sit next to its .onnx');
  const facts = JSON.parse(readFileSync(need(values.facts, 'facts'), 'utf8')) as VfssCardFacts;
  const built = buildVfssCard(model, facts);
  writeFileSync(out, JSON.stringify(built, null, 2) + '\n');
  // The app's registry check: schema, sha256, graph inputs/outputs against the card, preprocessing against the input.
  const info = await validateModel(out, 'shipped', async (p) => describeTensors(await openCpu(p)));
  if (info.status !== 'ready') throw new Error(`the card does not pass the registry's checks:\n${info.problems.join('\n')}`);
  console.log(`wrote ${out} (registry check: ${info.status})`);
}

async function evaluate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      card: { type: 'string' },
      seed: { type: 'string' },
      phantoms: { type: 'string' },
      'frames-per-phantom': { type: 'string' },
      difficulty: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const cardPath = need(values.card, 'card');
  const parsed = ModelCard.parse(JSON.parse(readFileSync(cardPath, 'utf8')));
  const session = await openCpu(join(dirname(cardPath), parsed.file));
  const result = await evaluateVfssModel(session, parsed, {
    seed: Number(need(values.seed, 'seed')),
    phantoms: Number(need(values.phantoms, 'phantoms')),
    framesPerPhantom: Number(values['frames-per-phantom'] ?? 8),
    difficulties: (values.difficulty ?? 'standard').split(',') as VfssDifficulty[],
  });
  const text = JSON.stringify(result, null, 2);
  if (values.out) writeFileSync(values.out, text + '\n');
  console.log(text);
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<void>> = { parity, card, evaluate };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error('usage: tsx scripts/dataset/vfssModel.ts parity|card|evaluate [options] (see the file header)');
  process.exit(2);
}
run(rest).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

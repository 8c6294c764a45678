import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ModelInfo } from '../../../common/api';
import { ModelCard, type TensorSpec } from '../../../common/models/modelCard';
import type { TensorInfo } from '../inference/protocol';

export type Inspect = (onnxPath: string) => Promise<{ inputs: TensorInfo[]; outputs: TensorInfo[] }>;

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await fsp.readFile(file)).digest('hex');
}

function compareTensors(kind: 'input' | 'output', card: readonly TensorSpec[], graph: readonly TensorInfo[]): string[] {
  const problems: string[] = [];
  for (const spec of card) {
    const actual = graph.find((g) => g.name === spec.name);
    if (!actual) {
      problems.push(`The card's ${kind} "${spec.name}" is not in the ONNX graph (it has ${graph.map((g) => `"${g.name}"`).join(', ') || 'none'}).`);
      continue;
    }
    if (actual.type !== spec.dtype) problems.push(`${kind} "${spec.name}": the card says ${spec.dtype}, the graph has ${actual.type}.`);
    if (actual.shape.length !== spec.shape.length) {
      problems.push(`${kind} "${spec.name}": the card says ${spec.shape.length} dimensions [${spec.shape.join(', ')}], the graph has [${actual.shape.join(', ')}].`);
      continue;
    }
    spec.shape.forEach((d, i) => {
      const g = actual.shape[i];
      if (typeof d === 'number' && typeof g === 'number' && d !== g) {
        problems.push(`${kind} "${spec.name}" dimension ${i}: the card says ${d}, the graph has ${g}.`);
      }
    });
  }
  return problems;
}

/**
 * Everything that must hold before a model may run: a card that passes the schema, its .onnx next to
 * it with the sha256 the card names, a graph whose inputs and outputs are the card's, and
 * preprocessing that produces the input's channel count and size. Returns every problem found.
 */
export async function validateModel(cardPath: string, source: ModelInfo['source'], inspect: Inspect): Promise<ModelInfo> {
  const base = path.basename(cardPath).replace(/\.model\.json$/, '');
  const info: ModelInfo = { key: base, id: base, version: '', name: base, task: '', clinicalUse: false, source, status: 'invalid', problems: [], card: null, file: cardPath };
  let raw: unknown;
  try {
    raw = JSON.parse(await fsp.readFile(cardPath, 'utf8'));
  } catch (error) {
    info.problems.push(`The model card is not readable JSON: ${(error as Error).message}`);
    return info;
  }
  const parsed = ModelCard.safeParse(raw);
  if (!parsed.success) {
    info.problems.push(...parsed.error.issues.slice(0, 8).map((i) => `Model card field ${i.path.join('.') || '(root)'}: ${i.message}`));
    return info;
  }
  const card = parsed.data;
  Object.assign(info, { key: `${card.id}@${card.version}`, id: card.id, version: card.version, name: card.name, task: card.task, clinicalUse: card.clinicalUse, card });
  const onnx = path.join(path.dirname(cardPath), card.file);
  let sha: string;
  try {
    sha = await sha256File(onnx);
  } catch {
    info.problems.push(`The model file ${card.file} named by the card is missing.`);
    return info;
  }
  if (sha !== card.sha256) {
    info.problems.push(`The model file ${card.file} does not match its card: sha256 ${sha.slice(0, 12)}… instead of ${card.sha256.slice(0, 12)}… (damaged, or the wrong file).`);
    return info;
  }
  let graph;
  try {
    graph = await inspect(onnx);
  } catch (error) {
    info.problems.push(`onnxruntime cannot load ${card.file}: ${(error as Error).message}`);
    return info;
  }
  info.problems.push(...compareTensors('input', card.inputs, graph.inputs), ...compareTensors('output', card.outputs, graph.outputs));
  const input = card.inputs[0];
  const prep = card.preprocessing;
  if (input && input.shape.length === 4) {
    const [, c, h, w] = input.shape;
    if (typeof c === 'number' && c !== prep.channels.length) info.problems.push(`Preprocessing makes ${prep.channels.length} channels but the input takes ${c}.`);
    if (typeof h === 'number' && h !== prep.height) info.problems.push(`Preprocessing makes height ${prep.height} but the input takes ${h}.`);
    if (typeof w === 'number' && w !== prep.width) info.problems.push(`Preprocessing makes width ${prep.width} but the input takes ${w}.`);
  }
  if (card.decoding.type === 'segmentation') {
    for (const cls of card.decoding.classes) {
      if (!card.outputs.some((o) => o.name === cls.output)) info.problems.push(`Decoding class "${cls.name}" reads output "${cls.output}", which the card does not list.`);
    }
  }
  info.status = info.problems.length ? 'invalid' : 'ready';
  return info;
}

import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHostLauncher } from '../../../electron/node/inference/defaultLauncher';
import { HostClient } from '../../../electron/node/inference/HostClient';
import { ModelRegistry } from '../../../electron/node/models/ModelRegistry';
import { installTinyModel, tinyCard } from '../../helpers/modelFixtures';
import { tempDir } from '../../helpers/tempDir';

/** The registry against real ONNX files, inspected by the real inference host process. */
describe('model registry', () => {
  const tmp = tempDir('kestrel-models-');
  const host = new HostClient(defaultHostLauncher());
  const shipped = path.join(tmp.dir, 'shipped');
  const user = path.join(tmp.dir, 'user');
  let registry: ModelRegistry;

  beforeAll(() => {
    registry = new ModelRegistry({ shipped, user }, (p) => host.inspect(p));
  });
  afterAll(() => {
    host.dispose();
    tmp.cleanup();
  });

  async function problemsOf(card: unknown, onnxName?: string, mutate?: (onnx: string) => void): Promise<string[]> {
    const dir = path.join(tmp.dir, `case-${Math.random().toString(16).slice(2)}`);
    const { onnxPath } = installTinyModel(dir, 'tiny-seg.onnx', card, onnxName);
    mutate?.(onnxPath);
    const r = new ModelRegistry({ shipped: dir, user: path.join(dir, 'user') }, (p) => host.inspect(p));
    const list = await r.list();
    expect(list).toHaveLength(1);
    return list[0]?.status === 'ready' ? [] : (list[0]?.problems ?? ['?']);
  }

  it('lists a shipped model whose card, hash and graph agree as ready', async () => {
    installTinyModel(shipped, 'tiny-seg.onnx');
    const list = await registry.list();
    expect(list.map((m) => [m.key, m.status, m.source])).toEqual([['tiny-seg@1.0.0', 'ready', 'shipped']]);
    expect(list[0]?.problems).toEqual([]);
    expect(list[0]?.clinicalUse).toBe(false);
  });

  it('explains each way a model can be wrong', async () => {
    expect(await problemsOf('{ not json')).toEqual([expect.stringMatching(/not readable JSON/)]);
    expect((await problemsOf({ ...tinyCard('tiny-seg.onnx'), id: 'Tiny Seg', clinicalUse: 'no' })).join(' ')).toMatch(/field id: .*lower-case[\s\S]*field clinicalUse/);
    expect(await problemsOf({ ...tinyCard('tiny-seg.onnx'), sha256: 'a'.repeat(64) })).toEqual([expect.stringMatching(/does not match its card: sha256/)]);
    expect(await problemsOf(tinyCard('tiny-seg.onnx'), 'other-name.onnx')).toEqual([expect.stringMatching(/tiny-seg.onnx named by the card is missing/)]);
    const garbage = Buffer.from('this is not an ONNX protobuf at all');
    const corruptCard = { ...tinyCard('tiny-seg.onnx'), sha256: (await import('node:crypto')).createHash('sha256').update(garbage).digest('hex') };
    expect(await problemsOf(corruptCard, undefined, (onnx) => writeFileSync(onnx, garbage))).toEqual([expect.stringMatching(/onnxruntime cannot load tiny-seg.onnx/)]);
    const card = tinyCard('tiny-seg.onnx');
    expect((await problemsOf({ ...card, inputs: [{ name: 'image', shape: ['batch', 5, 32, 32], dtype: 'float32' }] })).join(' ')).toMatch(/input "image" is not in the ONNX graph \(it has "frames"\)/);
    expect((await problemsOf({ ...card, preprocessing: { ...card.preprocessing, channels: card.preprocessing.channels.slice(0, 4) } })).join(' ')).toMatch(/makes 4 channels but the input takes 5/);
    expect((await problemsOf({ ...card, outputs: [{ name: 'bolus', shape: ['batch', 1, 64, 64], dtype: 'float32' }, card.outputs[1]] })).join(' ')).toMatch(/output "bolus" dimension 2: the card says 64, the graph has 32/);
  });

  it('adds a user model atomically, and a wrong one changes nothing', async () => {
    const src = path.join(tmp.dir, 'to-add');
    const good = installTinyModel(src, 'slow-seg.onnx');
    const info = await registry.add([good.onnxPath, good.cardPath]);
    expect(info).toMatchObject({ key: 'slow-seg@1.0.0', status: 'ready', source: 'user' });
    expect((await registry.list()).map((m) => `${m.key}:${m.source}:${m.status}`)).toEqual(['tiny-seg@1.0.0:shipped:ready', 'slow-seg@1.0.0:user:ready']);
    await expect(registry.add([good.onnxPath, good.cardPath])).rejects.toThrow(/already installed/);
    const before = readdirSync(user).sort();
    const bad = installTinyModel(path.join(tmp.dir, 'bad'), 'tiny-seg.onnx', { ...tinyCard('tiny-seg.onnx'), id: 'other', sha256: 'b'.repeat(64) });
    await expect(registry.add([bad.onnxPath, bad.cardPath])).rejects.toThrow(/not added: .*does not match its card/);
    await expect(registry.add([bad.onnxPath])).rejects.toThrow(/two files/);
    expect(readdirSync(user).sort()).toEqual(before);
  });
});

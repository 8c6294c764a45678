/**
 * training/vfss/optimize.py, the exporter's graph rewrites for onnxruntime's CPU provider: a
 * convolution over a block-unaligned channel concatenation becomes per-part convolutions summed, and
 * a 1×1 convolution over few channels on a large plane becomes a MatMul. On a small U-Net-like
 * graph (graph_optimize_fixture.py) through onnxruntime-node: the outputs equal the original
 * graph's, joins with parts under 8 channels are left alone, and onnxruntime fuses the partial sum
 * (and the ReLU) into a convolution: no Concat, Add or ReorderInput runs for the split join. Needs Debian's python3-onnx under /usr/bin/python3 (skipped with the reason without).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';

const PYTHON = '/usr/bin/python3';
const FIXTURE = fileURLToPath(new URL('./graph_optimize_fixture.py', import.meta.url));
const RESIZE = fileURLToPath(new URL('../../../bench/input_size_variant.py', import.meta.url));
const probe = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
if (probe.status !== 0) console.warn(`graphOptimize skipped: ${PYTHON} cannot import onnx (install python3-onnx). ${probe.stderr}`);

/** The kernels a session ran (op and node name), from onnxruntime's profile. */
async function kernelsRun(model: string, dir: string, x: Tensor): Promise<Array<{ op: string; node: string }>> {
  const prefix = path.join(dir, `profile-${path.basename(model)}`);
  const s = await InferenceSession.create(model, { executionProviders: ['cpu'], intraOpNumThreads: 1, graphOptimizationLevel: 'all', enableProfiling: true, profileFilePrefix: prefix });
  await s.run({ x });
  s.endProfiling();
  await s.release();
  const file = readdirSync(dir).find((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.json'));
  if (!file) throw new Error('no onnxruntime profile written');
  const events = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Array<{ cat: string; name: string; args?: { op_name?: string } }>;
  return events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time')).map((e) => ({ op: e.args?.op_name ?? '?', node: e.name.replace(/_kernel_time$/, '') }));
}

/** Largest |a − b| and largest |a| over two outputs of the same shape. */
function compare(a: Float32Array, b: Float32Array): { maxDiff: number; peak: number } {
  let maxDiff = 0;
  let peak = 0;
  for (let i = 0; i < a.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    peak = Math.max(peak, Math.abs(a[i] ?? 0));
  }
  return { maxDiff, peak };
}

describe.skipIf(probe.status !== 0)('exporter graph rewrite (training/vfss/optimize.py)', () => {
  const tmp = tempDir('kestrel-graph-optimize-');
  afterAll(() => tmp.cleanup());
  const run = spawnSync(PYTHON, [FIXTURE, tmp.dir], { encoding: 'utf8' });
  const original = path.join(tmp.dir, 'join.onnx');
  const rewritten = path.join(tmp.dir, 'join.opt.onnx');
  const data = Float32Array.from({ length: 3 * 4 * 96 * 96 }, (_, i) => Math.sin(i * 0.37) * 2);
  const x = new Tensor('float32', data, [3, 4, 96, 96]);

  it('splits only the join with a block-unaligned part of at least 8 channels, and turns the small 1×1 convolutions into MatMul', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}')).toEqual({ split: ['join'], matmul: ['conv_d', 'conv_e', 'head'] });
  });

  it('computes the same outputs as the original graph', async () => {
    const a = await InferenceSession.create(original, { executionProviders: ['cpu'] });
    const b = await InferenceSession.create(rewritten, { executionProviders: ['cpu'] });
    const [ra, rb] = [await a.run({ x }), await b.run({ x })];
    for (const name of ['y', 'z', 'h']) {
      expect(rb[name]?.dims).toEqual(ra[name]?.dims);
      const { maxDiff, peak } = compare(ra[name]?.data as Float32Array, rb[name]?.data as Float32Array);
      expect(peak).toBeGreaterThan(0.1); // the fixture's outputs are not all zero
      expect(maxDiff).toBeLessThan(1e-5 * Math.max(1, peak));
    }
  });

  it('lets onnxruntime fuse the partial sum into a convolution (no Concat, Add or ReorderInput runs for the join)', async () => {
    const before = await kernelsRun(original, tmp.dir, x);
    const after = await kernelsRun(rewritten, tmp.dir, x);
    const ops = (k: Array<{ op: string }>, op: string) => k.filter((e) => e.op === op).length;
    expect(ops(before, 'Concat')).toBe(2);
    // The 3 + 3 join stays; the other Concats build the MatMuls' output shapes (a few int64s).
    expect(after.filter((e) => e.op === 'Concat' && !e.node.endsWith('/planes')).map((e) => e.node)).toEqual(['small_join']);
    expect(after.filter((e) => e.op === 'Add' && e.node.includes('conv_c'))).toEqual([]);
    expect(ops(after, 'ReorderInput')).toBe(0);
    expect(ops(after, 'MatMul')).toBe(3);
    expect(ops(after, 'Conv')).toBe(ops(before, 'Conv') - 3 + 1); // 3 pointwise gone, the join's conv in two parts
  });

  it('still takes another input size (bench/input_size_variant.py), with the same outputs and the sum still fused', async () => {
    const small = new Tensor('float32', data.subarray(0, 2 * 4 * 64 * 64), [2, 4, 64, 64]);
    for (const m of [original, rewritten]) {
      const r = spawnSync(PYTHON, [RESIZE, m, m.replace('.onnx', '.64.onnx'), '64'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    const a = await InferenceSession.create(original.replace('.onnx', '.64.onnx'), { executionProviders: ['cpu'] });
    const b = await InferenceSession.create(rewritten.replace('.onnx', '.64.onnx'), { executionProviders: ['cpu'] });
    const [ra, rb] = [await a.run({ x: small }), await b.run({ x: small })];
    for (const name of ['y', 'z', 'h']) {
      expect(rb[name]?.dims).toEqual([2, name === 'y' ? 8 : name === 'z' ? 2 : 1, 64, 64]);
      expect(compare(ra[name]?.data as Float32Array, rb[name]?.data as Float32Array).maxDiff).toBeLessThan(1e-4);
    }
    const kernels = await kernelsRun(rewritten.replace('.onnx', '.64.onnx'), tmp.dir, small);
    expect(kernels.filter((e) => e.op === 'Add' && e.node.includes('conv_c'))).toEqual([]);
  });
});

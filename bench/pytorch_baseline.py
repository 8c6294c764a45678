#!/usr/bin/python3
"""PyTorch eager timing of the shipped VFSS network, for the pipeline benchmark's baseline.

Builds the same architecture as training/vfss (weights do not change the time), runs it in eval
mode under torch.no_grad with the given thread count on frames of the model's input size, and
prints one JSON line: {"fps": ..., "msPerFrame": ..., "params": ...}.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'training' / 'vfss'))
import model as peci  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--variant', default='full')
    ap.add_argument('--structure-widths', default=None, help='default: training/vfss/train.py DEFAULTS')
    ap.add_argument('--bolus-widths', default=None)
    ap.add_argument('--size', type=int, required=True)
    ap.add_argument('--channels', type=int, default=5)
    ap.add_argument('--frames', type=int, default=300)
    ap.add_argument('--batch', type=int, default=4)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    from train import DEFAULTS  # the widths the shipped model was trained with

    sw = [int(x) for x in a.structure_widths.split(',')] if a.structure_widths else DEFAULTS['structure_widths']
    bw = [int(x) for x in a.bolus_widths.split(',')] if a.bolus_widths else DEFAULTS['bolus_widths']
    net = peci.build(a.variant, sw, bw).to(memory_format=torch.channels_last)
    net = peci.ExportWrapper(net) if hasattr(peci, 'ExportWrapper') else net
    net.eval()
    x = torch.rand(a.batch, a.channels, a.size, a.size).contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        net(x)  # warm-up
        t0 = time.perf_counter()
        done = 0
        while done < a.frames:
            n = min(a.batch, a.frames - done)
            net(x[:n])
            done += n
        dt = time.perf_counter() - t0
    print(json.dumps({'fps': a.frames / dt, 'msPerFrame': 1000 * dt / a.frames, 'params': sum(p.numel() for p in net.parameters())}))


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""PyTorch-eager baselines for the AI pipeline benchmark (bench/pipeline.ts).

--mode network: the shipped VFSS architecture alone (weights do not change the time), best of
  NCHW / channels_last and batch 1 / --batch, in eval mode under torch.no_grad.
--mode pipeline: the same whole pipeline the app runs, written the way a PyTorch user would: the
  decoded frames read from disk (timed, as the app's read of the study file is),
  OpenCV preprocessing (INTER_AREA resize, Laplacian sharpening, CLAHE, double CLAHE, CLAHE +
  sharpening, as common/imaging), the network in PyTorch eager, OpenCV post-processing (bilinear
  upsampling to the frame, threshold, small bolus components removed, run-length encoding).
Prints one JSON line. --configs limits the layouts and batch sizes tried (the benchmark picks the
best config once, then times that one in rounds interleaved with the app's pipeline).
"""
import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'training' / 'vfss'))
import model as peci  # noqa: E402
from train import DEFAULTS  # noqa: E402  the widths the shipped model was trained with


def network(channels_last: bool) -> torch.nn.Module:
    net = peci.ExportWrapper(peci.build('full', DEFAULTS['structure_widths'], DEFAULTS['bolus_widths']))
    if channels_last:
        net = net.to(memory_format=torch.channels_last)
    return net.eval()


def time_network(size: int, frames: int, batch: int, channels_last: bool) -> float:
    net = network(channels_last)
    x = torch.rand(batch, 5, size, size)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        net(x)
        t0 = time.perf_counter()
        done = 0
        while done < frames:
            net(x[: min(batch, frames - done)])
            done += batch
        return frames / (time.perf_counter() - t0)


def rle(mask: np.ndarray) -> np.ndarray:
    flat = mask.ravel()
    edges = np.flatnonzero(np.diff(flat)) + 1
    bounds = np.concatenate(([0], edges, [flat.size]))
    runs = np.diff(bounds)
    return runs if flat[0] == 0 else np.concatenate(([0], runs))


def pipeline(frames_npy: str, size: int, batch: int, channels_last: bool) -> float:
    """Frames/s of the whole pipeline from the stored study (an uncompressed .npy of the decoded
    frames: reading it is this side's decode, as reading and parsing the DICOM file is the app's)."""
    net = network(channels_last)
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    k = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32)

    def prep(f: np.ndarray) -> np.ndarray:
        small = cv2.resize(f, (size, size), interpolation=cv2.INTER_AREA)
        c1 = clahe.apply(small)
        ch = [small, cv2.filter2D(small, -1, k), c1, clahe.apply(c1), cv2.filter2D(c1, -1, k)]
        return (np.stack(ch).astype(np.float32) / 255.0 - 0.5) / 0.25

    with torch.no_grad():
        net(torch.from_numpy(np.stack([prep(np.load(frames_npy, mmap_mode="r")[0])])))
        t0 = time.perf_counter()
        frames = np.load(frames_npy)
        n, h, w = frames.shape
        for s in range(0, n, batch):
            x = torch.from_numpy(np.stack([prep(f) for f in frames[s : s + batch]]))
            if channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            bolus, structures = net(x)
            probs = torch.cat([bolus, structures], 1).numpy()
            for b in range(probs.shape[0]):
                for c in range(4):
                    m = (cv2.resize(probs[b, c], (w, h), interpolation=cv2.INTER_LINEAR) >= 0.5).astype(np.uint8)
                    if c == 0:
                        count, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
                        small = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] < 16) + 1
                        if small.size:
                            m[np.isin(labels, small)] = 0
                    rle(m)
        return n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--mode', choices=['network', 'pipeline'], default='network')
    ap.add_argument('--size', type=int, required=True)
    ap.add_argument('--frames', type=int, default=300)
    ap.add_argument('--frames-npy', help='pipeline mode: N×H×W uint8 frames')
    ap.add_argument('--batch', type=int, default=4)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--configs', default='', help='only these layout/batch configs, e.g. channels_last/batch4 (default: all four)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cv2.setNumThreads(1)
    torch.manual_seed(0)
    configs = {}
    wanted = set(filter(None, a.configs.split(',')))
    for cl in (False, True):
        for b in sorted({1, a.batch}):
            if wanted and f"{'channels_last' if cl else 'nchw'}/batch{b}" not in wanted:
                continue
            if a.mode == 'network':
                best = max(time_network(a.size, a.frames, b, cl) for _ in range(a.rounds))
            else:
                best = max(pipeline(a.frames_npy, a.size, b, cl) for _ in range(a.rounds))
            configs[f"{'channels_last' if cl else 'nchw'}/batch{b}"] = best
    name = max(configs, key=configs.get)
    print(json.dumps({'fps': configs[name], 'best': name, 'configs': configs}))


if __name__ == '__main__':
    main()

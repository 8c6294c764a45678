"""Exports a trained full model as one ONNX graph and checks it against PyTorch through
onnxruntime-node (the runtime the app uses).

    /usr/bin/python3 training/vfss/export.py --checkpoint tmp/vfss/runs/full/checkpoint.pt \\
        --val tmp/vfss/val-standard --out models/vfss-bolus-peci.onnx

Graph: input `frames` float32 [batch, 5, H, W] (normalised channels, dynamic batch); outputs
`bolus` [batch, 1, H, W] and `structures` [batch, 3, H, W] (cervical spine, mandible, hyoid) as
probabilities (the sigmoid is in the graph). The exported graph is then rewritten for
onnxruntime's CPU provider by optimize.py (convolutions split over block-unaligned skip
concatenations, small 1×1 convolutions as matrix products: the same function, ~13 % faster); the parity check runs on the rewritten graph.
Fails unless max |ONNX − PyTorch| < 1e-4.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data as datasets  # noqa: E402
from model import ExportWrapper, build  # noqa: E402
from optimize import describe, optimize  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OPSET = 17
PARITY_TOLERANCE = 1e-4


def load_model(checkpoint: str) -> torch.nn.Module:
    ckpt = torch.load(checkpoint, map_location="cpu")
    cfg = ckpt["config"]
    model = build(ckpt["variant"], cfg["structure_widths"], cfg["bolus_widths"])
    model.load_state_dict(ckpt["state_dict"])
    return model.to(memory_format=torch.contiguous_format).eval()


def export(model: torch.nn.Module, size: int, out: str) -> None:
    wrapper = ExportWrapper(model).eval()
    dummy = torch.zeros(1, 5, size, size)
    torch.onnx.export(
        wrapper,
        dummy,
        out,
        input_names=["frames"],
        output_names=["bolus", "structures"],
        dynamic_axes={"frames": {0: "batch"}, "bolus": {0: "batch"}, "structures": {0: "batch"}},
        opset_version=OPSET,
        do_constant_folding=True,
    )
    graph = onnx.load(out)
    onnx.checker.check_model(graph)
    changes = optimize(graph)
    onnx.save(graph, out)
    print(describe(changes))


def tsx() -> str:
    return os.path.join(REPO, "node_modules", ".bin", "tsx")


def parity(model: torch.nn.Module, onnx_path: str, val: datasets.Dataset, frames: int = 6) -> float:
    """Max |onnxruntime-node − PyTorch| over both outputs for `frames` validation frames (also
    exercises the dynamic batch axis: batch = frames ≠ the export's 1)."""
    idx = np.linspace(0, val.count - 1, frames).round().astype(int)
    x = val.normalise(torch.from_numpy(val.images[idx])).contiguous()
    with torch.no_grad():
        bolus, structures = ExportWrapper(model).eval()(x)
    with tempfile.TemporaryDirectory(prefix="vfss-parity-") as tmp:
        np.save(os.path.join(tmp, "frames.npy"), x.numpy().astype(np.float32))
        subprocess.run(
            [tsx(), "scripts/dataset/vfssModel.ts", "parity", "--model", onnx_path, "--input", os.path.join(tmp, "frames.npy"), "--out", tmp],
            cwd=REPO,
            check=True,
        )
        ort_bolus = np.load(os.path.join(tmp, "bolus.npy"))
        ort_structures = np.load(os.path.join(tmp, "structures.npy"))
    if ort_bolus.shape != tuple(bolus.shape) or ort_structures.shape != tuple(structures.shape):
        raise SystemExit(f"ONNX output shapes {ort_bolus.shape}/{ort_structures.shape} differ from PyTorch {tuple(bolus.shape)}/{tuple(structures.shape)}")
    return float(max(np.abs(ort_bolus - bolus.numpy()).max(), np.abs(ort_structures - structures.numpy()).max()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--val", required=True, help="dataset whose frames feed the parity check")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.set_num_threads(2)
    val = datasets.load(args.val)
    model = load_model(args.checkpoint)
    export(model, val.manifest["width"], args.out)
    diff = parity(model, args.out, val)
    print(f"ONNX parity: max |onnxruntime-node − PyTorch| = {diff:.3g} (tolerance {PARITY_TOLERANCE:g})")
    if not diff < PARITY_TOLERANCE:
        raise SystemExit(f"ONNX parity check failed: {diff:.3g} ≥ {PARITY_TOLERANCE:g}")


if __name__ == "__main__":
    main()

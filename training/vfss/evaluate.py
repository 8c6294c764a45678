"""Evaluates a checkpoint on validation datasets at the model input resolution, exactly as the end
of train.py does (same metrics, same per-frame Dice list), and prints or stores the result.

    /usr/bin/python3 training/vfss/evaluate.py --checkpoint tmp/vfss/runs/cin/checkpoint.pt \\
        --val tmp/vfss/val-standard --val tmp/vfss/val-hard [--update training/vfss/results/metrics-cin.json]

--update rewrites the `val` and `perFrameBolusDice` fields of a metrics file written by the
pipeline (used to add per-frame values to runs trained before train.py recorded them).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Dict, List

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data as datasets  # noqa: E402
from export import load_model  # noqa: E402
from train import DEFAULTS, evaluate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--val", action="append", required=True)
    ap.add_argument("--update", help="metrics JSON whose val / perFrameBolusDice fields are replaced")
    args = ap.parse_args()
    torch.set_num_threads(2)
    model = load_model(args.checkpoint)
    cfg = torch.load(args.checkpoint, map_location="cpu")["config"]
    final: Dict[str, Dict] = {}
    per_frame: Dict[str, List[float | None]] = {}
    for root in args.val:
        ds = datasets.load(root)
        name = os.path.basename(os.path.normpath(root))
        per_frame[name] = []
        final[name] = evaluate(model, ds, cfg.get("threshold", DEFAULTS["threshold"]), cfg.get("min_component_px", DEFAULTS["min_component_px"]), per_frame[name])
    rounded = {k: [None if d is None else round(d, 5) for d in v] for k, v in per_frame.items()}
    if args.update:
        with open(args.update, encoding="utf-8") as f:
            metrics = json.load(f)
        metrics["val"] = final
        metrics["perFrameBolusDice"] = rounded
        with open(args.update, "w", encoding="utf-8") as f:
            json.dump(metrics, f, indent=2)
    print(json.dumps({k: {m: round(v["mean"], 4) for m, v in d.items()} for k, d in final.items()}, indent=1))


if __name__ == "__main__":
    main()

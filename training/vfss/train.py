"""Trains one variant (full PECI-Net, CIN only, plain U-Net) on a dataset written by
`npm run phantoms`, evaluates it on validation datasets after every epoch, and saves the
checkpoint and the learning curve.

    /usr/bin/python3 training/vfss/train.py --train tmp/vfss/train --val tmp/vfss/val-standard \\
        --val tmp/vfss/val-hard --variant full --epochs 6 --out tmp/vfss/full
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import sys
import time
from typing import Dict, List, Tuple

# OpenMP threads that spin while waiting burn the CPU another process (or the other thread) needs;
# on a shared 2-core machine passive waiting keeps training fast under contention.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data as datasets  # noqa: E402
from losses import bolus_loss, segmentation_metrics, structure_loss  # noqa: E402
from model import STRUCTURES, build, count_parameters  # noqa: E402

DEFAULTS = {
    "structure_widths": [16, 24, 32, 48, 64],
    "bolus_widths": [8, 16, 32, 64, 96],
    "batch": 16,
    "lr": 3e-3,
    "weight_decay": 1e-4,
    "structure_weight": 0.5,
    "threshold": 0.5,
    # Source-frame pixels (model card minComponentPx); at model size this is scaled by (size/source)².
    "min_component_px": 16,
}


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def to_input(ds: datasets.Dataset, idx: np.ndarray) -> torch.Tensor:
    return ds.normalise(torch.from_numpy(ds.images[idx])).contiguous(memory_format=torch.channels_last)


def min_component_at_model(ds: datasets.Dataset, min_px_source: int) -> int:
    source = ds.manifest["generator"]["sourceSize"] if "generator" in ds.manifest else ds.manifest["width"]
    scale = ds.manifest["width"] / source
    return int(math.ceil(min_px_source * scale * scale)) if min_px_source > 0 else 0


@torch.no_grad()
def predict(model: torch.nn.Module, ds: datasets.Dataset, batch: int = 32) -> Tuple[np.ndarray, np.ndarray | None]:
    model.eval()
    bolus: List[np.ndarray] = []
    structures: List[np.ndarray] = []
    for start in range(0, ds.count, batch):
        idx = np.arange(start, min(ds.count, start + batch))
        b, s = model(to_input(ds, idx))
        bolus.append(torch.sigmoid(b)[:, 0].numpy())
        if s is not None:
            structures.append(torch.sigmoid(s).numpy())
    return np.concatenate(bolus), (np.concatenate(structures) if structures else None)


def evaluate(
    model: torch.nn.Module, ds: datasets.Dataset, threshold: float, min_px_source: int, per_frame: List[float | None] | None = None
) -> Dict[str, Dict[str, float]]:
    bolus, structures = predict(model, ds)
    strata = [s["stratum"] for s in ds.samples]
    return segmentation_metrics(
        bolus,
        ds.masks[:, 0],
        strata,
        threshold,
        min_component_at_model(ds, min_px_source),
        structures,
        ds.masks[:, 1:] if structures is not None else None,
        list(STRUCTURES),
        per_frame,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--val", action="append", default=[], help="validation dataset (repeatable)")
    ap.add_argument("--variant", default="full", choices=["full", "cin", "unet"])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=DEFAULTS["batch"])
    ap.add_argument("--lr", type=float, default=DEFAULTS["lr"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", required=True, help="folder for checkpoint.pt, curve.csv, metrics.json")
    ap.add_argument("--max-minutes", type=float, default=40.0, help="stop (and say so) if training runs longer")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N training samples (smoke tests)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    os.makedirs(args.out, exist_ok=True)
    train = datasets.load(args.train)
    vals = [datasets.load(v) for v in args.val]
    for v in vals:
        datasets.check_compatible(train, v)
    n = train.count if args.limit <= 0 else min(args.limit, train.count)

    model = build(args.variant, DEFAULTS["structure_widths"], DEFAULTS["bolus_widths"]).to(memory_format=torch.channels_last)
    params = count_parameters(model)
    steps_per_epoch = n // args.batch
    total_steps = steps_per_epoch * args.epochs
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=DEFAULTS["weight_decay"])
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=total_steps, pct_start=0.15, div_factor=20, final_div_factor=200)
    print(f"variant={args.variant} params={params} train={n} steps={total_steps} ({args.epochs} epochs × {steps_per_epoch})", flush=True)

    rng = np.random.default_rng(args.seed)
    curve: List[Dict[str, float]] = []
    t_start = time.time()
    stopped_early = False
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = rng.permutation(n)
        losses: List[float] = []
        t_epoch = time.time()
        cpu_epoch = time.process_time()
        for step in range(steps_per_epoch):
            idx = np.sort(order[step * args.batch : (step + 1) * args.batch])
            x = to_input(train, idx)
            masks = torch.from_numpy(train.masks[idx]).float()
            flip = rng.random(len(idx)) < 0.5
            if flip.any():
                f = torch.from_numpy(flip)
                x[f] = x[f].flip(-1)
                masks[f] = masks[f].flip(-1)
            bolus_logits, structure_logits = model(x)
            loss = bolus_loss(bolus_logits, masks[:, :1])
            if structure_logits is not None:
                loss = loss + DEFAULTS["structure_weight"] * structure_loss(structure_logits, masks[:, 1:])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            losses.append(float(loss))
            if step % 50 == 0:
                rate = (step + 1) * args.batch / (time.time() - t_epoch)
                cpu = (time.process_time() - cpu_epoch) * 1000 / ((step + 1) * args.batch)
                print(f"  epoch {epoch} step {step}/{steps_per_epoch} loss {np.mean(losses[-50:]):.4f} {rate:.1f} samples/s ({cpu:.0f} cpu-ms/sample)", flush=True)
            if (time.time() - t_start) / 60 > args.max_minutes:
                stopped_early = True
                break
        row: Dict[str, float] = {"epoch": epoch, "train_loss": float(np.mean(losses)), "minutes": (time.time() - t_start) / 60}
        for v in vals:
            name = os.path.basename(os.path.normpath(v.root))
            m = evaluate(model, v, DEFAULTS["threshold"], DEFAULTS["min_component_px"])
            row[f"{name}_bolus_dice"] = m["bolus_dice"]["mean"]
            if "cervicalSpine_dice" in m:
                row[f"{name}_structure_dice"] = float(np.mean([m[f"{s}_dice"]["mean"] for s in STRUCTURES]))
        row["minutes_with_eval"] = (time.time() - t_start) / 60
        curve.append(row)
        print("epoch " + " ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()), flush=True)
        if stopped_early:
            print(f"stopped early: training passed --max-minutes {args.max_minutes}", flush=True)
            break

    train_minutes = (time.time() - t_start) / 60
    final: Dict[str, Dict] = {}
    per_frame: Dict[str, List[float | None]] = {}
    for v in vals:
        name = os.path.basename(os.path.normpath(v.root))
        per_frame[name] = []
        final[name] = evaluate(model, v, DEFAULTS["threshold"], DEFAULTS["min_component_px"], per_frame[name])
    torch.save({"variant": args.variant, "config": DEFAULTS, "state_dict": model.state_dict()}, os.path.join(args.out, "checkpoint.pt"))
    with open(os.path.join(args.out, "curve.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(curve[0].keys()))
        writer.writeheader()
        writer.writerows(curve)
    summary = {
        "variant": args.variant,
        "params": params,
        "epochs": len(curve),
        "stoppedEarly": stopped_early,
        "trainSamples": n,
        "batch": args.batch,
        "lr": args.lr,
        "seed": args.seed,
        "config": DEFAULTS,
        "trainMinutes": train_minutes,
        "val": final,
        # Bolus Dice of every validation frame (null: no bolus), in dataset order, for paired comparisons.
        "perFrameBolusDice": {k: [None if d is None else round(d, 5) for d in v] for k, v in per_frame.items()},
    }
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps({k: {m: round(v["mean"], 4) for m, v in d.items()} for k, d in final.items()}, indent=1), flush=True)


if __name__ == "__main__":
    main()

"""training/vfss/results/: results.md (learning curves, ablation, evaluation, timings as tables) and
learning-curve.png (drawn with OpenCV: matplotlib is not in Debian's python3 on the build machines)."""
from __future__ import annotations

import csv
import json
import os
from typing import Dict, List

import numpy as np

VARIANT_NAMES = {"full": "(c) PEN + CIN (shipped)", "cin": "(b) CIN without PEN", "unet": "(a) plain U-Net"}
COLOURS = {"full": (40, 120, 220), "cin": (60, 160, 60), "unet": (90, 90, 90)}  # BGR


def _read_curve(path: str) -> List[Dict[str, float]]:
    with open(path, newline="", encoding="utf-8") as f:
        return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]


def _json(path: str) -> Dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _fmt(summary: Dict[str, float]) -> str:
    return f"{summary['mean']:.3f} ± {summary['sd']:.3f}"


def _plot(curves: Dict[str, List[Dict[str, float]]], vals: List[Dict], out: str) -> None:
    import cv2

    w, h, pad = 520, 340, 50
    canvas = np.full((h + 40, 2 * w, 3), 255, np.uint8)

    def panel(x0: int, title: str, series: List[tuple], ymax: float, ymin: float = 0.0, legend_top: bool = False) -> None:
        cv2.rectangle(canvas, (x0 + pad, 30), (x0 + w - 20, h - pad + 30), (0, 0, 0), 1)
        cv2.putText(canvas, title, (x0 + pad, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
        epochs = max((len(s[1]) for s in series), default=1)
        for i in range(5):
            y = 30 + (h - pad) * i / 4
            cv2.putText(canvas, f"{ymax - (ymax - ymin) * i / 4:.2f}", (x0 + 5, int(y) + 4), cv2.FONT_HERSHEY_SIMPLEX, 0.35, (0, 0, 0), 1, cv2.LINE_AA)
        for e in range(1, epochs + 1):
            x = x0 + pad + (w - 20 - pad) * (e - 1) / max(1, epochs - 1)
            cv2.putText(canvas, str(e), (int(x) - 3, h - pad + 45), cv2.FONT_HERSHEY_SIMPLEX, 0.35, (0, 0, 0), 1, cv2.LINE_AA)
        for k, (label, ys, colour, dashed) in enumerate(series):
            pts = [
                (int(x0 + pad + (w - 20 - pad) * i / max(1, epochs - 1)), int(30 + (h - pad) * (ymax - min(max(y, ymin), ymax)) / (ymax - ymin)))
                for i, y in enumerate(ys)
            ]
            for a, b in zip(pts, pts[1:]):
                if dashed:
                    mid = ((a[0] + b[0]) // 2, (a[1] + b[1]) // 2)
                    cv2.line(canvas, a, mid, colour, 2, cv2.LINE_AA)
                else:
                    cv2.line(canvas, a, b, colour, 2, cv2.LINE_AA)
            for p in pts:
                cv2.circle(canvas, p, 3, colour, -1, cv2.LINE_AA)
            ly = 50 + 16 * k if legend_top else h - pad + 20 - 16 * (len(series) - k)
            cv2.putText(canvas, label, (x0 + w // 2, ly), cv2.FONT_HERSHEY_SIMPLEX, 0.4, colour, 1, cv2.LINE_AA)

    loss_series = [(f"{v} train loss", [r["train_loss"] for r in c], COLOURS[v], False) for v, c in curves.items()]
    ymax = max((max(s[1]) for s in loss_series), default=1.0)
    panel(0, "training loss per epoch (unet: bolus terms only)", loss_series, float(np.ceil(ymax * 2) / 2), legend_top=True)
    dice_series = []
    for v, c in curves.items():
        for spec in vals:
            key = f"{spec['name']}_bolus_dice"
            if c and key in c[0]:
                dice_series.append((f"{v} {spec['name']}", [r[key] for r in c], COLOURS[v], spec["difficulty"] == "hard"))
    low = min((min(s[1]) for s in dice_series), default=0.0)
    panel(w, "val bolus Dice per epoch (model input; hard dashed)", dice_series, 1.0, float(np.floor(low * 10) / 10))
    cv2.putText(canvas, "epoch", (w - 20, h + 35), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1, cv2.LINE_AA)
    cv2.imwrite(out, canvas)


def _paired(metrics: Dict[str, Dict], vals: List[Dict]) -> List[str]:
    """Per-frame differences on the same validation frames: is a gap larger than its noise?"""
    pairs = [(a, b) for a, b in (("full", "cin"), ("full", "unet"), ("cin", "unet")) if all("perFrameBolusDice" in metrics.get(v, {}) for v in (a, b))]
    if not pairs:
        return []
    out = [
        "Paired comparison (same frames; difference of per-frame bolus Dice, mean ± standard error, and how many frames each variant wins by more than 0.01):",
        "",
        "| comparison | set | mean difference | frames better / worse |",
        "|---|---|---|---|",
    ]
    for a, b in pairs:
        for spec in vals:
            xa = metrics[a]["perFrameBolusDice"][spec["name"]]
            xb = metrics[b]["perFrameBolusDice"][spec["name"]]
            d = np.array([p - q for p, q in zip(xa, xb) if p is not None and q is not None], dtype=np.float64)
            se = d.std(ddof=1) / np.sqrt(d.size) if d.size > 1 else float("nan")
            out.append(f"| {a} − {b} | {spec['name']} | {d.mean():+.4f} ± {se:.4f} | {(d > 0.01).sum()} / {(d < -0.01).sum()} of {d.size} |")
    return out + [""]


def write(results: str, vals: List[Dict]) -> None:
    curves = {v: _read_curve(os.path.join(results, f"curve-{v}.csv")) for v in ("unet", "cin", "full") if os.path.exists(os.path.join(results, f"curve-{v}.csv"))}
    metrics = {v: _json(os.path.join(results, f"metrics-{v}.json")) for v in curves if os.path.exists(os.path.join(results, f"metrics-{v}.json"))}
    lines = ["# VFSS bolus model — results", "", "Written by `training/vfss/report.py` (called by `npm run train:vfss`). Do not edit by hand.", ""]

    if metrics:
        lines += ["## Ablation (same data, same epochs; bolus Dice at the model input, mean ± sd over frames with bolus)", ""]
        header = "| variant | params | train min | " + " | ".join(f"bolus Dice {s['name']}" for s in vals) + " | " + " | ".join(f"structures {s['name']} (spine / mandible / hyoid)" for s in vals) + " |"
        lines += [header, "|" + "---|" * (3 + 2 * len(vals))]
        for v in ("unet", "cin", "full"):
            if v not in metrics:
                continue
            m = metrics[v]
            cells = [VARIANT_NAMES[v], f"{m['params']:,}", f"{m['trainMinutes']:.1f}"]
            cells += [_fmt(m["val"][s["name"]]["bolus_dice"]) for s in vals]
            for s in vals:
                val = m["val"][s["name"]]
                cells.append(" / ".join(f"{val[f'{k}_dice']['mean']:.3f}" for k in ("cervicalSpine", "mandible", "hyoid")) if "cervicalSpine_dice" in val else "—")
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", "Per swallow phase (model input, mean Dice over frames with bolus):", ""]
        lines += ["| variant | set | pharyngeal | oral | residue-only | global Dice | empty frames with a false positive |", "|---|---|---|---|---|---|---|"]
        for v in ("unet", "cin", "full"):
            if v not in metrics:
                continue
            for s in vals:
                val = metrics[v]["val"][s["name"]]
                lines.append(
                    f"| {VARIANT_NAMES[v]} | {s['name']} | {val['bolus_dice_pharyngeal']['mean']:.3f} | {val['bolus_dice_oral']['mean']:.3f} | "
                    f"{val['bolus_dice_residue']['mean']:.3f} | {val['bolus_global_dice']['mean']:.3f} | {val['empty_fp_rate']['mean']:.3f} (n={val['empty_fp_rate']['n']}) |"
                )
        lines.append("")
        lines += _paired(metrics, vals)

    evals = {s["name"]: os.path.join(results, f"eval-{s['name']}.json") for s in vals}
    if all(os.path.exists(p) for p in evals.values()):
        lines += ["## Shipped model through the app's pipeline (onnxruntime-node, runFrames, 512² source masks)", ""]
        lines += ["| set | frames | bolus Dice | pharyngeal | oral | residue-only | global | empty-frame FP | model-input Dice | spine | mandible | hyoid | ms/frame |", "|" + "---|" * 13]
        for name, path in evals.items():
            e = _json(path)
            sd = e["structureDice"]
            lines.append(
                f"| {name} | {e['frames']} | {_fmt(e['bolusDice'])} | {e['bolusDiceByStratum']['pharyngeal']['mean']:.3f} | "
                f"{e['bolusDiceByStratum']['oral']['mean']:.3f} | {e['bolusDiceByStratum']['residue']['mean']:.3f} | {e['bolusGlobalDice']:.3f} | "
                f"{e['emptyFalsePositiveRate']['mean']:.3f} (n={e['emptyFalsePositiveRate']['n']}) | {_fmt(e['modelResolution']['bolusDice'])} | "
                f"{sd['cervicalSpine']['mean']:.3f} | {sd['mandible']['mean']:.3f} | {sd['hyoid']['mean']:.3f} | {e['msPerFrame']:.1f} |"
            )
        lines.append("")

    if curves:
        lines += ["## Learning curves", "", "![learning curves](learning-curve.png)", ""]
        for v, c in curves.items():
            keys = [k for k in c[0] if k not in ("epoch",)]
            lines += [f"### {VARIANT_NAMES[v]}", "", "| epoch | " + " | ".join(keys) + " |", "|" + "---|" * (len(keys) + 1)]
            for r in c:
                lines.append(f"| {int(r['epoch'])} | " + " | ".join(f"{r[k]:.4f}" for k in keys) + " |")
            lines.append("")
        _plot(curves, vals, os.path.join(results, "learning-curve.png"))

    for name in ("full", "ablation", "reexport"):
        p = os.path.join(results, f"timings-{name}.json")
        if os.path.exists(p):
            t = _json(p)
            lines += [f"## Wall time: `npm run train:vfss{'' if name == 'full' else ' -- --' + name}`", ""]
            lines += [f"- {k}: {v}" for k, v in t.items()]
            lines.append("")

    with open(os.path.join(results, "results.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))

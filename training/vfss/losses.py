"""Losses for a small foreground (the bolus is ~0.5 % of a frame's pixels) and frame-wise metrics."""
from __future__ import annotations

from typing import Dict, List, Optional

import numpy as np
import torch
import torch.nn.functional as F


def soft_dice_loss(logits: torch.Tensor, target: torch.Tensor, eps: float = 1.0) -> torch.Tensor:
    """1 − soft Dice per channel, over the whole batch (frames without foreground still count
    through their false positives), averaged over channels. logits/target [B,K,H,W]."""
    p = torch.sigmoid(logits)
    inter = (p * target).sum(dim=(0, 2, 3))
    denom = p.sum(dim=(0, 2, 3)) + target.sum(dim=(0, 2, 3))
    return (1 - (2 * inter + eps) / (denom + eps)).mean()


def per_frame_dice_loss(logits: torch.Tensor, target: torch.Tensor, eps: float = 1.0) -> torch.Tensor:
    """1 − soft Dice per frame, averaged over the frames that have foreground: a few pixels of
    residue weigh as much as a whole bolus, as in the per-frame metric. [B,1,H,W]."""
    p = torch.sigmoid(logits).flatten(1)
    t = target.flatten(1)
    has = t.sum(1) > 0
    if not bool(has.any()):
        return logits.sum() * 0
    inter = (p * t).sum(1)
    dice = (2 * inter + eps) / (p.sum(1) + t.sum(1) + eps)
    return (1 - dice[has]).mean()


def bolus_loss(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """BCE (pixel-level, keeps empty frames empty) + Dice (handles the imbalance)."""
    bce = F.binary_cross_entropy_with_logits(logits, target)
    return bce + 0.5 * soft_dice_loss(logits, target) + 0.5 * per_frame_dice_loss(logits, target)


def structure_loss(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(logits, target) + soft_dice_loss(logits, target)


def remove_small(mask: np.ndarray, min_px: int) -> np.ndarray:
    """Drops 8-connected components smaller than min_px (as common/imaging removeSmallComponents)."""
    if min_px <= 1 or not mask.any():
        return mask
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    keep = np.zeros(n, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_px
    return keep[labels].astype(np.uint8)


def frame_dice(pred: np.ndarray, truth: np.ndarray) -> float:
    """2|A∩B| / (|A| + |B|); two empty masks agree (1), as common/measure/overlap.ts."""
    a = pred.astype(bool)
    b = truth.astype(bool)
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else float(2 * (a & b).sum() / s)


def summarise(values: List[float]) -> Dict[str, float]:
    if not values:
        return {"mean": float("nan"), "sd": float("nan"), "n": 0}
    arr = np.asarray(values, dtype=np.float64)
    return {"mean": float(arr.mean()), "sd": float(arr.std()), "n": int(arr.size)}


def segmentation_metrics(
    bolus_prob: np.ndarray,
    bolus_truth: np.ndarray,
    strata: List[str],
    threshold: float,
    min_px: int,
    structure_prob: Optional[np.ndarray] = None,
    structure_truth: Optional[np.ndarray] = None,
    structure_names: Optional[List[str]] = None,
    per_frame: Optional[List[Optional[float]]] = None,
) -> Dict[str, Dict[str, float]]:
    """Frame-wise metrics at model resolution. bolus_* [N,H,W], structure_* [N,3,H,W].

    - `bolus_dice`: mean ± sd over frames whose truth has bolus;
    - per stratum (`bolus_dice_pharyngeal`, …) the same restricted to that stratum;
    - `bolus_global_dice`: one Dice over all pixels of all frames;
    - `empty_fp_rate`: share of bolus-free frames where any bolus pixel is predicted;
    - `<structure>_dice`: mean over frames whose truth has that structure.

    `per_frame`, when given, receives each frame's bolus Dice (None for bolus-free frames), for
    paired comparisons between models on the same frames.
    """
    out: Dict[str, Dict[str, float]] = {}
    dices: Dict[str, List[float]] = {"all": []}
    empty_fp: List[float] = []
    inter = 0
    total = 0
    for i in range(bolus_prob.shape[0]):
        pred = remove_small((bolus_prob[i] >= threshold).astype(np.uint8), min_px)
        truth = bolus_truth[i]
        inter += int((pred.astype(bool) & truth.astype(bool)).sum())
        total += int(pred.sum() + truth.sum())
        if truth.any():
            d = frame_dice(pred, truth)
            dices["all"].append(d)
            dices.setdefault(strata[i], []).append(d)
        else:
            d = None
            empty_fp.append(1.0 if pred.any() else 0.0)
        if per_frame is not None:
            per_frame.append(d)
    out["bolus_dice"] = summarise(dices["all"])
    for stratum in ("oral", "pharyngeal", "residue"):
        out[f"bolus_dice_{stratum}"] = summarise(dices.get(stratum, []))
    out["bolus_global_dice"] = {"mean": 2 * inter / total if total else 1.0, "sd": 0.0, "n": int(bolus_prob.shape[0])}
    out["empty_fp_rate"] = summarise(empty_fp)
    if structure_prob is not None and structure_truth is not None and structure_names is not None:
        for k, name in enumerate(structure_names):
            values = [
                frame_dice(structure_prob[i, k] >= threshold, structure_truth[i, k])
                for i in range(structure_prob.shape[0])
                if structure_truth[i, k].any()
            ]
            out[f"{name}_dice"] = summarise(values)
    return out

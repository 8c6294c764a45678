"""Reads a segmentation dataset in the layout of training/DATASET.md (dataset.json + images.npy +
masks.npy), as written by `npm run phantoms` today and by the app's labelled-dataset export later."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Dict, List

import numpy as np
import torch

FORMAT = "kestrel-segmentation-dataset"


@dataclass
class Dataset:
    root: str
    manifest: Dict
    images: np.ndarray  # N×C×H×W uint8
    masks: np.ndarray  # N×K×H×W uint8 (0/1)

    @property
    def count(self) -> int:
        return int(self.images.shape[0])

    @property
    def classes(self) -> List[str]:
        return list(self.manifest["classes"])

    @property
    def samples(self) -> List[Dict]:
        return list(self.manifest["samples"])

    def normalise(self, uint8: torch.Tensor) -> torch.Tensor:
        """Bytes → model input exactly as preprocessFrame scales them: (v / 255 − mean) / std, float32."""
        prep = self.manifest["preprocessing"]
        table = torch.tensor([(v / 255 - prep["mean"]) / prep["std"] for v in range(256)], dtype=torch.float32)
        return table[uint8.long()]


def load(root: str) -> Dataset:
    with open(os.path.join(root, "dataset.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != FORMAT or manifest.get("version") != 1:
        raise ValueError(f"{root}: not a {FORMAT} v1 dataset")
    images = np.load(os.path.join(root, manifest["files"]["images"]))
    masks = np.load(os.path.join(root, manifest["files"]["masks"]))
    n, c, h, w = images.shape
    if images.dtype != np.uint8 or masks.dtype != np.uint8:
        raise ValueError(f"{root}: images and masks must be uint8")
    if n != manifest["count"] or masks.shape != (n, len(manifest["classes"]), h, w) or c != len(manifest["channels"]):
        raise ValueError(f"{root}: array shapes {images.shape} / {masks.shape} do not match dataset.json")
    if (h, w) != (manifest["height"], manifest["width"]):
        raise ValueError(f"{root}: arrays are {h}×{w}, dataset.json says {manifest['height']}×{manifest['width']}")
    return Dataset(root, manifest, images, masks)


def check_compatible(train: Dataset, other: Dataset) -> None:
    """Training and validation must share preprocessing, size and classes, and no phantom seed."""
    if train.manifest["preprocessing"] != other.manifest["preprocessing"] or train.classes != other.classes:
        raise ValueError(f"{other.root}: preprocessing or classes differ from {train.root}")
    seeds = {s["phantomSeed"] for s in train.samples}
    shared = seeds.intersection(s["phantomSeed"] for s in other.samples)
    if shared:
        raise ValueError(f"{other.root} shares phantom seeds with {train.root}: {sorted(shared)[:5]}…")

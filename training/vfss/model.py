"""PECI-Net-style networks for VFSS bolus segmentation (Park et al. 2024, arXiv 2403.14191).

- PEN (preprocessing ensemble network): fuses the fixed enhancements (identity, Laplacian
  sharpening, CLAHE, double CLAHE, CLAHE + sharpening) into a few learned channels; trained jointly.
- CIN (cascaded inference network): stage 1 segments the structures X-ray shows clearly (cervical
  spine, mandible, hyoid); stage 2 segments the bolus from the fused image plus the stage-1
  probabilities. Asymmetric: the bolus sees the structures, the structures never see the bolus.

Every variant returns logits `(bolus [B,1,H,W], structures [B,3,H,W] or None)`; `ExportWrapper`
puts the sigmoid inside the exported graph.
"""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import torch
from torch import nn
import torch.nn.functional as F

STRUCTURES = ("cervicalSpine", "mandible", "hyoid")


def conv_bn_relu(cin: int, cout: int, k: int = 3) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, padding=k // 2, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class DoubleConv(nn.Sequential):
    def __init__(self, cin: int, cout: int) -> None:
        super().__init__(conv_bn_relu(cin, cout), conv_bn_relu(cout, cout))


class UNet(nn.Module):
    """A small U-Net: one level per width (len(widths) - 1 poolings), bilinear upsampling +
    concatenation. Input sides must be divisible by 2**(len(widths) - 1)."""

    def __init__(self, cin: int, cout: int, widths: Sequence[int]) -> None:
        super().__init__()
        self.down = nn.ModuleList()
        prev = cin
        for w in widths:
            self.down.append(DoubleConv(prev, w))
            prev = w
        self.up = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.up.append(DoubleConv(prev + w, w))
            prev = w
        self.head = nn.Conv2d(prev, cout, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips: List[torch.Tensor] = []
        for i, block in enumerate(self.down):
            if i > 0:
                x = F.max_pool2d(x, 2)
            x = block(x)
            skips.append(x)
        skips.pop()
        for block in self.up:
            skip = skips.pop()
            x = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
            x = block(torch.cat([x, skip], dim=1))
        return self.head(x)


class PEN(nn.Module):
    """Learned fusion of the preprocessing ensemble: per-pixel mixing (1×1), local context (3×3),
    then `cout` fused channels. Starts close to "mean of the enhancements" so early training sees a
    sensible image."""

    def __init__(self, cin: int = 5, hidden: int = 16, cout: int = 3) -> None:
        super().__init__()
        self.mix = conv_bn_relu(cin, hidden, 1)
        self.context = conv_bn_relu(hidden, hidden, 3)
        self.out = nn.Conv2d(hidden, cout, 1)
        self.skip = nn.Conv2d(cin, cout, 1)
        with torch.no_grad():
            self.skip.weight.fill_(1.0 / cin)
            self.skip.bias.zero_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.skip(x) + self.out(self.context(self.mix(x)))


class PlainUNet(nn.Module):
    """Ablation (a): one U-Net on the identity channel only, bolus only."""

    def __init__(self, widths: Sequence[int]) -> None:
        super().__init__()
        self.net = UNet(1, 1, widths)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        return self.net(x[:, :1]), None


class PECINet(nn.Module):
    """CIN cascade, with PEN in front (full model) or on the identity channel alone (ablation (b)).

    The structure stage runs at half resolution (the structures are large; their probabilities are
    context for the bolus stage, upsampled back), which makes it ~4× cheaper; the bolus stage runs
    at full resolution.
    """

    def __init__(
        self,
        use_pen: bool,
        structure_widths: Sequence[int],
        bolus_widths: Sequence[int],
        in_channels: int = 5,
        fused: int = 3,
        pen_hidden: int = 8,
    ) -> None:
        super().__init__()
        self.pen = PEN(in_channels, pen_hidden, fused) if use_pen else None
        image_channels = fused if use_pen else 1
        self.structures = UNet(image_channels, len(STRUCTURES), structure_widths)
        self.bolus = UNet(image_channels + len(STRUCTURES), 1, bolus_widths)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, Optional[torch.Tensor]]:
        image = self.pen(x) if self.pen is not None else x[:, :1]
        half = F.avg_pool2d(image, 2)
        structure_logits = F.interpolate(self.structures(half), scale_factor=2.0, mode="bilinear", align_corners=False)
        context = torch.sigmoid(structure_logits)
        bolus_logits = self.bolus(torch.cat([image, context], dim=1))
        return bolus_logits, structure_logits


VARIANTS = {
    "full": "PEN + CIN: learned fusion of the 5 preprocessing channels, structures → bolus cascade",
    "cin": "CIN without PEN: the same cascade on the raw frame (identity channel only)",
    "unet": "plain U-Net on the raw frame (identity channel only), bolus only",
}


def build(variant: str, structure_widths: Sequence[int], bolus_widths: Sequence[int]) -> nn.Module:
    if variant == "full":
        return PECINet(True, structure_widths, bolus_widths)
    if variant == "cin":
        return PECINet(False, structure_widths, bolus_widths)
    if variant == "unet":
        return PlainUNet(bolus_widths)
    raise ValueError(f"unknown variant {variant!r} ({' | '.join(VARIANTS)})")


class ExportWrapper(nn.Module):
    """Inference graph: normalised frames [B,5,H,W] → probabilities (`bolus`, `structures`)."""

    def __init__(self, model: PECINet) -> None:
        super().__init__()
        self.model = model

    def forward(self, frames: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        bolus, structures = self.model(frames)
        assert structures is not None
        return torch.sigmoid(bolus), torch.sigmoid(structures)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())

"""`npm run train:vfss`: rebuilds the shipped VFSS bolus model from scratch.

    phantom datasets (fixed seeds) → train the full PECI-Net-style model → export ONNX → parity check
    through onnxruntime-node → accuracy through the app's pipeline on fresh phantoms → model card

`npm run train:vfss -- --ablation` trains the ablation variants (plain U-Net, CIN without PEN) on
the same data with the same budget and adds the table to the card and the results.

Datasets and runs live under --work (default tmp/vfss, gitignored); a dataset is reused when its
dataset.json records the same generator command (--fresh regenerates). Small results (learning
curves, metrics, timings, the plot) are written to training/vfss/results/ and committed.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from typing import Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
RESULTS = os.path.join(HERE, "results")
MODEL_ID = "vfss-bolus-peci"
MODEL_VERSION = "1.1.0"  # 1.1.0: the same weights as 1.0.0 in the optimised graph (optimize.py)
ONNX_PATH = os.path.join("models", f"{MODEL_ID}.onnx")
CARD_PATH = os.path.join("models", f"{MODEL_ID}.model.json")

SIZE = 160
EPOCHS = 4
TRAIN = {"name": "train", "count": 4800, "seed": 10000, "difficulty": "standard,hard", "val": False}
VALS = [
    {"name": "val-standard", "count": 320, "seed": 900000, "difficulty": "standard", "val": True},
    {"name": "val-hard", "count": 320, "seed": 950000, "difficulty": "hard", "val": True},
]
FRAMES_PER_PHANTOM = {False: 16, True: 8}
THRESHOLD = 0.5
MIN_COMPONENT_PX = 16


def log(line: str) -> None:
    print(f"[{datetime.datetime.now().strftime('%H:%M:%S')}] {line}", flush=True)


def tsx() -> str:
    return os.path.join(REPO, "node_modules", ".bin", "tsx")


def run(cmd: List[str], log_path: str | None = None) -> None:
    """Runs a step in the repo root; its output goes to the console (and to log_path)."""
    log("$ " + " ".join(cmd))
    if log_path is None:
        subprocess.run(cmd, cwd=REPO, check=True)
        return
    with open(log_path, "w", encoding="utf-8") as f:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            f.write(line)
        if proc.wait() != 0:
            raise SystemExit(f"step failed ({proc.returncode}): {' '.join(cmd)} — see {log_path}")


def dataset_args(spec: Dict, work: str) -> List[str]:
    args = [
        "vfss",
        "--count", str(spec["count"]),
        "--seed", str(spec["seed"]),
        "--out", os.path.join(work, spec["name"]),
        "--size", str(SIZE),
        "--difficulty", spec["difficulty"],
        "--frames-per-phantom", str(FRAMES_PER_PHANTOM[spec["val"]]),
    ]
    return args + (["--val"] if spec["val"] else [])


def dataset_command(spec: Dict, work: str) -> str:
    return "npm run phantoms -- " + " ".join(dataset_args(spec, work))


def ensure_dataset(spec: Dict, work: str, fresh: bool) -> float:
    """Writes the dataset unless an identical one is there; returns the seconds spent."""
    root = os.path.join(work, spec["name"])
    manifest = os.path.join(root, "dataset.json")
    command = dataset_command(spec, work)
    if not fresh and os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            if json.load(f)["generator"]["command"] == command:
                log(f"dataset {spec['name']}: reusing {root} (same generator command)")
                return 0.0
    shutil.rmtree(root, ignore_errors=True)
    t = time.time()
    run([tsx(), "scripts/phantoms.ts", *dataset_args(spec, work)])
    return time.time() - t


def train_variant(variant: str, work: str, epochs: int) -> Dict:
    out = os.path.join(work, "runs", variant)
    os.makedirs(out, exist_ok=True)
    cmd = [sys.executable, "training/vfss/train.py", "--train", os.path.join(work, TRAIN["name"])]
    for v in VALS:
        cmd += ["--val", os.path.join(work, v["name"])]
    cmd += ["--variant", variant, "--epochs", str(epochs), "--out", out]
    t = time.time()
    run(cmd, os.path.join(out, "train.log"))
    with open(os.path.join(out, "metrics.json"), encoding="utf-8") as f:
        metrics = json.load(f)
    metrics["wallMinutes"] = (time.time() - t) / 60
    os.makedirs(RESULTS, exist_ok=True)
    shutil.copyfile(os.path.join(out, "curve.csv"), os.path.join(RESULTS, f"curve-{variant}.csv"))
    with open(os.path.join(RESULTS, f"metrics-{variant}.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2)
    return metrics


def evaluate_command(spec: Dict) -> List[str]:
    phantoms = spec["count"] // FRAMES_PER_PHANTOM[True]
    return [
        "npx", "tsx", "scripts/dataset/vfssModel.ts", "evaluate", "--card", CARD_PATH,
        "--seed", str(spec["seed"]), "--phantoms", str(phantoms),
        "--frames-per-phantom", str(FRAMES_PER_PHANTOM[True]), "--difficulty", spec["difficulty"],
    ]


def card_metrics(evaluations: Dict[str, Dict], parity: float) -> List[Dict]:
    metrics: List[Dict] = []
    for spec in VALS:
        ev = evaluations[spec["name"]]
        phantoms = spec["count"] // FRAMES_PER_PHANTOM[True]
        dataset = (
            f"{spec['name']}: {ev['frames']} frames of {phantoms} fresh {spec['difficulty']} phantoms "
            f"(seeds {spec['seed']}–{spec['seed'] + phantoms - 1}, never used in training), "
            f"{FRAMES_PER_PHANTOM[True]} per phantom drawn by scripts/dataset/vfssSampling.ts"
        )
        command = " ".join(evaluate_command(spec))
        src = "512² source frame, app decoding (runFrames: threshold, bilinear upsampling, minComponentPx)"
        mdl = f"{SIZE}² model input, mask resized by maskToModel (INTER_AREA, ≥ 0.5)"

        def add(name: str, value: float) -> None:
            metrics.append({"name": name, "value": round(float(value), 4), "dataset": dataset, "command": command})

        add(f"bolus Dice, mean over frames with bolus ({src})", ev["bolusDice"]["mean"])
        add(f"bolus Dice, sd over frames with bolus ({src})", ev["bolusDice"]["sd"])
        for stratum in ("pharyngeal", "oral", "residue"):
            add(f"bolus Dice, {stratum} frames ({src})", ev["bolusDiceByStratum"][stratum]["mean"])
        add(f"bolus global Dice, all pixels of all frames ({src})", ev["bolusGlobalDice"])
        add(f"empty frames with any predicted bolus, share ({src})", ev["emptyFalsePositiveRate"]["mean"])
        add(f"bolus Dice, mean over frames with bolus ({mdl})", ev["modelResolution"]["bolusDice"]["mean"])
        add(f"bolus Dice, sd over frames with bolus ({mdl})", ev["modelResolution"]["bolusDice"]["sd"])
        for structure, summary in ev["structureDice"].items():
            add(f"{structure} Dice, mean over frames showing it ({src})", summary["mean"])
    metrics.append(
        {
            "name": "ONNX parity, max |onnxruntime-node − PyTorch| over both outputs",
            "value": float(f"{parity:.3g}"),
            "dataset": "6 frames of val-standard (batch of 6: the dynamic batch axis)",
            "command": "/usr/bin/python3 training/vfss/export.py --checkpoint tmp/vfss/runs/full/checkpoint.pt --val tmp/vfss/val-standard --out models/vfss-bolus-peci.onnx",
        }
    )
    return metrics


def training_facts(full: Dict, work: str) -> Dict:
    phantoms = -(-TRAIN["count"] // FRAMES_PER_PHANTOM[False])
    return {
        "data": (
            f"{TRAIN['count']} frames of {phantoms} synthetic VFSS phantoms (common/phantoms: 512², 300 frames at 30 fps, "
            f"difficulty alternating {TRAIN['difficulty'].replace(',', '/')}, seeds {TRAIN['seed']}–{TRAIN['seed'] + phantoms - 1}), "
            f"{FRAMES_PER_PHANTOM[False]} frames per phantom stratified by swallow phase (scripts/dataset/vfssSampling.ts); "
            f"written by `{dataset_command(TRAIN, 'tmp/vfss')}` in the layout of training/DATASET.md. "
            "Targets: bolus, cervical spine, mandible and hyoid masks of the phantom, resized like the image."
        ),
        "command": "npm run train:vfss",
        "date": datetime.date.today().isoformat(),
        "notes": (
            f"PEN (5 channels → 3, 1×1 + 3×3 convs) + CIN (structure U-Net at half resolution → bolus U-Net on PEN output + structure "
            f"probabilities), {full['params']} parameters, {full['epochs']} epochs × {full['trainSamples']} frames, batch {full['batch']}, "
            f"AdamW + one-cycle lr {full['lr']}, loss BCE + soft Dice (bolus; batch and per-frame) + 0.5 × (BCE + Dice) for structures, "
            f"random horizontal flips, seed {full['seed']}. Trained in {full['trainMinutes']:.1f} min on 2 CPU cores (PyTorch 1.13). "
            "Learning curves and the ablation: training/vfss/README.md and training/vfss/results/."
        ),
    }


def write_card(facts: Dict, work: str) -> None:
    path = os.path.join(work, "card-facts.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(facts, f, indent=2)
    run([tsx(), "scripts/dataset/vfssModel.ts", "card", "--model", ONNX_PATH, "--facts", path, "--out", CARD_PATH])
    shutil.copyfile(path, os.path.join(RESULTS, "card-facts.json"))


def ablation_rows() -> List[Dict]:
    rows = []
    from model import VARIANTS

    for variant in ("unet", "cin", "full"):
        path = os.path.join(RESULTS, f"metrics-{variant}.json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            m = json.load(f)
        metrics: Dict[str, float] = {"params": m["params"], "trainMinutes": round(m["trainMinutes"], 1)}
        for spec in VALS:
            key = spec["difficulty"].capitalize()
            v = m["val"][spec["name"]]
            metrics[f"bolusDice{key}"] = round(v["bolus_dice"]["mean"], 4)
            metrics[f"bolusDice{key}Sd"] = round(v["bolus_dice"]["sd"], 4)
            if "cervicalSpine_dice" in v:
                for s in ("cervicalSpine", "mandible", "hyoid"):
                    metrics[f"{s}Dice{key}"] = round(v[f"{s}_dice"]["mean"], 4)
        full_path = os.path.join(RESULTS, "metrics-full.json")
        if variant != "full" and os.path.exists(full_path) and "perFrameBolusDice" in m:
            with open(full_path, encoding="utf-8") as f:
                full = json.load(f)
            for spec in VALS:
                key = spec["difficulty"].capitalize()
                pairs = [(a, b) for a, b in zip(full.get("perFrameBolusDice", {}).get(spec["name"], []), m["perFrameBolusDice"][spec["name"]]) if a is not None and b is not None]
                if len(pairs) > 1:
                    d = [a - b for a, b in pairs]
                    mean = sum(d) / len(d)
                    se = (sum((x - mean) ** 2 for x in d) / (len(d) - 1) / len(d)) ** 0.5
                    metrics[f"pairedFullMinusThis{key}"] = round(mean, 4)
                    metrics[f"pairedFullMinusThis{key}Se"] = round(se, 4)
        rows.append(
            {
                "variant": variant,
                "description": VARIANTS[variant]
                + f" — bolus Dice at the {SIZE}² model input, mean over frames with bolus of val-standard / val-hard (same frames, data and epochs for every variant)",
                "metrics": metrics,
            }
        )
    return rows


def refresh_card_ablation(work: str) -> None:
    """Rewrites the shipped card with the ablation table from results/ (the model file is unchanged)."""
    facts_path = os.path.join(RESULTS, "card-facts.json")
    if not (os.path.exists(facts_path) and os.path.exists(ONNX_PATH)):
        log("no shipped model yet (run `npm run train:vfss` first): the card keeps no ablation table")
        return
    with open(facts_path, encoding="utf-8") as f:
        facts = json.load(f)
    facts["ablation"] = ablation_rows()
    os.makedirs(work, exist_ok=True)
    write_card(facts, work)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ablation", action="store_true", help="train the ablation variants instead of the shipped model")
    ap.add_argument("--variants", default="unet,cin", help="ablation variants to train (default unet,cin)")
    ap.add_argument("--work", default=os.path.join("tmp", "vfss"))
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--fresh", action="store_true", help="regenerate the datasets even if identical ones exist")
    ap.add_argument("--report-only", action="store_true", help="only rewrite results.md, the plot and the card's ablation from training/vfss/results/")
    ap.add_argument("--reexport", action="store_true",
                    help="no training: export the existing full checkpoint (--work/runs/full) again, then parity, evaluation and card "
                         "(after a change to the exporter or the graph optimisation)")
    args = ap.parse_args()
    os.chdir(REPO)
    os.makedirs(RESULTS, exist_ok=True)
    if args.report_only:
        refresh_card_ablation(args.work)
        report.write(RESULTS, VALS)
        return
    t0 = time.time()
    timings: Dict[str, float] = {}

    for spec in [TRAIN, *VALS]:
        timings[f"dataset {spec['name']} (s)"] = round(ensure_dataset(spec, args.work, args.fresh), 1)

    if args.ablation:
        for variant in args.variants.split(","):
            log(f"ablation: training {variant}")
            m = train_variant(variant, args.work, args.epochs)
            timings[f"train {variant} (min)"] = round(m["wallMinutes"], 1)
        refresh_card_ablation(args.work)
    else:
        if args.reexport:
            checkpoint = os.path.join(args.work, "runs", "full", "checkpoint.pt")
            if not os.path.exists(checkpoint):
                raise SystemExit(f"--reexport needs the trained checkpoint {checkpoint}; run npm run train:vfss first")
            log(f"re-exporting {checkpoint} (no training)")
            with open(os.path.join(RESULTS, "metrics-full.json"), encoding="utf-8") as f:
                full = json.load(f)
        else:
            log("training the full model")
            full = train_variant("full", args.work, args.epochs)
            timings["train full (min)"] = round(full["wallMinutes"], 1)
        t = time.time()
        run([sys.executable, "training/vfss/export.py", "--checkpoint", os.path.join(args.work, "runs", "full", "checkpoint.pt"),
             "--val", os.path.join(args.work, VALS[0]["name"]), "--out", ONNX_PATH], os.path.join(args.work, "export.log"))
        with open(os.path.join(args.work, "export.log"), encoding="utf-8") as f:
            parity_line = [line for line in f if line.startswith("ONNX parity:")][-1]
        parity = float(parity_line.split("=")[1].split()[0])
        timings["export + parity (s)"] = round(time.time() - t, 1)
        facts = {"id": MODEL_ID, "version": MODEL_VERSION, "size": SIZE, "threshold": THRESHOLD, "minComponentPx": MIN_COMPONENT_PX,
                 "training": training_facts(full, args.work), "metrics": []}
        # An ablation run earlier keeps its rows; the full model's row is refreshed from this run.
        if any(os.path.exists(os.path.join(RESULTS, f"metrics-{v}.json")) for v in ("unet", "cin")):
            facts["ablation"] = ablation_rows()
        write_card(facts, args.work)  # draft: the evaluation reads the card's preprocessing and decoding
        t = time.time()
        evaluations: Dict[str, Dict] = {}
        for spec in VALS:
            out = os.path.join(args.work, f"eval-{spec['name']}.json")
            run([tsx(), *evaluate_command(spec)[2:], "--out", out])
            with open(out, encoding="utf-8") as f:
                evaluations[spec["name"]] = json.load(f)
            shutil.copyfile(out, os.path.join(RESULTS, f"eval-{spec['name']}.json"))
        timings["evaluate (s)"] = round(time.time() - t, 1)
        facts["metrics"] = card_metrics(evaluations, parity)
        write_card(facts, args.work)

    timings["total wall (min)"] = round((time.time() - t0) / 60, 1)
    name = "ablation" if args.ablation else "reexport" if args.reexport else "full"
    with open(os.path.join(RESULTS, f"timings-{name}.json"), "w", encoding="utf-8") as f:
        json.dump(timings, f, indent=2)
    report.write(RESULTS, VALS)
    log(f"done in {timings['total wall (min)']} min: " + ", ".join(f"{k} {v}" for k, v in timings.items()))


if __name__ == "__main__":
    main()

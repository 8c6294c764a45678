"""OpenCV reference for common/imaging (run with Debian's /usr/bin/python3 and python3-opencv).

  opencvReference.py run DIR    read DIR/cases.json, write each case's cv2 result to DIR/<id>.out.raw
  opencvReference.py bench DIR  read DIR/bench.json, print {name: median ms} as JSON on stdout

Inputs are raw 8-bit grey files (row-major, width x height). One process handles a whole batch so
that the parity test and the benchmark pay Python's start-up once.
"""
import json
import os
import sys
import time

import cv2
import numpy as np


def load(directory, case):
    raw = np.fromfile(os.path.join(directory, case["input"]), dtype=np.uint8)
    return raw.reshape(case["height"], case["width"])


def clahe(img, p):
    return cv2.createCLAHE(clipLimit=p["clipLimit"], tileGridSize=(p["tilesX"], p["tilesY"])).apply(img)


def sharpen(img, centre):
    k = np.array([[0, -1, 0], [-1, centre, -1], [0, -1, 0]], dtype=np.float64) / (centre - 4)
    return cv2.filter2D(img, -1, k.astype(np.float32))


def apply(img, op, p):
    if op == "copy":
        return img.copy()
    if op == "clahe":
        return clahe(img, p)
    if op == "doubleClahe":
        return clahe(clahe(img, p), p)
    if op == "sharpen":
        return sharpen(img, p.get("centre", 5))
    if op == "claheSharpen":
        return sharpen(clahe(img, p["clahe"]), p["sharpen"].get("centre", 5))
    if op == "ensemble":
        # PECI-Net's five channels, computing CLAHE once as enhanceChannels does.
        c = clahe(img, p)
        return np.stack([img.copy(), sharpen(img, 5), c, clahe(c, p), sharpen(c, 5)])
    if op == "resize":
        h, w = img.shape
        shrink = p["width"] <= w and p["height"] <= h
        return cv2.resize(img, (p["width"], p["height"]), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
    if op == "resizeLinear":
        return cv2.resize(img, (p["width"], p["height"]), interpolation=cv2.INTER_LINEAR)
    raise ValueError("unknown op " + op)


def run(directory):
    with open(os.path.join(directory, "cases.json")) as f:
        cases = json.load(f)
    for case in cases:
        out = apply(load(directory, case), case["op"], case["params"])
        np.ascontiguousarray(out, dtype=np.uint8).tofile(os.path.join(directory, case["id"] + ".out.raw"))


def bench(directory):
    """Each entry: an input and a list of ops run back to back; median of `repeat` timed runs after a warm-up."""
    cv2.setNumThreads(1)
    with open(os.path.join(directory, "bench.json")) as f:
        entries = json.load(f)
    result = {}
    for e in entries:
        img = load(directory, e)
        steps = [(s["op"], s["params"]) for s in e["steps"]]
        for _ in range(e.get("warmup", 5)):
            for op, p in steps:
                apply(img, op, p)
        times = []
        for _ in range(e["repeat"]):
            t = time.perf_counter()
            for op, p in steps:
                apply(img, op, p)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        result[e["name"]] = times[len(times) // 2]
    json.dump({"opencv": cv2.__version__, "threads": cv2.getNumThreads(), "ms": result}, sys.stdout)


if __name__ == "__main__":
    {"run": run, "bench": bench}[sys.argv[1]](sys.argv[2])

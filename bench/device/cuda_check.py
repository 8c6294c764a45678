#!/usr/bin/env python3
"""GPU check for the VFSS bolus model, run on a lent GPU machine (never in CI).

Reports: the GPU; which onnxruntime execution providers the machine's Python onnxruntime offers and,
when CUDA is among them, the shipped ONNX model's frames/s on the CUDA EP; the same network in
PyTorch eager on CUDA (the reference the issue compares against); and CPU numbers on the same
machine for scale. Prints one JSON line.
"""
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'training' / 'vfss'))
out = {}
try:
    out['gpu'] = subprocess.run(['nvidia-smi', '-L'], capture_output=True, text=True, timeout=30).stdout.strip()
except Exception as e:  # noqa: BLE001
    out['gpu'] = f'nvidia-smi failed: {e}'

SIZE = 160
FRAMES = 1024
MODEL = ROOT / 'models' / 'vfss-bolus-peci.onnx'


def rate(fn, batch):
    x = np.random.rand(batch, 5, SIZE, SIZE).astype(np.float32)
    fn(x)
    fn(x)
    t0 = time.perf_counter()
    done = 0
    while done < FRAMES:
        fn(x)
        done += batch
    return done / (time.perf_counter() - t0)


try:
    import onnxruntime as ort
    out['ort_version'] = ort.__version__
    out['ort_providers'] = ort.get_available_providers()
    for ep in ['CUDAExecutionProvider', 'CPUExecutionProvider']:
        if ep not in out['ort_providers']:
            continue
        sess = ort.InferenceSession(str(MODEL), providers=[ep])
        name = sess.get_inputs()[0].name
        out[f'ort_{ep}_session_providers'] = sess.get_providers()
        for b in (1, 16):
            out[f'ort_{ep}_b{b}_fps'] = round(rate(lambda x: sess.run(None, {name: x}), b), 1)
except Exception as e:  # noqa: BLE001
    out['ort_error'] = repr(e)

try:
    import torch
    import model as peci
    from train import DEFAULTS
    out['torch'] = torch.__version__
    net = peci.ExportWrapper(peci.build('full', DEFAULTS['structure_widths'], DEFAULTS['bolus_widths'])).eval()
    if torch.cuda.is_available():
        g = net.cuda()
        for b in (1, 16):
            def run(x, g=g):
                with torch.no_grad():
                    g(torch.from_numpy(x).cuda())
                torch.cuda.synchronize()
            out[f'torch_cuda_b{b}_fps'] = round(rate(run, b), 1)
except Exception as e:  # noqa: BLE001
    out['torch_error'] = repr(e)

print(json.dumps(out))

#!/usr/bin/python3
"""Writes a small U-Net-like join for tests/integration/training/graphOptimize.test.ts and rewrites
it with training/vfss/optimize.py.

    graph_optimize_fixture.py OUT_DIR   → OUT_DIR/join.onnx, OUT_DIR/join.opt.onnx, prints the split list

x [batch, 4, 96, 96] → conv 4→16 + ReLU (a) → conv 16→8 + ReLU (b); a → max-pool ½ → conv 16→16 +
ReLU → bilinear ×2 (u, as a U-Net decoder); Concat(u, b) (24 channels, not a whole NCHWc block) →
conv 24→8 + bias + ReLU → y → 1×1 conv 8→1 + bias → h (a head: becomes a MatMul); plus two 1×1
convs 4→3 of x (MatMuls too) joined 3 + 3 (parts under 8 channels: left alone) feeding z. Random
weights from a fixed seed. Prints {"split": [...], "matmul": [...]}.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "training", "vfss"))
from optimize import optimize_file  # noqa: E402

out = sys.argv[1]
rng = np.random.default_rng(7)


def w(name, *shape):
    return numpy_helper.from_array(rng.normal(0, 0.3, shape).astype(np.float32), name)


nodes = [
    helper.make_node("Conv", ["x", "wa", "ba"], ["a0"], name="conv_a", pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["a0"], ["a"], name="relu_a"),
    helper.make_node("Conv", ["a", "wb"], ["b0"], name="conv_b", pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["b0"], ["b"], name="relu_b"),
    helper.make_node("MaxPool", ["a"], ["pa"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
    helper.make_node("Conv", ["pa", "wp"], ["p0"], name="conv_p", pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["p0"], ["p"], name="relu_p"),
    helper.make_node("Resize", ["p", "", "scales"], ["u"], name="up", mode="linear"),
    helper.make_node("Concat", ["u", "b"], ["ab"], name="join", axis=1),
    helper.make_node("Conv", ["ab", "wc", "bc"], ["c0"], name="conv_c", pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["c0"], ["y"], name="relu_c"),
    helper.make_node("Conv", ["x", "wd"], ["d"], name="conv_d", pads=[0, 0, 0, 0]),
    helper.make_node("Conv", ["x", "we"], ["e"], name="conv_e", pads=[0, 0, 0, 0]),
    helper.make_node("Concat", ["d", "e"], ["de"], name="small_join", axis=1),
    helper.make_node("Conv", ["de", "wf"], ["z"], name="conv_f", pads=[1, 1, 1, 1]),
    helper.make_node("Conv", ["y", "wh", "bh"], ["h"], name="head"),
]
inits = [numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales"), w("wp", 16, 16, 3, 3), w("wa", 16, 4, 3, 3), w("ba", 16), w("wb", 8, 16, 3, 3), w("wc", 8, 24, 3, 3), w("bc", 8),
         w("wd", 3, 4, 1, 1), w("we", 3, 4, 1, 1), w("wf", 2, 6, 3, 3), w("wh", 1, 8, 1, 1), w("bh", 1)]
graph = helper.make_graph(
    nodes, "join",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4, 96, 96])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 8, 96, 96]),
     helper.make_tensor_value_info("z", TensorProto.FLOAT, ["batch", 2, 96, 96]),
     helper.make_tensor_value_info("h", TensorProto.FLOAT, ["batch", 1, 96, 96])],
    inits,
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 8
onnx.checker.check_model(model)
src = os.path.join(out, "join.onnx")
onnx.save(model, src)
print(json.dumps(optimize_file(src, os.path.join(out, "join.opt.onnx"))))

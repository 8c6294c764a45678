"""Inference-graph rewrite for onnxruntime's CPU provider: the same function, a faster graph.

    /usr/bin/python3 training/vfss/optimize.py IN.onnx OUT.onnx

onnxruntime's CPU provider runs convolutions in the NCHWc layout (channels in blocks of 16 on
AVX-512, 8 on AVX2). A channel concatenation whose inputs are not whole blocks (the U-Net's skip
joins: 16 + 8, 24 + 16, 32 + 24 channels) cannot stay in that layout: onnxruntime reorders both
inputs back to NCHW, concatenates, and reorders the result again for the convolution that reads
it. That round trip was ~12 % of the shipped network's time (ORT profile: ReorderOutput,
ReorderInput, Concat).

The rewrite removes it without changing the network: a convolution over a concatenation equals the
sum of convolutions over the parts, with the weights split along the input channels,

    Conv(Concat(a, b), W, bias) = Conv(a, W[:, :Ca], bias) + Conv(b, W[:, Ca:])

onnxruntime fuses that Add (and the ReLU after it) into the second convolution as its "sum" input,
so each part is read in NCHWc directly. Parts are annotated with the graph's symbolic batch
dimension, which the fusion needs to prove the two sums have one shape.

Only joins with a part that is not a multiple of 16 channels and no part under 8 channels are
split (a convolution over very few input channels uses the provider's direct NCHW kernel, which
is cheaper than two partial convolutions).

Second rewrite: a 1×1 convolution over fewer than 16 input channels on a large plane (the PEN's
mixing layers and the bolus head, 5 or 8 channels at 160²) runs in that NCHW-input kernel at ~6
GMAC/s. As a matrix product on the flattened plane, `W[Cout, Cin] @ x[B, Cin, H·W]` (+ bias), it
costs about a third (ORT profile: 1.3 → 0.5 ms a frame for the four layers).

Results equal the original graph up to float rounding (the summation order changes); export.py's
parity check runs on the rewritten graph. Measured on the shipped network, one thread, paired A/B
medians of 25 rounds: the split 16.6 → 14.8 ms a frame, the matrix products a further ~5 %.
"""
from __future__ import annotations

import argparse
from typing import Dict, List

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference

BLOCK = 16
MIN_PART = 8


def _shapes(model: onnx.ModelProto) -> Dict[str, List[int]]:
    """Every tensor's inferred shape (-1 where a dimension has no fixed size)."""
    inferred = shape_inference.infer_shapes(model)
    return {
        vi.name: [d.dim_value if d.HasField("dim_value") else -1 for d in vi.type.tensor_type.shape.dim]
        for vi in [*inferred.graph.value_info, *inferred.graph.input, *inferred.graph.output]
    }


def _set_nodes(model: onnx.ModelProto, nodes: List[onnx.NodeProto]) -> None:
    """Replaces the graph's nodes and drops the initializers no node reads any more."""
    g = model.graph
    del g.node[:]
    g.node.extend(nodes)
    used = {i for n in g.node for i in n.input}
    live = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(live)


def _batch_param(model: onnx.ModelProto) -> str:
    dim = model.graph.input[0].type.tensor_type.shape.dim[0]
    if not dim.dim_param:
        raise SystemExit("optimize: the graph's input has no symbolic batch dimension")
    return dim.dim_param


def split_concat_convs(model: onnx.ModelProto) -> List[str]:
    """Rewrites `model` in place; returns the names of the concatenations it removed."""
    g = model.graph
    shapes = _shapes(model)
    batch = _batch_param(model)
    inits = {i.name: i for i in g.initializer}
    consumers: Dict[str, List[onnx.NodeProto]] = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    graph_outputs = {o.name for o in g.output}

    replacement: Dict[str, List[onnx.NodeProto]] = {}
    removed: List[str] = []
    annotate: List[str] = []
    for cat in g.node:
        if cat.op_type != "Concat" or cat.output[0] in graph_outputs:
            continue
        axis = next((a.i for a in cat.attribute if a.name == "axis"), None)
        users = consumers.get(cat.output[0], [])
        if axis != 1 or len(users) != 1 or users[0].op_type != "Conv":
            continue
        conv = users[0]
        attrs = {a.name: helper.get_attribute_value(a) for a in conv.attribute}
        if attrs.get("group", 1) != 1 or conv.input[1] not in inits or (len(conv.input) > 2 and conv.input[2] not in inits):
            continue
        # Channel counts of the parts (-1 where unknown, which fails the MIN_PART test).
        sizes = [shapes[name][1] if len(shapes.get(name, [])) == 4 else -1 for name in cat.input]
        if min(sizes) < MIN_PART or all(c % BLOCK == 0 for c in sizes):
            continue
        weight = numpy_helper.to_array(inits[conv.input[1]])
        if weight.shape[1] != sum(sizes):
            continue
        bias = numpy_helper.to_array(inits[conv.input[2]]) if len(conv.input) > 2 and conv.input[2] else None

        nodes: List[onnx.NodeProto] = []
        offset = 0
        outputs: List[str] = []
        for k, (name, size) in enumerate(zip(cat.input, sizes)):
            w_name = f"{conv.name}/part{k}/W"
            g.initializer.append(numpy_helper.from_array(np.ascontiguousarray(weight[:, offset : offset + size]), w_name))
            offset += size
            inputs = [name, w_name]
            if k == 0 and bias is not None:
                b_name = f"{conv.name}/part{k}/B"
                g.initializer.append(numpy_helper.from_array(bias, b_name))
                inputs.append(b_name)
            out = f"{conv.output[0]}/part{k}"
            nodes.append(helper.make_node("Conv", inputs, [out], name=f"{conv.name}/part{k}", **attrs))
            outputs.append(out)
        total = outputs[0]
        for k, out in enumerate(outputs[1:], start=1):
            last = k == len(outputs) - 1
            summed = conv.output[0] if last else f"{conv.output[0]}/sum{k}"
            nodes.append(helper.make_node("Add", [total, out], [summed], name=f"{conv.name}/sum{k}"))
            if not last:
                annotate.append(summed)
            total = summed
        annotate.extend(outputs)
        replacement[conv.name] = nodes
        removed.append(cat.name)

    if not removed:
        return removed
    kept: List[onnx.NodeProto] = []
    for n in g.node:
        if n.name in removed and n.op_type == "Concat":
            continue
        kept.extend(replacement.get(n.name, [n]) if n.op_type == "Conv" else [n])
    _set_nodes(model, kept)

    # Shapes of the new tensors, with the graph's own batch name (the Add fusion compares them).
    inferred = shape_inference.infer_shapes(model)
    wanted = set(annotate)
    for vi in inferred.graph.value_info:
        if vi.name in wanted and len(vi.type.tensor_type.shape.dim) == 4:
            dim0 = vi.type.tensor_type.shape.dim[0]
            dim0.Clear()
            dim0.dim_param = batch
            g.value_info.append(vi)
    onnx.checker.check_model(model)
    return removed


MATMUL_MIN_PLANE = 80 * 80


def small_pointwise_to_matmul(model: onnx.ModelProto) -> List[str]:
    """Rewrites `model` in place; returns the names of the 1×1 convolutions it turned into MatMul."""
    g = model.graph
    shapes = _shapes(model)
    inits = {i.name: i for i in g.initializer}
    out_nodes: List[onnx.NodeProto] = []
    done: List[str] = []
    for n in g.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        shape = shapes.get(n.input[0]) if n.input else None
        weight = numpy_helper.to_array(inits[n.input[1]]) if n.op_type == "Conv" and len(n.input) > 1 and n.input[1] in inits else None
        has_bias = len(n.input) > 2 and bool(n.input[2])
        if (
            weight is None
            or weight.ndim != 4
            or weight.shape[2:] != (1, 1)
            or attrs.get("group", 1) != 1
            or any(p != 0 for p in attrs.get("pads", []))
            or any(v != 1 for v in [*attrs.get("strides", []), *attrs.get("dilations", [])])
            or weight.shape[1] >= BLOCK
            or shape is None
            or len(shape) != 4
            or min(shape[1:]) <= 0
            or shape[2] * shape[3] < MATMUL_MIN_PLANE
            or (has_bias and n.input[2] not in inits)
        ):
            out_nodes.append(n)
            continue
        cout, cin = int(weight.shape[0]), int(weight.shape[1])
        base = n.name or n.output[0]
        # No size is baked in: the plane is flattened with -1 and restored from the input's own
        # shape, so the graph still takes any input size (bench/input_size_variant.py).
        g.initializer.extend(
            [
                numpy_helper.from_array(np.array([0, cin, -1], np.int64), f"{base}/flat"),
                numpy_helper.from_array(np.array([cout], np.int64), f"{base}/cout"),
                numpy_helper.from_array(np.ascontiguousarray(weight.reshape(cout, cin)), f"{base}/W2"),
            ]
        )
        out_nodes.append(helper.make_node("Shape", [n.input[0]], [f"{base}/batch"], name=f"{base}/batch", end=1))
        out_nodes.append(helper.make_node("Shape", [n.input[0]], [f"{base}/hw"], name=f"{base}/hw", start=2))
        out_nodes.append(helper.make_node("Concat", [f"{base}/batch", f"{base}/cout", f"{base}/hw"], [f"{base}/planes"], name=f"{base}/planes", axis=0))
        out_nodes.append(helper.make_node("Reshape", [n.input[0], f"{base}/flat"], [f"{base}/x2"], name=f"{base}/flatten"))
        out_nodes.append(helper.make_node("MatMul", [f"{base}/W2", f"{base}/x2"], [f"{base}/y2"], name=f"{base}/matmul"))
        last = f"{base}/y2"
        if has_bias:
            bias = numpy_helper.to_array(inits[n.input[2]]).reshape(cout, 1)
            g.initializer.append(numpy_helper.from_array(np.ascontiguousarray(bias), f"{base}/B2"))
            out_nodes.append(helper.make_node("Add", [last, f"{base}/B2"], [f"{base}/y2b"], name=f"{base}/bias"))
            last = f"{base}/y2b"
        out_nodes.append(helper.make_node("Reshape", [last, f"{base}/planes"], [n.output[0]], name=f"{base}/unflatten"))
        done.append(base)
    if done:
        _set_nodes(model, out_nodes)
        onnx.checker.check_model(model)
    return done


def optimize(model: onnx.ModelProto) -> Dict[str, List[str]]:
    """Both rewrites, in place; returns what each changed."""
    split = split_concat_convs(model)
    matmul = small_pointwise_to_matmul(model)
    return {"split": split, "matmul": matmul}


def describe(changes: Dict[str, List[str]]) -> str:
    return (
        f"optimize: split {len(changes['split'])} convolution(s) over block-unaligned concatenations"
        f" ({', '.join(changes['split']) or 'none'}); {len(changes['matmul'])} small 1×1 convolution(s) as MatMul"
        f" ({', '.join(changes['matmul']) or 'none'})"
    )


def optimize_file(src: str, dst: str) -> Dict[str, List[str]]:
    model = onnx.load(src)
    changes = optimize(model)
    onnx.save(model, dst)
    return changes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("dst")
    a = ap.parse_args()
    print(describe(optimize_file(a.src, a.dst)))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Rewrites a fully convolutional ONNX model's spatial input/output size (e.g. the shipped 160² VFSS
model at 256²), for timing the pipeline at another model input size with the same weights and
graph. Its outputs at a size it was not trained at are not meant to be accurate. Usage:
  input_size_variant.py IN.onnx OUT.onnx SIZE
"""
import sys

import onnx


def main() -> None:
    src, dst, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    model = onnx.load(src)
    old = model.graph.input[0].type.tensor_type.shape.dim[2].dim_value
    for value in list(model.graph.input) + list(model.graph.output):
        dims = value.type.tensor_type.shape.dim
        dims[2].dim_value = size
        dims[3].dim_value = size
    # Shapes are inferred again, except the exporter's annotations (training/vfss/optimize.py: the
    # split convolutions' partial sums, with a symbolic batch axis, which onnxruntime needs to fuse
    # them): those are kept, their planes scaled to the new size.
    kept = []
    for value in model.graph.value_info:
        dims = value.type.tensor_type.shape.dim
        if len(dims) == 4 and dims[0].dim_param and all(d.dim_value > 0 for d in dims[1:]):
            for d in dims[2:]:
                if (d.dim_value * size) % old:
                    raise SystemExit(f"{value.name}: a {d.dim_value} plane does not scale from {old} to {size}")
                d.dim_value = d.dim_value * size // old
            kept.append(value)
    del model.graph.value_info[:]
    model.graph.value_info.extend(kept)
    model = onnx.shape_inference.infer_shapes(model)
    onnx.checker.check_model(model)
    onnx.save(model, dst)


if __name__ == "__main__":
    main()

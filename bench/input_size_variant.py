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
    for value in list(model.graph.input) + list(model.graph.output):
        dims = value.type.tensor_type.shape.dim
        dims[2].dim_value = size
        dims[3].dim_value = size
    del model.graph.value_info[:]
    model = onnx.shape_inference.infer_shapes(model)
    onnx.checker.check_model(model)
    onnx.save(model, dst)


if __name__ == "__main__":
    main()

// Quantize: the float→integer arithmetic (Quantization/: weight bits, QAT settings, weight,
// linear-block and polynomial rounding, the rescale policy and its placement search, the
// export of a float network's steps) and what it produces, the `IntegerModel` (IntegerModel/:
// exact and fast inference, bounds, the file format; Layers/: one file per layer kind), plus
// the safetensors format (Formats/) that Train's checkpoints share.

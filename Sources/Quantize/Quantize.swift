// Quantize: the float→integer arithmetic (Quantization/: weight bits, QAT settings, weight,
// linear-block and polynomial rounding, the rescale policy and its placement search) and
// what it produces, the `IntegerModel` (IntegerModel/: exact and fast inference, bounds, the
// file format), plus the safetensors format (Formats/) that Train's checkpoints share.

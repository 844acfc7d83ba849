// Quantize: quantization schemes, fake-quant with a straight-through estimator,
// `IntegerModel`, exact integer inference and bit-bound analysis (DESIGN.md, issue 3).
// So far it holds only the tensor file format (Formats/), shared with Train's checkpoints.

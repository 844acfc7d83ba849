// Circuit: lowering of an `IntegerModel` to R1CS, witness generation, the Poseidon
// gadget and the circuit cost model (DESIGN.md, issue 5).
// Nothing is implemented here yet; this file only reserves the module.

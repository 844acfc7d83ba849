// Prove: BN254 (alt_bn128) arithmetic for Groth16. Field/ (Fr, Fq, Fq2, Fq6, Fq12), Curve/
// (G1, G2, MSM), Pairing/ (optimal ate), Polynomial/ (NTT), R1CS/, Groth16/, Formats/; kernels
// thread through Support's `Parallel` (timings live in Benchmarks). Knows nothing about neural networks.
// Not constant-time and not audited: do not use it where timing side channels matter.

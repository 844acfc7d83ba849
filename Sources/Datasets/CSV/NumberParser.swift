// Decimal numbers straight from CSV bytes, correctly rounded, without a String per field.
// Grammar: [+-] digits [. digits] [(e|E) [+-] digits] with at least one digit before the
// exponent (`.5`, `5.`, `+3`, `-1.5e-3`), or [+-] inf / infinity (any case). Nothing else:
// no hex, no `nan` (that is a missing-value marker), no surrounding spaces.
// Clinger's fast path (W. D. Clinger, "How to read floating point numbers accurately",
// PLDI 1990): a mantissa w ≤ 2^53 and a power of ten |q| ≤ 22 are both exact doubles, so
// w × 10^q or w / 10^-q is one correctly rounded IEEE operation. Everything else (more than
// 19 significant digits, large mantissas or exponents) goes to Swift's `Double(String)`, a
// C-locale `strtod`, which rounds correctly.

/// How far a parse may read: up to an end index, or without checks when the caller knows
/// that a byte ending every number (a line feed) comes before the end of the memory.
protocol ByteBound {
    func allows(_ i: Int) -> Bool
}

/// Reading stops before `end`.
struct EndBound: ByteBound {
    let end: Int
    @inline(__always) func allows(_ i: Int) -> Bool { i < end }
}

/// No bound check: a line feed lies ahead, and every loop of the parser stops at one.
struct LineFeedAhead: ByteBound {
    @inline(__always) func allows(_ i: Int) -> Bool { true }
}

/// Parses numbers in CSV fields.
enum NumberParser {
    /// 10^0 ... 10^22, the powers of ten that are exact doubles.
    static let exactPowersOfTen: [Double] = {
        var powers: [Double] = [1]
        for _ in 1...22 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// The number that starts at `p[start]`, and the index just past it; nil if no number
    /// starts there. It does not look past the number: the caller checks what follows.
    /// `powers` is `exactPowersOfTen` (passed in so that hot loops load it once).
    @inline(__always)
    static func parse<Bound: ByteBound>(_ p: UnsafePointer<UInt8>, from start: Int, bound: Bound,
                                        powers: UnsafeBufferPointer<Double>) -> (value: Double, end: Int)? {
        var i = start
        let negative = bound.allows(i) && p[i] == UInt8(ascii: "-")
        if negative || (bound.allows(i) && p[i] == UInt8(ascii: "+")) { i &+= 1 }
        var mantissa: UInt64 = 0  // wraps beyond 19 digits; then `significantDigits` sends us to strtod
        let integerStart = i
        while bound.allows(i), case let d = p[i] &- UInt8(ascii: "0"), d < 10 {
            mantissa = mantissa &* 10 &+ UInt64(d)
            i &+= 1
        }
        var digitCount = i &- integerStart
        var power = 0
        if bound.allows(i) && p[i] == UInt8(ascii: ".") {
            i &+= 1
            let fractionStart = i
            while bound.allows(i), case let d = p[i] &- UInt8(ascii: "0"), d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                i &+= 1
            }
            power = fractionStart &- i
            digitCount &-= power
        }
        guard digitCount > 0 else { return parseInfinity(p, from: i, bound: bound, negative: negative) }
        if bound.allows(i) && p[i] | 0x20 == UInt8(ascii: "e") {
            guard let exponent = parseExponent(p, &i, bound) else { return nil }
            power &+= exponent
        }
        if mantissa <= 1 << 53 && power >= -22 && power <= 22
            && (digitCount <= 19 || significantDigits(p, from: integerStart, to: i) <= 19) {
            // Exact operands, one rounding; one of the two powers is 10^0 (also right for ±0).
            let value = Double(mantissa) * powers[max(power, 0)] / powers[max(-power, 0)]
            return (negative ? -value : value, i)
        }
        return slowPath(p, from: start, to: i).map { ($0, i) }
    }

    /// The exponent after the `e` at p[i], moving `i` past it; nil if no digit follows.
    /// Saturates at 10^6: beyond, every double is 0 or infinite anyway.
    static func parseExponent<Bound: ByteBound>(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ bound: Bound) -> Int? {
        i &+= 1
        let negative = bound.allows(i) && p[i] == UInt8(ascii: "-")
        if negative || (bound.allows(i) && p[i] == UInt8(ascii: "+")) { i &+= 1 }
        let digitsStart = i
        var exponent = 0
        while bound.allows(i), case let d = p[i] &- UInt8(ascii: "0"), d < 10 {
            if exponent < 100_000 { exponent = exponent &* 10 &+ Int(d) }
            i &+= 1
        }
        guard i > digitsStart else { return nil }
        return negative ? -exponent : exponent
    }

    /// The digits of the mantissa in p[start..<end] (which may hold a point and an exponent)
    /// after leading zeros.
    static func significantDigits(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var count = 0
        var i = start
        while i < end && (p[i] == UInt8(ascii: "0") || p[i] == UInt8(ascii: ".")) { i += 1 }
        while i < end && p[i] | 0x20 != UInt8(ascii: "e") {
            if p[i] != UInt8(ascii: ".") { count += 1 }
            i += 1
        }
        return count
    }

    /// `inf` or `infinity` (any case) at p[start...], after an optional sign already read.
    static func parseInfinity<Bound: ByteBound>(_ p: UnsafePointer<UInt8>, from start: Int, bound: Bound,
                                                negative: Bool) -> (value: Double, end: Int)? {
        var matched = 0  // letters of "infinity" matched, reading no further than the first mismatch
        let word: StaticString = "infinity"
        while matched < 8 && bound.allows(start + matched) && p[start + matched] | 0x20 == word.utf8Start[matched] {
            matched += 1
        }
        guard matched >= 3 else { return nil }
        return (negative ? -.infinity : .infinity, start + (matched == 8 ? 8 : 3))
    }

    /// The correctly rounded value of the number text p[start..<end], already known to match
    /// the grammar, through Swift's C-locale strtod.
    static func slowPath(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double? {
        Double(String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self))
    }
}

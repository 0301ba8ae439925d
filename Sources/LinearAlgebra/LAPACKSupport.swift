import CLinearAlgebra

/// Converts a dimension to the 32-bit integer BLAS/LAPACK expect (a precondition, not an error: sizes
/// beyond 2³¹ − 1 are a programming mistake here).
@inline(__always)
func lapackInt(_ n: Int) -> Int32 {
    precondition(n >= 0 && n <= Int(Int32.max), "dimension \(n) does not fit a 32-bit LAPACK integer")
    return Int32(n)
}

/// A LAPACK character argument ("L", "U", "N", "V", …).
@inline(__always)
func lapackChar(_ c: Unicode.Scalar) -> Int8 { Int8(UInt8(ascii: c)) }

/// `info < 0` means argument `-info` was illegal: a bug in this module, never the caller's data.
@inline(__always)
func requireLegalArguments(_ info: Int32, _ routine: StaticString) {
    precondition(info >= 0, "\(routine): illegal value in argument \(-info)")
}

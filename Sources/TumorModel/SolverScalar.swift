/// The floating-point types the solver runs in: `Float` (default, half the memory traffic) and `Double`
/// (verification, mass conservation to round-off).
///
/// The kernels are written once, generically, and specialised for both types with `@_specialize`,
/// so there is one copy of every stencil.
public protocol SolverScalar: BinaryFloatingPoint, Sendable where Self.RawSignificand: FixedWidthInteger {}

extension Float: SolverScalar {}
extension Double: SolverScalar {}

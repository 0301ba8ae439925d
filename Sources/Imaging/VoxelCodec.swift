/// The two small unsafe kernels of NIfTI I/O: raw voxel bytes ⇄ floating-point values.
///
/// Raw bytes are read with unaligned loads (voxel data need not be aligned in a `.nii`), byte-swapped
/// when the file's byte order differs from the machine's, converted to `Double`, scaled when the header
/// says so (`slope · raw + intercept`, computed in `Double`), then stored as `T`.
enum VoxelCodec {
    /// Decodes `out.count` voxels of `datatype` from `raw` (exactly `out.count · bytesPerVoxel` bytes).
    static func decode<T: BinaryFloatingPoint>(_ raw: UnsafeRawBufferPointer, datatype: NIfTIDatatype,
                                               bigEndian: Bool, scaling: SIMD2<Double>?,
                                               into out: UnsafeMutableBufferPointer<T>) {
        precondition(raw.count == out.count * datatype.bytesPerVoxel,
                     "decode: \(raw.count) bytes for \(out.count) voxels of \(datatype.name)")
        let swap = bigEndian != (NIfTIHeader.ByteOrder.native == .bigEndian)
        // Fast path for the common case (float32 in native order, no scaling): written without
        // generics or closures so that it is also fast in debug builds (the test suite runs unoptimised).
        if datatype == .float32 && !swap && scaling == nil {
            if T.self == Double.self {
                out.withMemoryRebound(to: Double.self) { doubles in
                    let source = raw.bindMemory(to: Float.self)  // raw buffers from Array/Data are 16-byte aligned
                    for i in 0..<doubles.count { doubles[i] = Double(source[i]) }
                }
                return
            }
            if T.self == Float.self {
                out.withMemoryRebound(to: UInt8.self) { bytes in
                    UnsafeMutableRawBufferPointer(bytes).copyMemory(from: raw)
                }
                return
            }
        }
        switch datatype {
        case .uint8: run(raw, out, swap, scaling, UInt8.self) { Double($0) }
        case .int8: run(raw, out, swap, scaling, UInt8.self) { Double(Int8(bitPattern: $0)) }
        case .int16: run(raw, out, swap, scaling, UInt16.self) { Double(Int16(bitPattern: $0)) }
        case .uint16: run(raw, out, swap, scaling, UInt16.self) { Double($0) }
        case .int32: run(raw, out, swap, scaling, UInt32.self) { Double(Int32(bitPattern: $0)) }
        case .uint32: run(raw, out, swap, scaling, UInt32.self) { Double($0) }
        case .int64: run(raw, out, swap, scaling, UInt64.self) { Double(Int64(bitPattern: $0)) }
        case .float32: run(raw, out, swap, scaling, UInt32.self) { Double(Float(bitPattern: $0)) }
        case .float64: run(raw, out, swap, scaling, UInt64.self) { Double(bitPattern: $0) }
        }
    }

    @inline(__always)
    private static func run<Raw: FixedWidthInteger, T: BinaryFloatingPoint>(
        _ raw: UnsafeRawBufferPointer, _ out: UnsafeMutableBufferPointer<T>, _ swap: Bool,
        _ scaling: SIMD2<Double>?, _: Raw.Type, _ value: (Raw) -> Double
    ) {
        let stride = MemoryLayout<Raw>.size
        if let scaling {
            let slope = scaling.x, intercept = scaling.y
            for i in 0..<out.count {
                let bits = raw.loadUnaligned(fromByteOffset: i &* stride, as: Raw.self)
                out[i] = T(slope * value(swap ? bits.byteSwapped : bits) + intercept)
            }
        } else {
            for i in 0..<out.count {
                let bits = raw.loadUnaligned(fromByteOffset: i &* stride, as: Raw.self)
                out[i] = T(value(swap ? bits.byteSwapped : bits))
            }
        }
    }

    /// Index of the first value that `datatype` cannot represent (see ``NIfTIDatatype/canRepresent(_:)``), or nil.
    static func firstUnrepresentable<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>,
                                                              datatype: NIfTIDatatype) -> Int? {
        if datatype == .float64 { return nil }
        for i in 0..<values.count where !datatype.canRepresent(Double(values[i])) { return i }
        return nil
    }

    /// Encodes values (all representable; check with ``firstUnrepresentable(_:datatype:)``) in the
    /// machine's byte order into `raw` (exactly `values.count · bytesPerVoxel` bytes).
    static func encode<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>, datatype: NIfTIDatatype,
                                               into raw: UnsafeMutableRawBufferPointer) {
        precondition(raw.count == values.count * datatype.bytesPerVoxel,
                     "encode: \(raw.count) bytes for \(values.count) voxels of \(datatype.name)")
        @inline(__always) func store<R>(_ convert: (Double) -> R) {
            let stride = MemoryLayout<R>.size
            for i in 0..<values.count {
                raw.storeBytes(of: convert(Double(values[i])), toByteOffset: i &* stride, as: R.self)
            }
        }
        switch datatype {
        case .uint8: store { UInt8($0) }
        case .int8: store { Int8($0) }
        case .int16: store { Int16($0) }
        case .uint16: store { UInt16($0) }
        case .int32: store { Int32($0) }
        case .uint32: store { UInt32($0) }
        case .int64: store { Int64($0) }
        case .float32: store { Float($0) }
        case .float64: store { $0 }
        }
    }
}

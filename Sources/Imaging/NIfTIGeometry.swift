/// What a validated NIfTI header means: shape, datatype, scaling, voxel size and the voxel → world affine.
///
/// Rules (FORMATS.md, NIfTI-1 standard §"orientation"):
/// - `dim[0]` must be 1…7; `dim[1…dim[0]]` must be positive; axes beyond z must all be 1 (trailing
///   singleton dimensions such as `dim = [4, nx, ny, nz, 1]` are accepted, real 4-D is refused).
///   Images with `dim[0] < 3` get size 1 along the missing axes.
/// - The affine is the sform when `sform_code > 0`, else the qform (quaternion, with qfac) when
///   `qform_code > 0`, else `diag(pixdim[1…3])` with zero offset (NIfTI "method 1"; note that nibabel
///   instead returns a centred, x-flipped ANALYZE affine for such files).
/// - Voxel size is `|pixdim[1…3]|`; a zero pixdim falls back to the affine's column length.
/// - Scaling applies when `scl_slope` is finite and non-zero; then a non-finite `scl_inter` is an
///   error (as in nibabel).
/// - Coordinates are taken to be millimetres whatever `xyzt_units` says (as nibabel, FSL and ITK do);
///   ``NIfTIHeader/spatialUnitName`` reports the declared unit.
public struct NIfTIGeometry: Sendable, Equatable {
    /// Voxels along x, y, z.
    public var shape: SIMD3<Int>
    /// Datatype of the stored voxels.
    public var datatype: NIfTIDatatype
    /// `(slope, intercept)` when scaling applies, else `nil` (also for the identity slope 1, intercept 0).
    public var scaling: (slope: Double, intercept: Double)? {
        get { scalingPair.map { (slope: $0.x, intercept: $0.y) } }
        set { scalingPair = newValue.map { SIMD2($0.slope, $0.intercept) } }
    }
    private var scalingPair: SIMD2<Double>?
    /// Voxel size, mm.
    public var spacing: SIMD3<Double>
    /// Voxel index → world mm.
    public var affine: Affine
    /// Which rule produced the affine: `"sform"`, `"qform"` or `"pixdim"`.
    public var affineSource: String
    /// Number of voxels.
    public var voxelCount: Int
    /// Bytes of voxel data.
    public var dataByteCount: Int
    /// Byte offset of the voxel data in the data file.
    public var dataOffset: Int

    /// The grid (shape, spacing, affine).
    public var grid: Grid { Grid(shape: shape, spacingMillimeters: spacing, affine: affine) }

    /// Validates `header` and derives the geometry; throws ``NIfTIError`` naming `path` on bad fields.
    public init(header: NIfTIHeader, path: String, limits: NIfTIReadLimits = .default) throws {
        func fail(_ kind: NIfTIError.Kind) -> NIfTIError { NIfTIError(path: path, kind: kind) }

        // Dimensions.
        let rank = header.dim[0]
        guard (1...7).contains(rank) else { throw fail(.dimensionCountOutOfRange(rank)) }
        for axis in 1...rank where header.dim[axis] <= 0 {
            throw fail(.nonPositiveDimension(axis: axis, size: header.dim[axis]))
        }
        if rank > 3, (4...rank).contains(where: { header.dim[$0] != 1 }) {
            throw fail(.notThreeDimensional(dims: Array(header.dim[1...rank])))
        }
        let size = (1...3).map { $0 <= rank ? header.dim[$0] : 1 }
        var voxels = 1
        for n in size {
            let (product, overflow) = voxels.multipliedReportingOverflow(by: n)
            guard !overflow else { throw fail(.tooLarge(voxels: nil, limit: limits.maxVoxels)) }
            voxels = product
        }
        guard voxels <= limits.maxVoxels else { throw fail(.tooLarge(voxels: voxels, limit: limits.maxVoxels)) }

        // Datatype.
        guard let datatype = header.datatype else { throw fail(.unsupportedDatatype(code: header.datatypeCode)) }
        guard header.bitpix == datatype.bitpix else {
            throw fail(.bitpixMismatch(datatype: header.datatypeCode, bitpix: header.bitpix, expected: datatype.bitpix))
        }

        // Data offset.
        let offset = header.voxOffset
        guard offset.isFinite, offset >= 0, offset.rounded() == offset, offset < 1e15 else {
            throw fail(.invalidVoxOffset(offset, reason: "must be a whole number of bytes ≥ 0"))
        }
        if !header.isPair && Int(offset) < header.headerSize {
            throw fail(.invalidVoxOffset(offset, reason: "a single-file NIfTI-\(header.version.rawValue) needs at least \(header.headerSize) (the header size)"))
        }

        // Orientation.
        let pix = header.pixdim
        var affine: Affine
        var source: String
        if header.sformCode > 0 {
            affine = header.sformAffine
            guard affine.isFinite else { throw fail(.nonFiniteSform) }
            source = "sform"
        } else if header.qformCode > 0 {
            let q = [header.quaternB, header.quaternC, header.quaternD, header.qoffsetX, header.qoffsetY, header.qoffsetZ]
            guard q.allSatisfy(\.isFinite) else { throw fail(.nonFiniteQuaternion) }
            for axis in 1...3 where !pix[axis].isFinite || pix[axis] == 0 {
                throw fail(.invalidPixdim(axis: axis, value: pix[axis]))
            }
            let quaternion = NIfTIQuaternion(
                b: header.quaternB, c: header.quaternC, d: header.quaternD,
                offset: SIMD3(header.qoffsetX, header.qoffsetY, header.qoffsetZ),
                spacing: SIMD3(abs(pix[1]), abs(pix[2]), abs(pix[3])), qfac: pix[0] < 0 ? -1 : 1)
            affine = quaternion.affine
            source = "qform"
        } else {
            for axis in 1...3 where !pix[axis].isFinite || pix[axis] == 0 {
                throw fail(.invalidPixdim(axis: axis, value: pix[axis]))
            }
            affine = .scaling(SIMD3(abs(pix[1]), abs(pix[2]), abs(pix[3])))
            source = "pixdim"
        }

        // Voxel size: |pixdim|, or the affine's column length when pixdim is 0.
        var spacing = SIMD3<Double>(1, 1, 1)
        let columns = affine.columnLengths
        for axis in 0..<3 {
            let p = pix[axis + 1]
            if p.isFinite && p != 0 {
                spacing[axis] = abs(p)
            } else if columns[axis].isFinite && columns[axis] > 0 {
                spacing[axis] = columns[axis]
            } else {
                throw fail(.invalidPixdim(axis: axis + 1, value: p))
            }
        }

        self.shape = SIMD3(size[0], size[1], size[2])
        self.datatype = datatype
        if header.sclSlope.isFinite && header.sclSlope != 0 {
            guard header.sclInter.isFinite else { throw fail(.nonFiniteIntercept(header.sclInter)) }
            // Identity scaling (slope 1, intercept 0) is reported as none, as nibabel does.
            self.scalingPair = header.sclSlope == 1 && header.sclInter == 0 ? nil : SIMD2(header.sclSlope, header.sclInter)
        } else {
            self.scalingPair = nil
        }
        self.spacing = spacing
        self.affine = affine
        self.affineSource = source
        self.voxelCount = voxels
        let (bytes, overflow) = voxels.multipliedReportingOverflow(by: datatype.bytesPerVoxel)
        guard !overflow else { throw fail(.tooLarge(voxels: voxels, limit: limits.maxVoxels)) }
        self.dataByteCount = bytes
        self.dataOffset = Int(offset)
    }
}

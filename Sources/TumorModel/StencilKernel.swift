/// The one hot loop of the forward model: an explicit, flux-form diffusion step fused with the
/// reaction step, over the rows of a z-slab of the active box.
///
/// Diffusion (7-point, face coefficients `k`, `α = D_w·Δt`):
/// `u_i = c_i + α Σ_a [k_a(i)(c_{i+e_a} − c_i) − k_a(i−e_a)(c_i − c_{i−e_a})]`.
/// Reaction, one of
/// - exact logistic flow over `Δt`: `v = u·E/(1 + u(E−1))`, `E = e^{ρΔt}` (the Strang-split scheme);
/// - GliomaSolver's explicit Euler: `v = clamp(u + ρΔt·c_i(1 − c_i), 0, 1)`.
///
/// Unsafe pointers are confined to this file; the caller guarantees that the slab lies inside the
/// work grid's interior (one ghost layer on every side), so every neighbour access is in bounds.
@usableFromInline
enum StencilKernel {
    /// The reaction part of a step.
    @usableFromInline
    enum Reaction<S: SolverScalar>: Sendable {
        case exactLogistic(growth: S)          // E = e^{ρΔt}
        case forwardEuler(rateTimesStep: S)    // ρΔt
    }

    /// Pointers of one step, shared by the slab workers (they write disjoint rows).
    @usableFromInline
    struct Buffers<S: SolverScalar>: @unchecked Sendable {
        let input: UnsafePointer<S>
        let output: UnsafeMutablePointer<S>
        let kx: UnsafePointer<S>, ky: UnsafePointer<S>, kz: UnsafePointer<S>
        let strideY: Int, strideZ: Int
    }

    /// Updates the voxels of `box` with `z` in `zRange` and returns the bounding box of the updated
    /// voxels whose new value exceeds `threshold` (empty if none).
    @usableFromInline
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func updateSlab<S: SolverScalar>(_ b: Buffers<S>, box: VoxelBox, zRange: Range<Int>,
                                            alpha: S, reaction: Reaction<S>, threshold: S) -> VoxelBox {
        var region = VoxelBox.empty
        let sy = b.strideY, sz = b.strideZ
        let length = box.upper.x - box.lower.x + 1
        let input = b.input, output = b.output, kx = b.kx, ky = b.ky, kz = b.kz
        for z in zRange {
            for y in box.lower.y...box.upper.y {
                let base = box.lower.x + sy * y + sz * z
                switch reaction {
                case .exactLogistic(let growth):
                    let gm1 = growth - 1
                    for i in base..<(base + length) {
                        let c = input[i]
                        let lap = kx[i] * (input[i + 1] - c) - kx[i - 1] * (c - input[i - 1])
                            + ky[i] * (input[i + sy] - c) - ky[i - sy] * (c - input[i - sy])
                            + kz[i] * (input[i + sz] - c) - kz[i - sz] * (c - input[i - sz])
                        let u = c + alpha * lap
                        output[i] = u * growth / (1 + u * gm1)
                    }
                case .forwardEuler(let rdt):
                    for i in base..<(base + length) {
                        let c = input[i]
                        let lap = kx[i] * (input[i + 1] - c) - kx[i - 1] * (c - input[i - 1])
                            + ky[i] * (input[i + sy] - c) - ky[i - sy] * (c - input[i - sy])
                            + kz[i] * (input[i + sz] - c) - kz[i - sz] * (c - input[i - sz])
                        let v = c + alpha * lap + rdt * c * (1 - c)
                        output[i] = v < 0 ? 0 : (v > 1 ? 1 : v)
                    }
                }
                // Where in this row is c above the active-region threshold?
                var first = 0
                while first < length && output[base + first] <= threshold { first += 1 }
                if first < length {
                    var last = length - 1
                    while output[base + last] <= threshold { last -= 1 }
                    let row = VoxelBox(lower: SIMD3(box.lower.x + first, y, z), upper: SIMD3(box.lower.x + last, y, z))
                    region = region.union(row)
                }
            }
        }
        return region
    }
}

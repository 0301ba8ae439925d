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
    ///
    /// Called from generic code, this dispatches on the concrete type so that the optimiser's
    /// specialisations for `Float` and `Double` run (a generic call would stay unspecialised across the
    /// class boundary, ~20× slower).
    @usableFromInline
    static func updateSlab<S: SolverScalar>(_ b: Buffers<S>, box: VoxelBox, zRange: Range<Int>,
                                            alpha: S, reaction: Reaction<S>, threshold: S) -> VoxelBox {
        if S.self == Float.self {
            let f = unsafeBitCast(b, to: Buffers<Float>.self)   // same type, checked above (no dynamic cast: no boxing)
            let r: Reaction<Float>
            switch reaction {
            case .exactLogistic(let g): r = .exactLogistic(growth: Float(g))
            case .forwardEuler(let k): r = .forwardEuler(rateTimesStep: Float(k))
            }
            return update(f, box: box, zRange: zRange, alpha: Float(alpha), reaction: r, threshold: Float(threshold))
        }
        if S.self == Double.self {
            let d = unsafeBitCast(b, to: Buffers<Double>.self)
            let r: Reaction<Double>
            switch reaction {
            case .exactLogistic(let g): r = .exactLogistic(growth: Double(g))
            case .forwardEuler(let k): r = .forwardEuler(rateTimesStep: Double(k))
            }
            return update(d, box: box, zRange: zRange, alpha: Double(alpha), reaction: r, threshold: Double(threshold))
        }
        return update(b, box: box, zRange: zRange, alpha: alpha, reaction: reaction, threshold: threshold)
    }

    /// Applies the exact logistic flow `c ← c·e/(1 + c(e−1))` (`e = e^{ρτ}`) to the voxels of `box`.
    @usableFromInline
    static func logisticFlow<S: SolverScalar>(_ p: UnsafeMutablePointer<S>, growth e: S, box: VoxelBox, strideY: Int, strideZ: Int) {
        if S.self == Float.self {
            p.withMemoryRebound(to: Float.self, capacity: 1) { logistic($0, growth: Float(e), box: box, strideY: strideY, strideZ: strideZ) }
        } else if S.self == Double.self {
            p.withMemoryRebound(to: Double.self, capacity: 1) { logistic($0, growth: Double(e), box: box, strideY: strideY, strideZ: strideZ) }
        } else {
            logistic(p, growth: e, box: box, strideY: strideY, strideZ: strideZ)
        }
    }

    private static func logistic<S: SolverScalar>(_ p: UnsafeMutablePointer<S>, growth e: S, box: VoxelBox, strideY: Int, strideZ: Int) {
        if box.isEmpty { return }
        let em1 = e - 1
        let length = box.upper.x - box.lower.x + 1
        for z in box.lower.z...box.upper.z {
            for y in box.lower.y...box.upper.y {
                let base = box.lower.x + strideY * y + strideZ * z
                for i in base..<(base + length) {
                    let c = p[i]
                    p[i] = c * e / (1 + c * em1)
                }
            }
        }
    }

    private static func update<S: SolverScalar>(_ b: Buffers<S>, box: VoxelBox, zRange: Range<Int>,
                                            alpha: S, reaction: Reaction<S>, threshold: S) -> VoxelBox {
        var region = VoxelBox.empty
        let sy = b.strideY, sz = b.strideZ
        let length = box.upper.x - box.lower.x + 1
        let input = b.input, output = b.output, kx = b.kx, ky = b.ky, kz = b.kz
        for z in zRange {
            for y in box.lower.y...box.upper.y {
                let base = box.lower.x + sy * y + sz * z
                // Row pointers: each neighbour and face array is indexed by the same j (no index arithmetic
                // in the loop, so it vectorises).
                let c0 = input + base, xp = c0 + 1, xm = c0 - 1, yp = c0 + sy, ym = c0 - sy, zp = c0 + sz, zm = c0 - sz
                let fx = kx + base, fxm = fx - 1, fy = ky + base, fym = fy - sy, fz = kz + base, fzm = fz - sz
                let out = output + base
                switch reaction {
                case .exactLogistic(let growth):
                    let gm1 = growth - 1
                    for j in 0..<length {
                        let c = c0[j]
                        let lap = fx[j] * (xp[j] - c) - fxm[j] * (c - xm[j])
                            + fy[j] * (yp[j] - c) - fym[j] * (c - ym[j])
                            + fz[j] * (zp[j] - c) - fzm[j] * (c - zm[j])
                        let u = c + alpha * lap
                        out[j] = u * growth / (1 + u * gm1)
                    }
                case .forwardEuler(let rdt):
                    for j in 0..<length {
                        let c = c0[j]
                        let lap = fx[j] * (xp[j] - c) - fxm[j] * (c - xm[j])
                            + fy[j] * (yp[j] - c) - fym[j] * (c - ym[j])
                            + fz[j] * (zp[j] - c) - fzm[j] * (c - zm[j])
                        let v = c + alpha * lap + rdt * c * (1 - c)
                        out[j] = v < 0 ? 0 : (v > 1 ? 1 : v)
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

extension StencilKernel {
    /// First crossings of θ during one step (`old` → `new`, stored states `a = R(shift)c`; `back = e^{−ρ·shift}`
    /// undoes the shift), by linear interpolation in time; `times[i] = +∞` marks "not yet".
    @usableFromInline
    static func recordCrossings<S: SolverScalar>(old: UnsafePointer<S>, new: UnsafePointer<S>, times: UnsafeMutablePointer<Double>,
                                                theta: Double, back: Double, start: Double, dt: Double,
                                                box: VoxelBox, strideY: Int, strideZ: Int) {
        if S.self == Float.self {
            old.withMemoryRebound(to: Float.self, capacity: 1) { o in
                new.withMemoryRebound(to: Float.self, capacity: 1) { n in
                    crossings(o, n, times, theta, back, start, dt, box, strideY, strideZ)
                }
            }
        } else if S.self == Double.self {
            old.withMemoryRebound(to: Double.self, capacity: 1) { o in
                new.withMemoryRebound(to: Double.self, capacity: 1) { n in
                    crossings(o, n, times, theta, back, start, dt, box, strideY, strideZ)
                }
            }
        } else {
            crossings(old, new, times, theta, back, start, dt, box, strideY, strideZ)
        }
    }

    private static func crossings<S: SolverScalar>(_ old: UnsafePointer<S>, _ new: UnsafePointer<S>, _ times: UnsafeMutablePointer<Double>,
                                                  _ theta: Double, _ back: Double, _ start: Double, _ dt: Double,
                                                  _ box: VoxelBox, _ strideY: Int, _ strideZ: Int) {
        let bm1 = back - 1
        let length = box.upper.x - box.lower.x + 1
        for z in box.lower.z...box.upper.z {
            for y in box.lower.y...box.upper.y {
                let base = box.lower.x + strideY * y + strideZ * z
                for i in base..<(base + length) where times[i] == .infinity {
                    let an = Double(new[i])
                    let cn = an * back / (1 + an * bm1)
                    guard cn >= theta else { continue }
                    let ao = Double(old[i])
                    let co = ao * back / (1 + ao * bm1)
                    let fraction = cn > co ? (theta - co) / (cn - co) : 1
                    times[i] = start + dt * min(max(fraction, 0), 1)
                }
            }
        }
    }
}

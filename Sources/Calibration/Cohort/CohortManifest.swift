import Foundation

/// One patient of a cohort: id, cohort label, and where its data are.
public struct CohortPatient: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A volume/burden time series (fitted with growth curves).
        case series(GrowthSeries)
        /// A patient specification file for imaging-based inference.
        case specification(URL)
        /// Data that could not be used; the job records this as the patient's error.
        case invalid(String)
    }

    public let id: String
    public let cohort: String
    public let source: Source

    public init(id: String, cohort: String, source: Source) {
        self.id = id
        self.cohort = cohort
        self.source = source
    }
}

/// A cohort manifest: patients (id, cohort label, a spec path or the data) plus growth-curve settings.
///
/// JSON form:
///
///     {"growth": {"models": ["exponential", "gompertz"], "primary": "exponential",
///                 "error": "relative-gaussian", "noise": 0.33, "particles": 1000, "runs": 2, "seed": 1},
///      "patients": [{"id": "p1", "cohort": "A", "series": "p1.csv"},
///                   {"id": "p2", "cohort": "B", "days": [0, 7, 14], "values": [1.2, 2.9, 6.1]},
///                   {"id": "p3", "cohort": "A", "spec": "p3/patient.json"}]}
///
/// CSV form: a header with an id column (`id`, `patient`, `animal`, `subject`), a cohort column (`cohort`,
/// `group`, `arm`) and either a `spec` or `series` column (one row per patient), or a time column (`day`,
/// `time`, …) and a value column (`value`, `volume`, `burden`, `bli_au`, …) with one row per measurement
/// (long format, e.g. ../shared/data/mouse-bli/bli_untreated.csv). Relative paths are resolved against the
/// manifest's folder. A patient whose data are unusable (non-positive values, too few points) becomes
/// ``CohortPatient/Source/invalid(_:)``, so the other patients still run.
public struct CohortManifest: Sendable {
    public var patients: [CohortPatient]
    /// Growth settings from the JSON `growth` block (nil: use the caller's defaults).
    public var growth: GrowthJobSettings?

    public init(patients: [CohortPatient], growth: GrowthJobSettings? = nil) {
        self.patients = patients
        self.growth = growth
    }

    static let idColumns = ["id", "patient", "patient_id", "animal", "subject", "mouse"]
    static let cohortColumns = ["cohort", "group", "arm", "label"]

    /// Reads a `.json` or `.csv` manifest.
    public static func read(_ url: URL) throws(CohortError) -> CohortManifest {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .invalidManifest(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        let base = url.deletingLastPathComponent()
        let manifest: CohortManifest
        if url.pathExtension.lowercased() == "json" {
            manifest = try parseJSON(data, path: url.path, base: base)
        } else {
            guard let text = String(data: data, encoding: .utf8) else {
                throw .invalidManifest(path: url.path, reason: "not UTF-8 text")
            }
            manifest = try parseCSV(text, path: url.path, base: base)
        }
        guard !manifest.patients.isEmpty else { throw .invalidManifest(path: url.path, reason: "no patients") }
        var seen = Set<String>()
        for p in manifest.patients {
            guard seen.insert(p.id).inserted else { throw .invalidManifest(path: url.path, reason: "patient id \(p.id) appears twice") }
            guard Self.isSafeName(p.id) else {
                throw .invalidManifest(path: url.path, reason: "patient id '\(p.id)' must be non-empty without '/' and not start with '.'")
            }
        }
        return manifest
    }

    static func isSafeName(_ s: String) -> Bool { !s.isEmpty && !s.contains("/") && !s.hasPrefix(".") }

    static func parseCSV(_ text: String, path: String, base: URL) throws(CohortError) -> CohortManifest {
        let table: DelimitedTable
        do { table = try DelimitedTable.parse(text, path: path) } catch { throw .invalidManifest(path: path, reason: error.description) }
        guard let idColumn = table.column(named: idColumns) else {
            throw .invalidManifest(path: path, reason: "no patient id column (\(idColumns.joined(separator: ", "))) in header \(table.header)")
        }
        guard let cohortColumn = table.column(named: cohortColumns) else {
            throw .invalidManifest(path: path, reason: "no cohort column (\(cohortColumns.joined(separator: ", "))) in header \(table.header)")
        }
        if let specColumn = table.column(named: ["spec", "specification"]) {
            return CohortManifest(patients: table.rows.map { row in
                CohortPatient(id: row[idColumn], cohort: row[cohortColumn],
                              source: .specification(resolve(row[specColumn], base: base)))
            })
        }
        if let seriesColumn = table.column(named: ["series", "data", "file"]) {
            return CohortManifest(patients: table.rows.map { row in
                let url = resolve(row[seriesColumn], base: base)
                let source: CohortPatient.Source
                do { source = .series(try GrowthSeries.read(csv: url, id: row[idColumn])) } catch { source = .invalid("\(error)") }
                return CohortPatient(id: row[idColumn], cohort: row[cohortColumn], source: source)
            })
        }
        guard let t = table.column(named: DelimitedTable.timeColumnNames),
              let v = table.column(named: DelimitedTable.valueColumnNames) else {
            throw .invalidManifest(path: path, reason: "needs a spec or series column, or time and value columns (long format); header \(table.header)")
        }
        // Long format: group rows by id, keeping first-appearance order; sort each series by day.
        var order = [String](), cohorts = [String: String](), rows = [String: [(Double, Double)]](), problems = [String: String]()
        for (k, row) in table.rows.enumerated() {
            let id = row[idColumn]
            if rows[id] == nil { order.append(id); rows[id] = []; cohorts[id] = row[cohortColumn] }
            if cohorts[id] != row[cohortColumn] {
                throw .invalidManifest(path: path, reason: "line \(k + 2): patient \(id) appears in cohorts \(cohorts[id] ?? "") and \(row[cohortColumn])")
            }
            guard let d = Double(row[t]), let y = Double(row[v]) else {
                problems[id] = problems[id] ?? "line \(k + 2): not numbers: \(row[t]), \(row[v])"
                continue
            }
            rows[id, default: []].append((d, y))
        }
        return CohortManifest(patients: order.map { id in
            let points = (rows[id] ?? []).sorted { $0.0 < $1.0 }
            let source: CohortPatient.Source
            if let problem = problems[id] {
                source = .invalid(problem)
            } else {
                do { source = .series(try GrowthSeries(id: id, days: points.map(\.0), values: points.map(\.1))) } catch {
                    source = .invalid("\(error)")
                }
            }
            return CohortPatient(id: id, cohort: cohorts[id] ?? "", source: source)
        })
    }

    private struct JSONManifest: Decodable {
        struct Growth: Decodable {
            var models: [String]?
            var primary: String?
            var error: String?
            var noise: Double?
            var particles: Int?
            var runs: Int?
            var mcmcSteps: Int?
            var seed: UInt64?
            enum CodingKeys: String, CodingKey { case models, primary, error, noise, particles, runs, seed, mcmcSteps = "mcmc_steps" }
        }
        struct Patient: Decodable {
            var id: String
            var cohort: String
            var spec: String?
            var series: String?
            var days: [Double]?
            var values: [Double]?
        }
        var growth: Growth?
        var patients: [Patient]
    }

    static func parseJSON(_ data: Data, path: String, base: URL) throws(CohortError) -> CohortManifest {
        let manifest: JSONManifest
        do { manifest = try JSONDecoder().decode(JSONManifest.self, from: data) } catch {
            throw .invalidManifest(path: path, reason: "malformed JSON: \(error)")
        }
        var growth: GrowthJobSettings?
        if let g = manifest.growth {
            do {
                let defaults = try GrowthJobSettings()
                let error = try g.error.map { k throws(GrowthCurveError) in try GrowthJobSettings.errorModel(kind: k, fixedScale: g.noise) }
                    ?? defaults.errorModel
                for (name, v) in [("particles", g.particles), ("runs", g.runs), ("mcmc_steps", g.mcmcSteps)] {
                    if let v, v < (name == "particles" ? 2 : 1) { throw GrowthCurveError.invalidSetting("growth.\(name) = \(v) is too small") }
                }
                let fit = GrowthCurveFitSettings(particles: g.particles ?? defaults.fit.particles, runs: g.runs ?? defaults.fit.runs,
                                                 mcmcSteps: g.mcmcSteps ?? defaults.fit.mcmcSteps, seed: g.seed ?? defaults.fit.seed)
                let models = g.models ?? defaults.models
                growth = try GrowthJobSettings(models: models, primaryModel: g.primary ?? (models.contains("exponential") ? "exponential" : models[0]),
                                               errorModel: error, fit: fit)
            } catch {
                throw .invalidManifest(path: path, reason: "growth: \(error)")
            }
        }
        let patients = manifest.patients.map { p -> CohortPatient in
            let source: CohortPatient.Source
            if let spec = p.spec {
                source = .specification(resolve(spec, base: base))
            } else if let series = p.series {
                do { source = .series(try GrowthSeries.read(csv: resolve(series, base: base), id: p.id)) } catch { source = .invalid("\(error)") }
            } else if let days = p.days, let values = p.values {
                do { source = .series(try GrowthSeries(id: p.id, days: days, values: values)) } catch { source = .invalid("\(error)") }
            } else {
                source = .invalid("patient has neither spec, series nor days/values")
            }
            return CohortPatient(id: p.id, cohort: p.cohort, source: source)
        }
        return CohortManifest(patients: patients, growth: growth)
    }

    static func resolve(_ path: String, base: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
    }
}

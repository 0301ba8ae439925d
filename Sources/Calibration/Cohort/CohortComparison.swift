import Foundation
import Inference

/// Population (hierarchical normal) estimates per cohort and their differences, from cohort folders
/// written by ``CohortRunner``.
///
/// Method (two-stage, Lunn et al. 2013): for each group and each parameter `x > 0`, `θ = log x` is given a
/// population distribution `N(μ, τ²)`; each patient's posterior draws are reweighted by
/// `N(θ; μ, τ²)/prior_i(θ)` (the patient's own prior on the log scale, `p_x(e^θ)·e^θ`, divided out), which
/// estimates that patient's marginal likelihood; `(μ, log τ)` are sampled by adaptive Metropolis under
/// `μ ~ N(0, 10²)`, `τ ~ half-normal(2.5)` (``HierarchicalNormalPosterior``). Parameters that may be
/// negative are modelled on their natural scale. Differences `μ_A − μ_B` pair the independent posteriors'
/// draws. Caveats: parameters are modelled one at a time; the reweighting can collapse (few effective
/// draws per patient, reported in ``warnings``); patients are exchangeable within a group.
public struct CohortComparison: Sendable {
    /// Per patient: the 5/50/95 % quantiles of θ (for forest plots).
    public struct UnitInterval: Sendable, Codable {
        public var patient: String
        public var q5: Double
        public var q50: Double
        public var q95: Double
    }

    /// One group (cohort) and its fits, one per parameter.
    public struct Group: Sendable {
        public var name: String
        public var patients: [String]
        public var fits: [PopulationFit]
        public var intervals: [[UnitInterval]]
    }

    /// How patients are grouped: by their cohort label, or by the folder they came from.
    public enum Grouping: String, Sendable { case cohort, folder }

    /// Modelled parameters (natural-scale names) and their labels (`log(lambda)`).
    public let parameters: [String]
    public let labels: [String]
    public let groups: [Group]
    public let differences: [PopulationDifference]
    public let warnings: [String]
    /// Patients skipped (failed, or without the requested model) with the reason.
    public let skipped: [String]

    /// Loads the folders, groups the patients and fits the population model.
    /// - Parameters:
    ///   - model: model to compare (default: each patient's primary model).
    ///   - parameters: natural-scale parameter names (default: the model's rate parameter).
    public static func compute(folders: [URL], model: String? = nil, parameters requested: [String]? = nil,
                               grouping: Grouping = .cohort, settings: PopulationFitSettings = .init(),
                               level: Double = 0.95) throws(CohortError) -> CohortComparison {
        var units = [(group: String, patient: String, description: FittedModelDescription, files: [CmdStanCSVFile])]()
        var skipped = [String]()
        for folder in folders {
            let patientsFolder = folder.appendingPathComponent("patients")
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: patientsFolder.path).filter { !$0.hasPrefix(".") }.sorted() } catch {
                throw .unreadableFolder(path: patientsFolder.path, reason: "not a cohort folder (no patients/): \(error.localizedDescription)")
            }
            for name in names {
                let patientFolder = patientsFolder.appendingPathComponent(name)
                guard let record = try? CohortJSON.decode(CohortPatientRecord.self, from: patientFolder.appendingPathComponent("run.json")) else {
                    skipped.append("\(name): no readable run.json"); continue
                }
                guard record.isComplete else { skipped.append("\(name): \(record.error ?? "not complete")"); continue }
                let modelName = model ?? record.primaryModel ?? ""
                guard let entry = record.models.first(where: { $0.name == modelName }) else {
                    skipped.append("\(name): no model \(modelName)"); continue
                }
                let modelFolder = patientFolder.appendingPathComponent(entry.folder)
                let description = try CohortJSON.decode(FittedModelDescription.self, from: modelFolder.appendingPathComponent("model.json"))
                var files = [CmdStanCSVFile]()
                var k = 1
                while true {
                    let url = modelFolder.appendingPathComponent("chain-\(k).csv")
                    guard FileManager.default.fileExists(atPath: url.path) else { break }
                    do { files.append(try CmdStanCSVReader.read(url)) } catch {
                        throw .unreadableFolder(path: url.path, reason: error.description)
                    }
                    k += 1
                }
                guard !files.isEmpty else { skipped.append("\(name): no chain files in \(modelFolder.path)"); continue }
                let group = grouping == .cohort ? record.cohort : folder.lastPathComponent
                units.append((group, record.patient, description, files))
            }
        }
        guard let first = units.first else { throw .comparisonImpossible("no complete patients in \(folders.map(\.path))") }
        let parameters = requested ?? [first.description.rateName ?? first.description.space.parameters[0].name]
        var groupNames = [String]()
        for u in units where !groupNames.contains(u.group) { groupNames.append(u.group) }

        var labels = [String]()
        var perGroupUnits = [[[UnitDraws]]](repeating: [], count: groupNames.count)
        for parameter in parameters {
            var label = parameter
            var columns = [[UnitDraws]](repeating: [], count: groupNames.count)
            for u in units {
                guard let p = u.description.space.parameters.first(where: { $0.name == parameter }), p.size == 1 else {
                    throw .comparisonImpossible("patient \(u.patient) has no scalar parameter \(parameter) (has \(u.description.space.columnNames))")
                }
                let useLog = Self.isPositive(p.prior)
                label = useLog ? "log(\(parameter))" : parameter
                let prior = p.prior.distribution
                var values = [Double](), logPriors = [Double]()
                for file in u.files {
                    guard let column = file.column(parameter) else {
                        throw .comparisonImpossible("patient \(u.patient): chain file has no column \(parameter)")
                    }
                    for x in column where x.isFinite {
                        let theta = useLog ? Foundation.log(x) : x
                        guard theta.isFinite else { continue }
                        values.append(theta)
                        logPriors.append(prior.logDensity(x) + (useLog ? theta : 0))
                    }
                }
                guard !values.isEmpty else { throw .comparisonImpossible("patient \(u.patient): no finite draws of \(parameter)") }
                let g = groupNames.firstIndex(of: u.group) ?? 0
                columns[g].append(UnitDraws(name: u.patient, values: values, logPriorDensities: logPriors))
            }
            labels.append(label)
            for g in groupNames.indices { perGroupUnits[g].append(columns[g]) }
        }

        var groups = [Group]()
        var warnings = [String]()
        for (g, name) in groupNames.enumerated() {
            var fits = [PopulationFit]()
            var intervals = [[UnitInterval]]()
            for (k, label) in labels.enumerated() {
                let unitsHere = perGroupUnits[g][k]
                guard unitsHere.count >= 2 else {
                    throw .comparisonImpossible("group \(name) has \(unitsHere.count) patient(s); the population model needs at least 2")
                }
                var s = settings
                s.seed = settings.seed &+ UInt64(g * 1000 + k)
                let fit: PopulationFit
                do { fit = try PopulationFit.fit(parameter: label, units: unitsHere, settings: s) } catch {
                    throw .comparisonImpossible("group \(name), \(label): \(error)")
                }
                fits.append(fit)
                warnings += fit.warnings.map { "\(name): \($0)" }
                intervals.append(unitsHere.map { u in
                    let sorted = u.values.sorted()
                    return UnitInterval(patient: u.name, q5: Diagnostics.quantile([sorted], probability: 0.05),
                                        q50: Diagnostics.quantile([sorted], probability: 0.5),
                                        q95: Diagnostics.quantile([sorted], probability: 0.95))
                })
            }
            groups.append(Group(name: name, patients: perGroupUnits[g].first?.map(\.name) ?? [], fits: fits, intervals: intervals))
        }
        var differences = [PopulationDifference]()
        for k in labels.indices {
            for i in groups.indices {
                for j in groups.indices where j > i {
                    differences.append(PopulationDifference.between(groups[i].fits[k], named: groups[i].name,
                                                                    and: groups[j].fits[k], named: groups[j].name, level: level))
                }
            }
        }
        return CohortComparison(parameters: parameters, labels: labels, groups: groups, differences: differences,
                                warnings: warnings, skipped: skipped)
    }

    /// Whether a prior's support is within (0, ∞) (then the parameter is modelled on the log scale).
    static func isPositive(_ prior: Prior) -> Bool {
        switch prior {
        case .logUniform, .logNormal: true
        case .uniform(let a, _), .truncatedNormal(_, _, let a, _): a >= 0
        case .normal: false
        }
    }
}

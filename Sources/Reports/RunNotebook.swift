import Foundation

/// The run report as a Jupyter notebook: the story of the HTML report, told with code a reader can change.
///
/// Sections, each a markdown cell that explains the step and a code cell that does it: what was run
/// (`run.json`, `resolved-spec.json`, `sampler.json`), diagnostics with warnings (R̂ ≥ 1.01, bulk-ESS < 400,
/// non-finite proposals, convergence rule not met), traces, marginal posteriors with their priors, a pair
/// plot, the predicted visible volume against time with 50/90 % bands and the observed volumes
/// (`predict/volumes.csv`), and axial/coronal/sagittal slices of P(FLAIR-visible) and mean c through the
/// lesion with the observed segmentation outlined (nibabel + matplotlib).
///
/// The cells read the run folder when they run, not when the notebook is written, so it stays valid
/// after `gliobayes predict` is run later. Each cell prints a note instead of raising when its file is
/// missing (no `predict/`, segmentation files moved, a copy of the folder without the maps).
extension RunReport {
    /// The convergence rule the diagnostics cell checks (the same as the HTML report's).
    static let notebookMaximumRHat = 1.01
    static let notebookMinimumBulkESS = 400

    /// The notebook of a run folder named `name` whose chains are `chainFiles` (names relative to the folder).
    /// `anatomy` holds the white- and grey-matter map paths (the slices' background), empty when unknown.
    static func notebook(name: String, chainFiles: [String], anatomy: [String] = []) -> Notebook {
        Notebook(cells: [
            .markdown("""
            # GlioBayes run: \(name)

            This notebook sits in the run folder and tells the same story as `report.html` beside it: what was \
            run, whether the sampler can be trusted, what the data taught us about each parameter, and what the \
            model predicts. It needs numpy, pandas, scipy, matplotlib, ArviZ and nibabel. Run it from the run \
            folder; a cell whose file is missing prints a note and the others go on.
            """),
            .code(setupCell(chainFiles: chainFiles, anatomy: anatomy)),
            .markdown("""
            ## What was run

            The data (scans and segmentations), the model and its priors as resolved from the specification \
            (`resolved-spec.json`: literature defaults, values derived from the data, user choices), the sampler, \
            seed and run time (`run.json`, `sampler.json`).
            """),
            .code(whatWasRunCell),
            .markdown("""
            ## Diagnostics

            Rank-normalised split-R̂ and bulk/tail effective sample sizes (Vehtari et al. 2021, as ArviZ computes \
            them). The convergence rule is R̂ < \(notebookMaximumRHat) and bulk-ESS ≥ \(notebookMinimumBulkESS) \
            for every parameter. Proposals whose log-density was not finite (a failed forward solve, a parameter \
            outside its support) count as rejections; many of them slow the chains down. Read the warnings \
            before the results.
            """),
            .code(diagnosticsCell),
            .markdown("""
            ## Traces

            One line per chain. Chains that wander apart or stick for long stretches are what R̂ and ESS measure.
            """),
            .code(tracesCell),
            .markdown("""
            ## Marginal posteriors over their priors

            Histogram: posterior draws on the natural scale. Dashed line: the prior density from `resolved-spec.json`. \
            Where the two look alike the data said little about the parameter.
            """),
            .code(marginalsCell),
            .markdown("""
            ## Pairs

            Joint draws of diffusivity, proliferation rate and tumour age: the speed of the front \
            (2√(Dρ)) is well determined by two scans, D and ρ separately much less.
            """),
            .code(pairCell),
            .markdown("""
            ## Predicted visible volume

            `gliobayes predict` runs the model forward for posterior draws and writes the visible T1Gd and FLAIR \
            volume quantiles per day (`predict/volumes.csv`). Line: median; bands: 50 % and 90 % posterior \
            predictive intervals; red dots: the volumes of the observed segmentations. Day 0 is the first scan.
            """),
            .code(volumeCell),
            .markdown("""
            ## Slices through the lesion

            Axial, coronal and sagittal slices through the centre of the last observed lesion, on the earliest \
            predicted day: the posterior probability that a voxel is visible on FLAIR, and the posterior mean \
            tumour cell density c. Red outline: the observed FLAIR (top) and T1Gd (bottom) region at the last scan.
            """),
            .code(slicesCell),
        ])
    }

    /// Imports, the run folder's files, and helpers the later cells share.
    static func setupCell(chainFiles: [String], anatomy: [String]) -> String {
        let files = chainFiles.map(pythonString).joined(separator: ", ")
        let anatomyFiles = anatomy.map(pythonString).joined(separator: ", ")
        let unitEntries = Self.units.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ")
        return #"""
        import glob
        import json
        import math
        import os

        import numpy as np
        import pandas as pd
        import matplotlib.pyplot as plt
        from scipy import stats
        import arviz as az
        import nibabel as nib

        RUN = "."   # the run folder
        CHAIN_FILES = [\#(files)]
        ANATOMY = [\#(anatomyFiles)]   # white and grey matter maps: the background of the slices
        UNITS = {\#(unitEntries)}


        def read_json(name):
            """The run folder's JSON file `name`, or {} with a note when it is missing."""
            path = os.path.join(RUN, name)
            if not os.path.exists(path):
                print(f"note: {name} is missing")
                return {}
            with open(path) as f:
                return json.load(f)


        run = read_json("run.json")
        resolved = read_json("resolved-spec.json")
        sampler = read_json("sampler.json")
        spec = resolved.get("specification", {})
        entries = resolved.get("model", {}).get("entries", [])
        scans = spec.get("scans", [])


        def segmentation(scan, region):
            """The observed T1Gd- or FLAIR-visible region of a scan (boolean array) and its voxel volume in mm³, or None."""
            key = "t1Gd" if region == "t1gd" else "flair"
            if not scan.get(key):
                return None
            kind, args = next(iter(scan[key].items()))   # {"mask": {"path"}} or {"labels": {"path", "convention"}}
            path = os.path.join(spec.get("baseDirectory", "."), args["path"])
            if not os.path.exists(path):
                print(f"note: segmentation {path} is missing")
                return None
            image = nib.load(path)
            values = np.asanyarray(image.dataobj)
            if kind == "mask":
                mask = values > 0.5
            elif region == "flair":
                mask = values > 0
            else:   # BraTS: necrotic core + enhancing tumour; enhancing is 4 (2017-2020) or 3 (2021+)
                enhancing = 3 if args.get("convention") == "brats2021" or (args.get("convention") is None and not (values == 4).any()) else 4
                mask = (values == 1) | (values == enhancing)
            if region == "flair" and not scan.get("flairIncludesT1Gd", True):
                t1 = segmentation(scan, "t1gd")
                if t1 is not None:
                    mask = mask | t1[0]
            return mask, float(np.prod(image.header.get_zooms()[:3]))


        chains = [os.path.join(RUN, f) for f in CHAIN_FILES if os.path.exists(os.path.join(RUN, f))]
        idata = az.from_cmdstan(chains) if chains else None
        names = list(idata.posterior.data_vars) if idata is not None else []
        print(f"{len(chains)} chains, parameters: {', '.join(names) or 'none'}")
        """#
    }

    static let whatWasRunCell = #"""
    def describe(prior):
        """'logUniform(lower=0.02, upper=1.5)' from resolved-spec.json's {"logUniform": {...}}."""
        kind, args = next(iter(prior.items()))
        return kind + "(" + ", ".join(f"{k}={v:.4g}" for k, v in args.items()) + ")"


    anatomy = spec.get("anatomy", {})
    model = spec.get("model", {})
    facts = {
        "patient": spec.get("name"),
        "anatomy": "built-in MNI ICBM152 2009a" if "builtin" in anatomy else json.dumps(anatomy.get("files", anatomy)),
        "scans": "; ".join(f"day {s['day']:g}: " + " + ".join(k for k in ("t1Gd", "flair", "pet", "cellularity") if s.get(k))
                           for s in scans),
        "likelihood": f"{model.get('link')} link, epsilon = {model.get('epsilon')}, sigma_alpha = {model.get('sigmaAlpha')}",
        "grids": "; ".join(f"{g['role']} {g['resolutionMillimeters']} mm: {g['likelihoodVoxels']} likelihood voxels"
                           for g in resolved.get("grids", [])),
        "sampler": run.get("sampler"),
        "chains": run.get("chains"),
        "seed": run.get("seed"),
        "iterations per chain": f"{sampler.get('iterations_per_chain')} ({sampler.get('warmup_iterations')} warm-up)",
        "status": f"{run.get('status')} ({run.get('stopReason')})",
        "wall time": f"{run['wallSeconds']:.1f} s" if isinstance(run.get("wallSeconds"), (int, float)) else "unknown",
        "forward solves": sampler.get("forward_solves_by_resolution_mm"),
        "command": run.get("gliobayesCommand"),
    }
    for key, value in facts.items():
        print(f"{key:>22}: {value}")
    for note in resolved.get("notes", []):
        print("note:", note)

    parameters = pd.DataFrame([{
        "parameter": e["name"],
        "unit": UNITS.get(e["name"], ""),
        "prior or fixed value": describe(e["prior"]) if "prior" in e else f"fixed at {e.get('fixedValue')}",
        "source": e.get("source", ""),
    } for e in entries])
    print()
    print(parameters.to_string(index=False) if len(parameters) else "note: no model parameters (resolved-spec.json missing)")
    """#

    static var diagnosticsCell: String {
        #"""
        MAX_RHAT, MIN_ESS = \#(notebookMaximumRHat), \#(notebookMinimumBulkESS)
        warnings = []
        if run.get("status") != "complete":
            warnings.append(f"the run's status is {run.get('status')!r}, not 'complete': these results are partial")
        if run.get("converged") is False:
            warnings.append(f"the sampler stopped without meeting the convergence rule (stop reason: {run.get('stopReason')})")
        non_finite = sampler.get("non_finite_proposals") or 0
        if non_finite > 0:
            warnings.append(f"{non_finite} of {sampler.get('proposals')} proposals had a non-finite log-density and were rejected")
        summary = None
        if idata is None:
            warnings.append("no chain files: nothing to diagnose")
        else:
            summary = az.summary(idata, kind="all", hdi_prob=0.9)
            high_rhat = summary.index[~(summary["r_hat"] < MAX_RHAT)].tolist()
            low_bulk = summary.index[~(summary["ess_bulk"] >= MIN_ESS)].tolist()
            low_tail = summary.index[~(summary["ess_tail"] >= MIN_ESS)].tolist()
            if high_rhat:
                warnings.append(f"R-hat >= {MAX_RHAT} (or undefined) for {', '.join(high_rhat)}: the chains disagree; run longer")
            if low_bulk:
                warnings.append(f"bulk-ESS < {MIN_ESS} for {', '.join(low_bulk)}: posterior means and intervals are imprecise")
            if low_tail:
                warnings.append(f"tail-ESS < {MIN_ESS} for {', '.join(low_tail)}: the 5 % and 95 % quantiles are imprecise")
        for w in warnings:
            print("WARNING:", w)
        if not warnings:
            print(f"No warnings: every R-hat < {MAX_RHAT} and bulk-ESS >= {MIN_ESS}.")
        if summary is not None:
            print()
            print(summary.to_string())
        """#
    }

    static let tracesCell = #"""
    if idata is None:
        print("note: no draws to plot")
    else:
        az.plot_trace(idata, var_names=names, compact=False)
        plt.tight_layout()
        plt.show()
    """#

    static let marginalsCell = #"""
    def prior_pdf(prior, x):
        """Density of a resolved-spec.json prior at x (natural scale)."""
        kind, a = next(iter(prior.items()))
        if kind == "uniform":
            return stats.uniform(a["lower"], a["upper"] - a["lower"]).pdf(x)
        if kind == "logUniform":
            return stats.loguniform(a["lower"], a["upper"]).pdf(x)
        if kind == "normal":
            return stats.norm(a["mean"], a["standardDeviation"]).pdf(x)
        if kind == "logNormal":
            return stats.lognorm(s=a["logStandardDeviation"], scale=math.exp(a["logMean"])).pdf(x)
        if kind == "truncatedNormal":
            m, s = a["mean"], a["standardDeviation"]
            return stats.truncnorm((a["lower"] - m) / s, (a["upper"] - m) / s, loc=m, scale=s).pdf(x)
        return np.full_like(x, np.nan)


    priors = {e["name"]: e["prior"] for e in entries if "prior" in e}
    if not names:
        print("note: no draws to plot")
    else:
        columns = 4
        fig, axes = plt.subplots(math.ceil(len(names) / columns), columns, figsize=(3.2 * columns, 2.6 * math.ceil(len(names) / columns)),
                                 squeeze=False)
        for ax, name in zip(axes.flat, names):
            draws = idata.posterior[name].values.ravel()
            ax.hist(draws, bins=30, density=True, color="#4292c6", alpha=0.7, label="posterior")
            if name in priors:
                low, high = np.min(draws), np.max(draws)
                pad = 0.25 * (high - low) if high > low else 0.1 * abs(low) + 1e-9
                x = np.linspace(low - pad, high + pad, 400)
                ax.plot(x, prior_pdf(priors[name], x), color="#444444", linestyle="--", label="prior")
            ax.set_title(name + (f" ({UNITS[name]})" if name in UNITS else ""))
            ax.set_yticks([])
        for ax in axes.flat[len(names):]:
            ax.set_visible(False)
        axes.flat[0].legend(fontsize="small")
        fig.tight_layout()
        plt.show()
    """#

    static let pairCell = #"""
    pair = [v for v in ["D_w", "rho", "T"] if v in names]
    if len(pair) < 2:
        print("note: fewer than two of D_w, rho, T were sampled; no pair plot")
    else:
        az.plot_pair(idata, var_names=pair, kind="scatter", marginals=True, figsize=(8, 8), scatter_kwargs={"alpha": 0.3})
        plt.show()
    """#

    static let volumeCell = #"""
    volumes_path = os.path.join(RUN, "predict", "volumes.csv")
    if not os.path.exists(volumes_path):
        print("note: no predictions yet (predict/volumes.csv is missing): run `gliobayes predict` on this folder, then this notebook again")
    else:
        volumes = pd.read_csv(volumes_path)
        regions = [r for r in ("t1gd", "flair") if r in set(volumes["region"])]
        first_day = min((s["day"] for s in scans), default=0)
        fig, axes = plt.subplots(1, len(regions), figsize=(5.5 * len(regions), 3.6), squeeze=False)
        for ax, region in zip(axes[0], regions):
            v = volumes[volumes["region"] == region].sort_values("day_after_first_scan")
            day = v["day_after_first_scan"].to_numpy()
            q = {k: v[f"{k}_mm3"].to_numpy() / 1000 for k in ("q5", "q25", "q50", "q75", "q95")}
            if len(v) > 1:
                ax.fill_between(day, q["q5"], q["q95"], color="#9ecae1", alpha=0.6, label="90 %")
                ax.fill_between(day, q["q25"], q["q75"], color="#4292c6", alpha=0.6, label="50 %")
                ax.plot(day, q["q50"], color="#08306b", label="median")
            else:   # one predicted day: the intervals as error bars
                ax.errorbar(day, q["q50"], yerr=[q["q50"] - q["q5"], q["q95"] - q["q50"]], fmt="none", ecolor="#9ecae1", lw=6, label="90 %")
                ax.errorbar(day, q["q50"], yerr=[q["q50"] - q["q25"], q["q75"] - q["q50"]], fmt="o", color="#08306b", ecolor="#4292c6",
                            lw=6, label="50 %, median")
            observed = [(s["day"] - first_day, m.sum() * voxel / 1000) for s in scans
                        for m, voxel in [segmentation(s, region) or (None, None)] if m is not None]
            if observed:
                ax.plot(*zip(*observed), "o", color="#d62728", label="observed")
            ax.set(title=f"visible {'T1Gd' if region == 't1gd' else 'FLAIR'} volume", xlabel="day after first scan", ylabel="volume (cm³)")
            ax.set_ylim(bottom=0)
            ax.legend(fontsize="small")
        fig.tight_layout()
        plt.show()
    """#

    static let slicesCell = #"""
    def predicted_day(path):
        """The day in a predicted map's name (p-visible-flair-day30.nii.gz -> 30)."""
        digits = "".join(c for c in os.path.basename(path) if c.isdigit() or c == ".").strip(".")
        try:
            return float(digits)
        except ValueError:
            return math.inf


    def load_map(path):
        """A predicted map as a float array, or None with a note when it is missing."""
        if not os.path.exists(path):
            print(f"note: {path} is missing")
            return None
        return np.asanyarray(nib.load(path).dataobj, dtype=float)


    flair_maps = sorted(glob.glob(os.path.join(RUN, "predict", "p-visible-flair-*.nii.gz")), key=predicted_day)
    if not flair_maps:
        print("note: no predicted maps (predict/p-visible-flair-*.nii.gz): run `gliobayes predict` on this folder first")
    else:
        tag = os.path.basename(flair_maps[0])[len("p-visible-flair-"):-len(".nii.gz")]
        p_flair = load_map(flair_maps[0])
        mean_c = load_map(os.path.join(RUN, "predict", f"mean-c-{tag}.nii.gz"))
        last = scans[-1] if scans else {}
        outlines = {}
        for region in ("t1gd", "flair"):
            found = segmentation(last, region) if last else None
            if found is not None and found[0].shape == p_flair.shape:
                outlines[region] = found[0]
        # Centre: centroid of the last T1Gd (else FLAIR) region, else the maximum of mean c.
        reference = next((outlines[r] for r in ("t1gd", "flair") if r in outlines and outlines[r].any()), None)
        if reference is not None:
            centre = np.round(np.argwhere(reference).mean(axis=0)).astype(int)
        elif mean_c is not None:
            centre = np.array(np.unravel_index(np.argmax(mean_c), mean_c.shape))
        else:
            centre = np.array(p_flair.shape) // 2
        background = np.zeros_like(p_flair)
        if len(ANATOMY) == 2 and all(os.path.exists(f) for f in ANATOMY):
            tissue = [np.asanyarray(nib.load(f).dataobj, dtype=float) for f in ANATOMY]
            if all(t.shape == p_flair.shape for t in tissue):
                background = np.clip(sum(t / max(t.max(), 1e-9) for t in tissue), 0, 1)
        print(f"slices through voxel {tuple(int(c) for c in centre)}, {tag} after the last scan")
        rows = [("P(visible on FLAIR)", p_flair, outlines.get("flair"), "FLAIR"), ("posterior mean c", mean_c, outlines.get("t1gd"), "T1Gd")]
        fig, axes = plt.subplots(2, 3, figsize=(13, 8.5))
        for row_axes, (title, values, outline, outline_name) in zip(axes, rows):
            image = None
            for ax, (plane, axis) in zip(row_axes, [("axial", 2), ("coronal", 1), ("sagittal", 0)]):
                ax.set_axis_off()
                if values is None:
                    ax.set_title(f"{title}: missing")
                    continue
                cut = lambda volume: np.take(volume, centre[axis], axis=axis).T   # rows: y (axial) or z, drawn upwards
                ax.imshow(cut(background), cmap="gray", vmin=0, vmax=1.6, origin="lower")
                image = ax.imshow(np.ma.masked_less(cut(values), 0.01), cmap="viridis", vmin=0, vmax=1, origin="lower")
                if outline is not None and cut(outline).any():
                    ax.contour(cut(outline).astype(float), levels=[0.5], colors="red", linewidths=1)
                ax.set_title(f"{title}, {plane}")
            if image is not None:
                fig.colorbar(image, ax=row_axes.tolist(), shrink=0.8, label=f"{title} (red: observed {outline_name})")
        plt.show()
    """#

    /// A Python string literal (JSON's quoting is valid Python for these paths and names).
    static func pythonString(_ text: String) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]),
              let array = String(data: data, encoding: .utf8) else { return "\"\"" }
        return String(array.dropFirst().dropLast())
    }
}

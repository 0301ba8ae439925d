"""Checks `gliobayes cohort` and `gliobayes compare` outputs with the real tools (ArviZ, pandas).

Writes a small long-format manifest (two groups of three exponential growth curves, rates 0.30 and
0.15 per day, log-normal noise 5 %), runs `.build/release/gliobayes cohort` (exponential and
linear-radial laws, TMCMC 200 particles x 2 runs) and `gliobayes compare`, then:
1. each patient's chain-<k>.csv loads with arviz.from_cmdstan, and ArviZ's mean, sd, R-hat and bulk-ESS
   of lambda equal our summary.csv (round-off for mean/sd, 1e-6 relative for the diagnostics);
2. cohort.csv (pandas) has one row per patient, status complete, and lambda_mean equal to summary.csv;
3. the log-evidence of the exponential law beats linear-radial for every patient (evidence.csv);
4. differences.csv: the 95 % interval of log(lambda) fast - slow covers log 2, and P(>0) > 0.9;
5. report.html is self-contained (no script tags, no http(s) references).
Exits non-zero on the first failure.
"""
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import arviz as az
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "release" / "gliobayes"


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def close(a, b, rel):
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


if not BINARY.exists():
    fail(f"{BINARY} not built (scripts/test.sh builds it before the checks)")

rng = np.random.default_rng(7)
lines = ["animal,group,day,value"]
for group, rate in [("fast", 0.30), ("slow", 0.15)]:
    for i in range(3):
        lam = rate * math.exp(0.05 * rng.standard_normal())
        for day in range(0, 21, 4):
            lines.append(f"{group}{i},{group},{day},{1e5 * math.exp(lam * day + 0.05 * rng.standard_normal()):.6g}")

with tempfile.TemporaryDirectory() as folder:
    folder = Path(folder)
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n")
    cohort, compare = folder / "cohort", folder / "compare"
    run = subprocess.run([str(BINARY), "cohort", str(folder / "manifest.csv"), "--out", str(cohort), "--jobs", "2",
                          "--models", "exponential,linear-radial", "--error", "lognormal", "--noise", "0.05",
                          "--particles", "200"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if run.returncode != 0:
        fail(f"cohort exited {run.returncode}: {run.stderr.strip()}")
    table = pd.read_csv(cohort / "cohort.csv")
    if len(table) != 6 or set(table["status"]) != {"complete"}:
        fail(f"cohort.csv: expected 6 complete rows, got {table[['patient', 'status']].to_dict('records')}")
    for _, row in table.iterrows():
        model = cohort / "patients" / row["patient"] / "exponential"
        chains = sorted(model.glob("chain-*.csv"))
        idata = az.from_cmdstan([str(c) for c in chains])
        ours = pd.read_csv(model / "summary.csv").set_index("parameter").loc["lambda"]
        draws = idata.posterior["lambda"].values
        theirs_mean, theirs_sd = float(draws.mean()), float(draws.std(ddof=1))
        rhat = float(az.rhat(idata, var_names=["lambda"])["lambda"])
        ess = float(az.ess(idata, var_names=["lambda"], method="bulk")["lambda"])
        if draws.shape != (2, 200):
            fail(f"{row['patient']}: ArviZ sees draws of shape {draws.shape}, expected (2, 200)")
        if not (close(theirs_mean, ours["mean"], 1e-12) and close(theirs_sd, ours["sd"], 1e-10)):
            fail(f"{row['patient']}: mean/sd ArviZ {theirs_mean}, {theirs_sd} vs ours {ours['mean']}, {ours['sd']}")
        if not (close(rhat, ours["rhat"], 1e-6) and close(ess, ours["ess_bulk"], 1e-6)):
            fail(f"{row['patient']}: R-hat/ESS ArviZ {rhat}, {ess} vs ours {ours['rhat']}, {ours['ess_bulk']}")
        if not close(row["lambda_mean"], ours["mean"], 1e-12):
            fail(f"{row['patient']}: cohort.csv lambda_mean {row['lambda_mean']} vs summary {ours['mean']}")
    evidence = pd.read_csv(cohort / "evidence.csv").pivot(index="patient", columns="model", values="log_evidence")
    if not (evidence["exponential"] > evidence["linear-radial"]).all():
        fail(f"exponential should win every patient:\n{evidence}")

    run = subprocess.run([str(BINARY), "compare", str(cohort), "--out", str(compare), "--iterations", "1000"],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if run.returncode != 0:
        fail(f"compare exited {run.returncode}: {run.stderr.strip()}")
    diff = pd.read_csv(compare / "differences.csv").iloc[0]
    if not (diff["lower"] < math.log(2) < diff["upper"] and diff["p_positive"] > 0.9):
        fail(f"difference {diff.to_dict()} should cover log 2 with P(>0) > 0.9")
    report = json.loads((compare / "comparison.json").read_text())
    if len(report["populations"]) != 2:
        fail("comparison.json should hold two populations")
    html = (compare / "report.html").read_text()
    if "<script" in html or "http://" in html.replace("http://www.w3.org/2000/svg", "") or "https://" in html:
        fail("report.html is not self-contained")
    print(f"cohort: 6 patients; ArviZ agrees with summary.csv (mean, sd, R-hat, bulk-ESS); "
          f"exponential beats linear-radial for all; log-rate difference {diff['mean']:.3f} "
          f"[{diff['lower']:.3f}, {diff['upper']:.3f}] covers log 2 = {math.log(2):.3f}; report self-contained")

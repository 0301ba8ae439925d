"""Checks `gliobayes synthesize → infer → predict` with the readers users will use.

1. a small synthetic patient on the built-in anatomy (4 mm), `infer` with 2 short chains (exit 0 or 4);
2. the run folder is complete (run.json status "complete", written last) and holds every file;
3. `arviz.from_cmdstan` and `cmdstanpy.from_csv` read the chain CSVs; ArviZ's R-hat / bulk-ESS agree with
   summary.csv to 1e-6 relative;
4. `predict` writes maps that nibabel reads on the anatomy's grid (shape and affine), with values in [0, 1],
   and volumes.csv has rows for both regions.
Exits non-zero on the first failure and prints what it compared.
"""
import csv
import glob
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import arviz as az
import nibabel as nib
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "release" / "gliobayes"


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def run(args, ok=(0,)):
    r = subprocess.run([str(BINARY)] + args, capture_output=True, text=True)
    if r.returncode not in ok:
        fail(f"{' '.join(args)} exited {r.returncode}: {r.stderr.strip()[-500:]}")
    return r


with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    run(["synthesize", "--out", str(tmp / "data"), "--D-w", "0.15", "--rho", "0.02", "--age", "250",
         "--seed-point=-30,-10,20", "--days", "0,60"])
    run(["infer", str(tmp / "data" / "spec.json"), "--out", str(tmp / "run"), "--chains", "2", "--warmup", "30",
         "--samples", "60", "--threads", "2"], ok=(0, 4))
    record = json.loads((tmp / "run" / "run.json").read_text())
    if record["status"] != "complete":
        fail(f"run.json status {record['status']}")
    for name in ["resolved-spec.json", "summary.csv", "summary.json", "sampler.json", "chain-1.csv", "chain-2.csv"]:
        if not (tmp / "run" / name).exists():
            fail(f"run folder lacks {name}")
    files = sorted(glob.glob(str(tmp / "run" / "chain-*.csv")))
    data = az.from_cmdstan(files)
    import cmdstanpy
    fit = cmdstanpy.from_csv(files)
    if fit.draws().shape[0] != 60:
        fail(f"cmdstanpy read {fit.draws().shape[0]} draws, expected 60")
    summary = {row["name"]: row for row in csv.DictReader(open(tmp / "run" / "summary.csv"))}
    reference = az.summary(data, var_names=list(summary), round_to="none")
    for name, row in summary.items():
        for ours, theirs in [("r_hat", "r_hat"), ("ess_bulk", "ess_bulk"), ("mean", "mean")]:
            a, b = float(row[ours]), float(reference.loc[name, theirs])
            if abs(a - b) > 1e-6 * max(1, abs(b)):
                fail(f"{name} {ours}: summary.csv {a} vs ArviZ {b}")
    print(f"ok: ArviZ {az.__version__} and cmdstanpy read {len(files)} chains; R-hat/ESS/mean agree for {len(summary)} parameters")

    run(["predict", str(tmp / "run"), "--days", "30", "--draws", "4"])
    anatomy = nib.load(run(["anatomy", "--path", "white_matter"]).stdout.strip())
    for name in ["mean-c-day30", "sd-c-day30", "p-visible-t1gd-day30", "p-visible-flair-day30", "target-margin-15mm", "target-model"]:
        image = nib.load(tmp / "run" / "predict" / f"{name}.nii.gz")
        values = np.asarray(image.dataobj)
        if image.shape[:3] != anatomy.shape[:3] or not np.allclose(image.affine, anatomy.affine, atol=1e-4):
            fail(f"{name}: shape {image.shape} / affine differ from the anatomy {anatomy.shape}")
        if values.min() < 0 or values.max() > 1:
            fail(f"{name}: values outside [0, 1]")
    regions = {row["region"] for row in csv.DictReader(open(tmp / "run" / "predict" / "volumes.csv"))}
    if regions != {"t1gd", "flair"}:
        fail(f"volumes.csv regions {regions}")
    print("ok: predict maps on the anatomy grid (nibabel), values in [0, 1]; volumes.csv has t1gd and flair")

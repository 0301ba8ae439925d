"""Checks `gliobayes simulate` output with the real tools (nibabel, numpy).

Runs `.build/release/gliobayes simulate` on ../shared/data/lipkova-case (WM/GM masks, 256^3, 1 mm,
identity sform) with the GliomaSolver reference parameters (D_w 0.13 mm^2/day, rho 0.025/day) seeded
at the reference's seed (world mm 166.35,151.25,95.13) for 150 and 300 days, then with nibabel:
1. every image has the anatomy's shape and affine;
2. density is float32 in [0, 1], zero outside WM+GM, and peaks near the seed;
3. the T1Gd / FLAIR masks are uint8 and equal density >= 0.8 / >= 0.16 exactly;
4. simulate.json records the parameters, and its volumes equal the mask voxel counts (x 1 mm^3);
5. the tumour grows between the two days.
Skips (exit 0, with a message) when ../shared/data is absent. Exits non-zero on the first failure.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import nibabel as nib
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "release" / "gliobayes"
CASE = ROOT.parent / "shared" / "data" / "lipkova-case"


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


if not CASE.exists():
    print(f"skipped: {CASE} not found")
    sys.exit(0)
if not BINARY.exists():
    fail(f"{BINARY} not built (scripts/test.sh builds it before the checks)")

wm = nib.load(CASE / "WM.nii.gz")
gm = nib.load(CASE / "GM.nii.gz")
tissue = (np.asanyarray(wm.dataobj) + np.asanyarray(gm.dataobj)) > 0

with tempfile.TemporaryDirectory() as folder:
    out = Path(folder) / "run"
    run = subprocess.run([str(BINARY), "simulate", "--anatomy", str(CASE), "--seed", "166.35,151.25,95.13",
                          "--dw", "0.13", "--rho", "0.025", "--days", "150,300", "--out", str(out)],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if run.returncode != 0:
        fail(f"simulate exited {run.returncode}: {run.stderr.strip()}")
    record = json.loads((out / "simulate.json").read_text())
    if record["model"]["dw_mm2_per_day"] != 0.13 or record["model"]["rho_per_day"] != 0.025:
        fail(f"simulate.json model: {record['model']}")
    volumes = []
    for entry in record["outputs"]:
        day = entry["day"]
        c_img = nib.load(out / entry["density"])
        t1_img = nib.load(out / entry["t1gd"])
        fl_img = nib.load(out / entry["flair"])
        for name, img in [("density", c_img), ("t1gd", t1_img), ("flair", fl_img)]:
            if img.shape != wm.shape or not np.allclose(img.affine, wm.affine):
                fail(f"day {day} {name}: shape {img.shape} affine\n{img.affine}\nvs anatomy {wm.shape}\n{wm.affine}")
        c = np.asanyarray(c_img.dataobj)
        if c.dtype != np.float32 or t1_img.get_data_dtype() != np.uint8 or fl_img.get_data_dtype() != np.uint8:
            fail(f"day {day}: dtypes {c.dtype}, {t1_img.get_data_dtype()}, {fl_img.get_data_dtype()}")
        if c.min() < 0 or c.max() > 1 or np.any(c[~tissue] != 0):
            fail(f"day {day}: density range [{c.min()}, {c.max()}] or non-zero outside tissue")
        peak = tuple(int(i) for i in np.unravel_index(np.argmax(c), c.shape))
        if np.linalg.norm(np.array(peak) - np.array([166.35, 151.25, 95.13])) > 6:
            fail(f"day {day}: peak at voxel {peak}, far from the seed")
        t1 = np.asanyarray(t1_img.dataobj)
        fl = np.asanyarray(fl_img.dataobj)
        if not np.array_equal(t1 == 1, c >= np.float32(0.8)) or not np.array_equal(fl == 1, c >= np.float32(0.16)):
            fail(f"day {day}: masks differ from the thresholded density")
        if entry["t1gd_volume_mm3"] != float(t1.sum()) or entry["flair_volume_mm3"] != float(fl.sum()):
            fail(f"day {day}: JSON volumes {entry['t1gd_volume_mm3']}, {entry['flair_volume_mm3']} vs masks {t1.sum()}, {fl.sum()}")
        volumes.append(int(fl.sum()))
        print(f"day {day}: max c {c.max():.4f} at {peak}, T1Gd {int(t1.sum())} vox, FLAIR {int(fl.sum())} vox; shape/affine/dtypes/masks ok")
    if not volumes[1] > volumes[0] > 0:
        fail(f"FLAIR volume does not grow: {volumes}")
print("simulate output agrees with nibabel: OK")

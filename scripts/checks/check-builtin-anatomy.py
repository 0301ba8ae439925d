"""Checks the built-in anatomy end to end with the real tools.

1. `.build/release/gliobayes anatomy --json`, run from an unrelated folder, finds
   Resources/anatomy/mni152-2009a of this clone;
2. the two maps match the sha256 recorded in PROVENANCE.md (i.e. the nilearn wheel's bytes);
3. nibabel reads them as 197x233x189, 1 mm, uint8, values 0..255, on the same affine;
4. the ICBM copyright notice (COPYING) is beside them;
5. GLIOBAYES_ANATOMY pointing at an empty folder gives exit code 3 and a one-line error.
Exits non-zero on the first failure and prints what it compared.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nibabel as nib
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "release" / "gliobayes"
FOLDER = ROOT / "Resources" / "anatomy" / "mni152-2009a"


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


if not BINARY.exists():
    fail(f"{BINARY} not built (scripts/test.sh builds it before the checks)")

with tempfile.TemporaryDirectory() as elsewhere:
    env = {k: v for k, v in os.environ.items() if k != "GLIOBAYES_ANATOMY"}
    run = subprocess.run([str(BINARY), "anatomy", "--json"], cwd=elsewhere, env=env,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if run.returncode != 0:
        fail(f"gliobayes anatomy --json exited {run.returncode}: {run.stderr.strip()}")
    report = json.loads(run.stdout)
    print(f"gliobayes anatomy --json (cwd {elsewhere}) -> {report['directory']}")
    if Path(report["directory"]).resolve() != FOLDER.resolve():
        fail(f"directory {report['directory']} != {FOLDER}")
    if report["shape"] != [197, 233, 189] or report["spacing_mm"] != 1.0:
        fail(f"reported shape/spacing {report['shape']} / {report['spacing_mm']}")

    missing = subprocess.run([str(BINARY), "anatomy"], cwd=elsewhere,
                             env={**env, "GLIOBAYES_ANATOMY": elsewhere},
                             capture_output=True, text=True, stdin=subprocess.DEVNULL)
    lines = missing.stderr.splitlines()
    print(f"GLIOBAYES_ANATOMY=<empty folder>: exit {missing.returncode}, stderr {lines}")
    if missing.returncode != 3 or len(lines) != 1 or not lines[0].startswith("gliobayes: error: "):
        fail("expected exit 3 and one error line")

provenance = (FOLDER / "PROVENANCE.md").read_text()
recorded = dict(re.findall(r"^\| `([^`]+\.nii\.gz)` \| \d+ \| `([0-9a-f]{64})` \|$", provenance, re.M))
if len(recorded) != 2:
    fail(f"PROVENANCE.md lists {len(recorded)} checksums, expected 2")

affines = []
for key in ("grey_matter", "white_matter"):
    path = Path(report[key])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{path.name}: sha256 {digest} (PROVENANCE.md {recorded.get(path.name)}), {path.stat().st_size} bytes")
    if recorded.get(path.name) != digest:
        fail(f"{path.name}: checksum differs from PROVENANCE.md")
    if path.stat().st_size > 6 * 1024 * 1024:
        fail(f"{path.name}: larger than 6 MB")
    img = nib.load(path)
    data = np.asanyarray(img.dataobj)
    zooms = tuple(float(z) for z in img.header.get_zooms()[:3])
    print(f"  nibabel: shape {img.shape}, zooms {zooms}, dtype {img.get_data_dtype()}, range [{data.min()}, {data.max()}]")
    if img.shape != (197, 233, 189) or zooms != (1.0, 1.0, 1.0) or img.get_data_dtype() != np.uint8:
        fail(f"{path.name}: unexpected header")
    if data.max() != 255 or data.min() != 0:
        fail(f"{path.name}: values not spanning 0..255")
    affines.append(img.affine)

if not np.allclose(affines[0], affines[1]):
    fail("grey and white matter affines differ")
notice = Path(report["notice"]).read_text()
if "Louis Collins, McConnell Brain Imaging Centre" not in notice:
    fail("COPYING lacks the ICBM copyright notice")
print("builtin anatomy: all checks passed")

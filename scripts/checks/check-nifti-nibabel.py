#!/usr/bin/env python3
"""CI check: NIfTI files written by GlioBayes read back correctly in nibabel, and `gliobayes inspect --json`
agrees with nibabel on a nibabel-written file.

For every datatype GlioBayes supports, nibabel writes an input image (non-trivial affine: rotation,
a flip, anisotropic voxels, an offset; values including the type's extremes); `gliobayes convert`
rewrites it as .nii and as .nii.gz with `--datatype <that type>`; nibabel reads the output and we compare
values (exactly), shape, datatype, sform/qform codes, the affine and the qform (to float32 precision).
Also converts big-endian, scaled and NIfTI-2 nibabel inputs. Exits non-zero on any mismatch.
Needs the release binary: `swift build -c release --product gliobayes` (scripts/test.sh builds it).
"""
import json
import math
import pathlib
import subprocess
import sys
import tempfile

import nibabel as nib
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
GLIOBAYES = ROOT / ".build" / "release" / "gliobayes"
DTYPES = ["uint8", "int16", "int32", "float32", "float64", "int8", "uint16", "uint32", "int64"]
CODES = {"uint8": 2, "int16": 4, "int32": 8, "float32": 16, "float64": 64, "int8": 256, "uint16": 512,
         "uint32": 768, "int64": 1024}
SHAPE = (6, 5, 4)
failures = []
checked = 0


def check(condition, message):
    global checked
    checked += 1
    if not condition:
        failures.append(message)
        print("MISMATCH:", message)


def affine():
    angle = 0.35
    c, s = math.cos(angle), math.sin(angle)
    rotation = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]]) @ np.array([[1, 0, 0], [0, math.cos(0.2), -math.sin(0.2)], [0, math.sin(0.2), math.cos(0.2)]])
    a = np.eye(4)
    a[:3, :3] = rotation @ np.diag([-1.25, 2.0, 3.5])  # x flipped: negative determinant, qfac = −1
    a[:3, 3] = [91.5, -120.25, -70.0]
    return a


def values(dtype):
    dt = np.dtype(dtype)
    n = int(np.prod(SHAPE))
    if dt.kind in "iu":
        info = np.iinfo(dt)
        data = (np.arange(n, dtype=np.int64) * 7 - (30 if dt.kind == "i" else 0)) % 200
        if dt.kind == "i":
            data = data - 100
        data = data.astype(dt)
        data[1] = info.min
        # int64's maximum is not a float64; GlioBayes works in float64, so use the largest float64 below 2^63.
        data[2] = info.max if dt != np.int64 else np.int64(9223372036854774784)
    else:
        data = (np.arange(n) * 0.731 - 20.5).astype(dt)
        data[1], data[2] = dt.type(3.0e37 if dt == np.float32 else 1.0e300), dt.type(-1.0e-30)
    return data.reshape(SHAPE, order="F")


def run(*args):
    result = subprocess.run([str(GLIOBAYES), *args], capture_output=True, text=True)
    if result.returncode != 0:
        failures.append(f"gliobayes {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        print("FAILED:", failures[-1])
    return result


def compare_output(path, expected, dtype, expected_affine, label):
    img = nib.load(str(path))
    hdr = img.header
    data = np.asarray(img.get_fdata(dtype=np.float64))
    check(data.shape == SHAPE, f"{label}: shape {data.shape} != {SHAPE}")
    check(int(hdr["datatype"]) == CODES[dtype], f"{label}: datatype code {int(hdr['datatype'])} != {CODES[dtype]}")
    check(np.array_equal(data, expected.astype(np.float64)), f"{label}: values differ (max |diff| "
          f"{np.nanmax(np.abs(data - expected.astype(np.float64))) if data.shape == SHAPE else 'n/a'})")
    check(np.allclose(img.affine, expected_affine, atol=1e-4, rtol=0), f"{label}: affine\n{img.affine}\n!=\n{expected_affine}")
    check(int(hdr["sform_code"]) >= 1 and int(hdr["qform_code"]) == int(hdr["sform_code"]),
          f"{label}: sform/qform codes {int(hdr['sform_code'])}/{int(hdr['qform_code'])}")
    check(np.allclose(hdr.get_qform(), expected_affine, atol=1e-4, rtol=0), f"{label}: qform\n{hdr.get_qform()}\n!=\n{expected_affine}")
    check(hdr.get_xyzt_units()[0] == "mm", f"{label}: spatial unit {hdr.get_xyzt_units()[0]}")
    check(path.suffix != ".gz" or path.read_bytes()[:2] == b"\x1f\x8b", f"{label}: .gz output is not gzip")


def main():
    if not GLIOBAYES.exists():
        print(f"missing {GLIOBAYES}: run `swift build -c release --product gliobayes` first")
        return 1
    a = affine()
    with tempfile.TemporaryDirectory(prefix="gliobayes-nifti-check-") as folder:
        folder = pathlib.Path(folder)
        # 1. Every datatype, nibabel in → gliobayes convert → nibabel out, .nii and .nii.gz.
        for dtype in DTYPES:
            data = values(dtype)
            source = folder / f"in-{dtype}.nii"
            nib.save(nib.Nifti1Image(data, a, dtype=np.dtype(dtype)), str(source))
            for suffix in (".nii", ".nii.gz"):
                out = folder / f"out-{dtype}{suffix}"
                if run("convert", str(source), str(out), "--datatype", dtype).returncode == 0:
                    compare_output(out, data, dtype, a, f"{dtype}{suffix}")

        # 2. Inputs nibabel writes differently: big-endian, NIfTI-2, scaled int16 (→ float32), .hdr/.img pair.
        data = values("float32")
        big = nib.Nifti1Image(data, a, header=nib.Nifti1Header(endianness=">"), dtype=np.float32)
        nib.save(big, str(folder / "big.nii"))
        check(nib.load(str(folder / "big.nii")).header.endianness == ">", "nibabel did not write big-endian")
        nib.save(nib.Nifti2Image(data, a, dtype=np.float32), str(folder / "two.nii.gz"))
        nib.save(nib.Nifti1Pair(data, a, dtype=np.float32), str(folder / "pair.img"))
        for name in ("big.nii", "two.nii.gz", "pair.hdr"):
            out = folder / f"from-{name.replace('.', '-')}.nii.gz"
            if run("convert", str(folder / name), str(out)).returncode == 0:
                compare_output(out, data, "float32", a, f"from {name}")
        scaled = nib.Nifti1Image(np.arange(120, dtype=np.int16).reshape(SHAPE, order="F"), a, dtype=np.int16)
        scaled.header.set_slope_inter(0.5, -4.0)
        scaled_path = folder / "scaled.nii"
        nib.save(scaled, str(scaled_path))
        expected = np.asarray(nib.load(str(scaled_path)).get_fdata())
        out = folder / "scaled-f32.nii"
        if run("convert", str(scaled_path), str(out), "--datatype", "float32").returncode == 0:
            compare_output(out, expected.astype(np.float32), "float32", a, "scaled int16 → float32")

        # 3. inspect --json on a nibabel-written label map.
        labels = np.zeros(SHAPE, dtype=np.uint8)
        labels[1:3, 1:3, 1:3] = 1
        labels[4, 0, :] = 4
        labels[0, 4, 3] = 2
        labels_path = folder / "labels.nii.gz"
        nib.save(nib.Nifti1Image(labels, a, dtype=np.uint8), str(labels_path))
        result = run("inspect", str(labels_path), "--json")
        if result.returncode == 0:
            report = json.loads(result.stdout)
            img = nib.load(str(labels_path))
            check(report["shape"] == list(SHAPE), f"inspect shape {report['shape']}")
            check(np.allclose(np.array(report["affine"]), img.affine[:3], atol=1e-6), f"inspect affine {report['affine']}")
            check(report["datatype"] == "uint8", f"inspect datatype {report['datatype']}")
            check(np.allclose(report["spacing_mm"], img.header.get_zooms()[:3]), f"inspect spacing {report['spacing_mm']}")
            check(report["min"] == 0 and report["max"] == 4, f"inspect range {report['min']}..{report['max']}")
            check(report["nonzero"] == int(np.count_nonzero(labels)), f"inspect nonzero {report['nonzero']}")
            values_, counts = np.unique(labels, return_counts=True)
            expected_labels = {str(int(v)): int(c) for v, c in zip(values_, counts)}
            check(report["labels"] == expected_labels, f"inspect labels {report['labels']} != {expected_labels}")

    print(f"check-nifti-nibabel: {checked} comparisons (nibabel {nib.__version__}), {len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

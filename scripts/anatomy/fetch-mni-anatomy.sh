#!/usr/bin/env bash
# Regenerates the built-in anatomy in Resources/anatomy/mni152-2009a/ from the nilearn wheel on PyPI:
# the MNI ICBM152 2009a (symmetric, nonlinear) grey- and white-matter probability maps, 1 mm,
# 197x233x189, uint8, stored byte-for-byte as the wheel ships them, with the ICBM copyright notice
# (COPYING) and PROVENANCE.md (wheel version and sha256 of the wheel and of each file).
#
# Usage: scripts/anatomy/fetch-mni-anatomy.sh            (run by hand; outputs are committed)
# Needs: Python 3 with pip (uses .venv/bin/python when present, for nibabel's shape check).
set -euo pipefail
cd "$(dirname "$0")/../.."

NILEARN_VERSION="0.14.1"
DEST="Resources/anatomy/mni152-2009a"
FILES=(mni_icbm152_gm_tal_nlin_sym_09a_converted.nii.gz mni_icbm152_wm_tal_nlin_sym_09a_converted.nii.gz)
MAX_BYTES=$((6 * 1024 * 1024))

PYTHON="python3"
[ -x .venv/bin/python ] && PYTHON=".venv/bin/python"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetch-mni-anatomy: downloading nilearn==$NILEARN_VERSION (no dependencies)" >&2
"$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: "nilearn==$NILEARN_VERSION" -d "$work"
wheel="$(ls "$work"/nilearn-"$NILEARN_VERSION"-*.whl)"

mkdir -p "$DEST"
"$PYTHON" - "$wheel" "$DEST" "$MAX_BYTES" "${FILES[@]}" <<'PY'
import hashlib, os, sys, zipfile
wheel, dest, max_bytes, names = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
with zipfile.ZipFile(wheel) as archive:
    for name in names:
        data = archive.read(f"nilearn/datasets/data/{name}")
        if len(data) > max_bytes:
            sys.exit(f"fetch-mni-anatomy: {name} is {len(data)} bytes, over the {max_bytes}-byte limit")
        tmp = os.path.join(dest, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(dest, name))  # atomic
PY

# The wheel carries the maps but not the ICBM licence file (nilearn's own description says
# "License: unknown"); this is the COPYING notice of the original ICBM 2009a distribution
# (mni_icbm152_nlin_sym_09a.zip), which allows redistribution with the notice.
cat > "$DEST/COPYING" <<'NOTICE'
Copyright (C) 1993-2009 Louis Collins, McConnell Brain Imaging Centre, Montreal Neurological
Institute, McGill University. Permission to use, copy, modify, and distribute this software and its
documentation for any purpose and without fee is hereby granted, provided that the above copyright
notice appear in all copies. The authors and McGill University make no representations about the
suitability of this software for any purpose. It is provided "as is" without express or implied
warranty. The authors are not responsible for any data loss, equipment damage, property loss, or
injury to subjects or patients resulting from the use or misuse of this software package.
NOTICE

sha() { sha256sum "$1" | cut -d' ' -f1; }
shape_note="(nibabel not available: shape not re-checked)"
if "$PYTHON" -c "import nibabel" 2>/dev/null; then
    shape_note="$("$PYTHON" - "$DEST" "${FILES[@]}" <<'PY'
import sys, nibabel as nib, numpy as np
dest, names = sys.argv[1], sys.argv[2:]
lines = []
for name in names:
    img = nib.load(f"{dest}/{name}")
    data = np.asanyarray(img.dataobj)
    expected = (197, 233, 189)
    if img.shape != expected or tuple(float(z) for z in img.header.get_zooms()[:3]) != (1.0, 1.0, 1.0):
        sys.exit(f"fetch-mni-anatomy: {name}: unexpected shape {img.shape} / zooms {img.header.get_zooms()}")
    lines.append(f"- `{name}`: shape {list(img.shape)}, zooms {[float(z) for z in img.header.get_zooms()[:3]]} mm, "
                 f"on-disk dtype {img.get_data_dtype()}, scl_slope {img.header['scl_slope']}, "
                 f"raw range [{int(data.min())}, {int(data.max())}], non-zero voxels {int(np.count_nonzero(data))}, "
                 f"sform_code {int(img.header['sform_code'])}, affine rows "
                 + "; ".join(" ".join(f"{v:g}" for v in row) for row in img.affine[:3]))
lines.append(f"(checked with nibabel {nib.__version__}, numpy {np.__version__})")
print("\n".join(lines))
PY
)"
fi

cat > "$DEST/PROVENANCE.md" <<MD
# Built-in anatomy: MNI ICBM152 2009a grey / white matter

The default anatomy of GlioBayes (used when a job names none; located at run time by
\`BuiltinAnatomy\` in Sources/GlioBayesCommandLine, overridable with \`GLIOBAYES_ANATOMY\`).

- Source: the \`nilearn\` wheel on PyPI, version $NILEARN_VERSION
  (\`$(basename "$wheel")\`, sha256 \`$(sha "$wheel")\`),
  files \`nilearn/datasets/data/<name>\`, copied byte for byte.
- Made by: \`scripts/anatomy/fetch-mni-anatomy.sh\` on $(date -u +%Y-%m-%d) with $("$PYTHON" --version 2>&1),
  pip $("$PYTHON" -m pip --version | cut -d' ' -f2).
- Content: ICBM 2009a nonlinear symmetric template (Fonov et al. 2009, 2011; Collins et al. 1999),
  grey- and white-matter probability maps converted by nilearn to uint8. The header has no scaling
  (scl_slope NaN), so readers see raw values 0-255: probability = value / 255.
- Licence: the ICBM copyright notice in \`COPYING\` (beside this file) must accompany any copy.
  The wheel does not carry this notice; its text is that of the original ICBM 2009a distribution.

| file | bytes | sha256 |
| --- | --- | --- |
$(for f in "${FILES[@]}"; do echo "| \`$f\` | $(stat -c %s "$DEST/$f") | \`$(sha "$DEST/$f")\` |"; done)

Why 1 mm as shipped and not downsampled: the files stay byte-identical to the wheel, so anyone can
verify them against PyPI with the checksums above, and no resampling rule is baked into the data. Both
are well under the 6 MB limit (about 3.5 MB together). Coarser grids (2 mm, 4 mm) are made at run time
by \`Imaging\`'s resampling, with the same documented rule that is applied to patient images.

Header facts:
$shape_note
MD
echo "fetch-mni-anatomy: wrote $DEST (${FILES[*]}, COPYING, PROVENANCE.md)" >&2

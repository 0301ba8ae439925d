#!/usr/bin/env bash
# Installs the system packages, builds `gliobayes` in release mode and runs the main job on the
# built-in example. Until the inference commands land, the main job is: inspect the built-in anatomy
# (MNI ICBM152 2009a, Resources/anatomy/mni152-2009a), run the growth model forward on it
# (`gliobayes simulate`, about 15 s), and inspect the simulated T1Gd-visible tumour.
# Outputs go to runs/example/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
GLIOBAYES_SKIP_PYTHON=1 scripts/setup.sh
swift build -c release --product gliobayes
gliobayes=.build/release/gliobayes

"$gliobayes" --version
echo "== gliobayes anatomy" >&2
"$gliobayes" anatomy
white_matter="$("$gliobayes" anatomy --path white_matter)"
echo "== gliobayes inspect $white_matter" >&2
"$gliobayes" inspect "$white_matter"

out=runs/example
echo "== gliobayes simulate (built-in anatomy) -> $out" >&2
"$gliobayes" simulate --anatomy builtin --seed 30,-20,15 --dw 0.13 --rho 0.025 --days 300,360 --out "$out"
echo "== gliobayes inspect $out/t1gd_day360.nii.gz" >&2
"$gliobayes" inspect "$out/t1gd_day360.nii.gz"

#!/usr/bin/env bash
# Installs the system packages, builds `gliobayes` in release mode and runs the main job on the
# built-in example. Until the inference commands land, the main job is `gliobayes inspect` on the
# built-in anatomy (the MNI ICBM152 2009a white-matter map in Resources/anatomy/mni152-2009a).
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

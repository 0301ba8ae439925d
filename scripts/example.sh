#!/usr/bin/env bash
# Installs the system packages, builds `gliobayes` in release mode and runs the main job on the
# built-in example (examples/builtin/README.md): a synthetic patient on the built-in MNI anatomy with
# known growth parameters and two scans 60 days apart (T1Gd + FLAIR), then `infer`, then `predict`.
# About 1–3 minutes on 2 cores after the build. Outputs go to runs/example/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
GLIOBAYES_SKIP_PYTHON=1 scripts/setup.sh
swift build -c release --product gliobayes
gliobayes=.build/release/gliobayes
"$gliobayes" --version

out=runs/example
rm -rf "$out"
echo "== 1. synthetic patient (true D_w 0.15 mm²/day, rho 0.02 /day, T 250 days, seed (-30,-10,20) mm, θ_T1 0.7, θ_FL 0.25)" >&2
"$gliobayes" synthesize --out "$out/data" --D-w 0.15 --rho 0.02 --age 250 --seed-point=-30,-10,20 \
    --theta-t1 0.7 --theta-flair 0.25 --days 0,60 --resolution 4 --observation link --sigma-alpha 0.05 --noise-seed 1 >/dev/null
cp examples/builtin/spec.json "$out/data/spec.json"

echo "== 2. gliobayes infer (adaptive Metropolis, 4 chains; stops when R-hat < 1.01 and bulk-ESS >= 400, at most 4 minutes)" >&2
status=0
"$gliobayes" infer "$out/data/spec.json" --out "$out/run" --chains 4 --warmup 8000 --samples 24000 --seed 1 --max-minutes 4 || status=$?
if [ "$status" -eq 4 ]; then
    echo "example: the run finished but did not meet the convergence rule (R-hat < 1.01, ESS >= 400); see $out/run/summary.csv" >&2
elif [ "$status" -ne 0 ]; then
    exit "$status"
fi
echo "== true values vs 90 % intervals" >&2
awk -F, 'BEGIN { t["D_w"]=0.15; t["rho"]=0.02; t["T"]=250; t["x0_x"]=-30; t["x0_y"]=-10; t["x0_z"]=20; t["theta_T1"]=0.7; t["theta_FL"]=0.25 }
     NR > 1 && ($1 in t) { inside = (t[$1] >= $4 && t[$1] <= $6) ? "inside" : "OUTSIDE"; printf "%-9s true %-6s 90%% interval [%.4g, %.4g] %s\n", $1, t[$1], $4, $6, inside }' "$out/run/summary.csv"

echo "== 3. gliobayes predict (30, 90, 180 days after the last scan)" >&2
"$gliobayes" predict "$out/run" --days 30,90,180 --draws 100
echo "example: done; run folder $out/run (draws chain-*.csv, summary.csv, predict/)" >&2

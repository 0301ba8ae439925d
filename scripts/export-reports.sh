#!/usr/bin/env bash
# Regenerates the committed reports in notebooks-export/ (issue 6): for each run folder, runs
# `gliobayes report` and copies the HTML report, the notebook and the small files the notebook loads
# (CmdStan chains, run.json, resolved-spec.json, sampler.json, summary.csv, predict/volumes.csv) into
# notebooks-export/<name>/.
#
#   scripts/export-reports.sh                       # built-in example (runs scripts/example.sh if needed)
#   scripts/export-reports.sh RUN NAME [RUN NAME]   # any run folders
#
# The predicted NIfTI maps are not copied (too large to commit); the notebook skips them when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
gliobayes=.build/release/gliobayes

pairs=("$@")
if [ "${#pairs[@]}" -eq 0 ]; then
    [ -f runs/example/run/run.json ] && [ -f runs/example/run/predict/volumes.csv ] || scripts/example.sh
    pairs=(runs/example/run builtin-example)
fi
[ -x "$gliobayes" ] || swift build -c release --product gliobayes
[ $(( ${#pairs[@]} % 2 )) -eq 0 ] || { echo "export-reports: give RUN NAME pairs" >&2; exit 2; }

for ((i = 0; i < ${#pairs[@]}; i += 2)); do
    run=${pairs[i]} name=${pairs[i + 1]}
    out=notebooks-export/$name
    "$gliobayes" report "$run" >/dev/null
    rm -rf "$out.tmp" && mkdir -p "$out.tmp/predict"
    cp "$run"/report.html "$run"/report.ipynb "$run"/chain-*.csv "$run"/run.json "$run"/resolved-spec.json \
        "$run"/sampler.json "$run"/summary.csv "$out.tmp/"
    [ -f "$run/predict/volumes.csv" ] && cp "$run/predict/volumes.csv" "$out.tmp/predict/"
    rm -rf "$out" && mv "$out.tmp" "$out"
    echo "export-reports: $run -> $out" >&2
done

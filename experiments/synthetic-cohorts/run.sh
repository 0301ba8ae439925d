#!/usr/bin/env bash
# Synthetic check of the cohort pipeline: two cohorts with known population growth rates, fitted per
# patient (TMCMC, exponential and linear-radial laws), then the hierarchical population model.
# Usage: experiments/synthetic-cohorts/run.sh [work-dir]   (from the repository root; needs the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/gliobayes-synthetic-cohorts}
mkdir -p "$work"
swift build -c release --product gliobayes
python3 experiments/synthetic-cohorts/make_manifest.py --out "$work/manifest.csv"
.build/release/gliobayes cohort "$work/manifest.csv" --out "$work/cohort" --jobs 2 --models exponential,linear-radial
.build/release/gliobayes compare "$work/cohort" --out "$work/compare"
cat "$work/compare/differences.csv"

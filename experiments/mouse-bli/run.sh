#!/usr/bin/env bash
# Growth laws, per-animal posteriors and evidences, population growth rates and the comparison of the two
# groups on the untreated mouse bioluminescence data (Buchauer et al.; ../shared/data/mouse-bli).
# Usage (from the repository root): experiments/mouse-bli/run.sh [work-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
data=../shared/data/mouse-bli/bli_untreated.csv
work=${1:-/tmp/gliobayes-mouse-bli}
mkdir -p "$work"
swift build -c release --product gliobayes
bin=.build/release/gliobayes

# 1. Four phenomenological laws, the authors' error model (relative Gaussian, s = 0.33), TMCMC 1000 x 2.
$bin cohort "$data" --out "$work/laws" --jobs 2 --models exponential,logistic,gompertz,linear-radial \
    --error relative-gaussian --noise 0.33
python3 experiments/mouse-bli/summarize.py "$work/laws"
# 2. Population growth rate (log lambda of the exponential law) per group, and the group difference.
$bin compare "$work/laws" --out "$work/compare-exponential"
# 3. Same laws with a multiplicative (log-normal) error whose sigma is sampled.
$bin cohort "$data" --out "$work/laws-lognormal" --jobs 2 --models exponential,logistic,gompertz,linear-radial \
    --error lognormal --noise sampled
python3 experiments/mouse-bli/summarize.py "$work/laws-lognormal"
# 4. Radial reaction-diffusion burden a*∫c dV (seed at day 0, ball of 5 mm, 40 shells); fewer particles,
#    since each evaluation is a PDE solve.
$bin cohort "$data" --out "$work/radial-rd" --jobs 2 --models radial-rd,exponential --primary radial-rd \
    --particles 300 --error relative-gaussian --noise 0.33
python3 experiments/mouse-bli/summarize.py "$work/radial-rd"
$bin compare "$work/radial-rd" --out "$work/compare-radial-rd" --parameters rho,D

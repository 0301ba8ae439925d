#!/usr/bin/env python3
"""Two synthetic cohorts of exponential growth curves with known population means.

Patient i of cohort g has growth rate lambda_i = exp(N(mu_g, tau^2)) per day, initial burden
V0_i = 1e6 * exp(N(0, 0.5^2)), and 9 measurements on days 0, 3, ..., 24 with relative Gaussian error
y = V(t) * (1 + 0.33 * N(0, 1)) (redrawn while y <= 0), the bioluminescence error model.
mu_A = log(0.20), mu_B = log(0.30): the true difference mu_B - mu_A = log(1.5) = 0.4055.
Standard library only; deterministic for a given --seed. Writes a long-format CSV manifest.
"""
import argparse
import math
import random

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("--patients", type=int, default=12, help="patients per cohort")
parser.add_argument("--tau", type=float, default=0.2)
parser.add_argument("--seed", type=int, default=20261203)
args = parser.parse_args()

rng = random.Random(args.seed)
cohorts = {"A": math.log(0.20), "B": math.log(0.30)}
truth = []
with open(args.out, "w") as f:
    f.write("patient,cohort,day,value\n")
    for label, mu in cohorts.items():
        for i in range(args.patients):
            lam = math.exp(rng.gauss(mu, args.tau))
            v0 = 1e6 * math.exp(rng.gauss(0, 0.5))
            truth.append((f"{label}{i:02d}", label, lam, v0))
            for day in range(0, 25, 3):
                v = v0 * math.exp(lam * day)
                y = -1.0
                while y <= 0:
                    y = v * (1 + 0.33 * rng.gauss(0, 1))
                f.write(f"{label}{i:02d},{label},{day},{y:.6g}\n")
truth_path = args.out.rsplit(".", 1)[0] + "-truth.csv"
with open(truth_path, "w") as f:
    f.write("patient,cohort,lambda,V0\n")
    for row in truth:
        f.write("%s,%s,%.6g,%.6g\n" % row)
for label in cohorts:
    logs = [math.log(lam) for (_, c, lam, _) in truth if c == label]
    m = sum(logs) / len(logs)
    sd = math.sqrt(sum((x - m) ** 2 for x in logs) / (len(logs) - 1))
    print(f"cohort {label}: population mu = {cohorts[label]:.4f}; realised mean of log(lambda) = {m:.4f}, sd = {sd:.4f}")
print(f"wrote {args.out}: 2 cohorts x {args.patients} patients; true mu_B - mu_A = {math.log(1.5):.4f}")

#!/usr/bin/env python3
"""Summarise a `gliobayes cohort` run on the mouse BLI data: per-animal log-evidence of each growth law,
which law wins per animal and in total (sum of log-evidences over animals = log-evidence of the cohort
under "every animal follows this law"), and the per-animal growth rates. Standard library only.
Usage: summarize.py COHORT_DIR"""
import csv
import math
import sys
from collections import defaultdict

folder = sys.argv[1]
rows = list(csv.DictReader(open(f"{folder}/evidence.csv")))
models = []
for r in rows:
    if r["model"] not in models:
        models.append(r["model"])
animals = defaultdict(dict)
cohort = {}
for r in rows:
    animals[r["patient"]][r["model"]] = (float(r["log_evidence"]), float(r["log_evidence_se"]))
    cohort[r["patient"]] = r["cohort"]

print("| animal | group | " + " | ".join(f"log Z {m}" for m in models) + " | best |")
print("|---|---|" + "---|" * (len(models) + 1))
wins = defaultdict(int)
for a, ev in animals.items():
    best = max(ev, key=lambda m: ev[m][0])
    wins[best] += 1
    cells = [f"{ev[m][0]:.2f} ± {ev[m][1]:.2f}" if m in ev else "" for m in models]
    print(f"| {a} | {cohort[a]} | " + " | ".join(cells) + f" | {best} |")
print()
print("| law | Σ log Z over animals | ± (quadrature sum of se) | animals where best | Δ vs best total |")
print("|---|---|---|---|---|")
totals = {m: sum(ev[m][0] for ev in animals.values() if m in ev) for m in models}
errors = {m: math.sqrt(sum(ev[m][1] ** 2 for ev in animals.values() if m in ev)) for m in models}
top = max(totals.values())
for m in sorted(models, key=lambda m: -totals[m]):
    print(f"| {m} | {totals[m]:.2f} | {errors[m]:.2f} | {wins[m]} | {totals[m] - top:.2f} |")
for group in sorted(set(cohort.values())):
    members = [a for a in animals if cohort[a] == group]
    t = {m: sum(animals[a][m][0] for a in members if m in animals[a]) for m in models}
    print(f"\n{group} ({len(members)} animals): " + ", ".join(f"{m} {t[m]:.2f}" for m in sorted(models, key=lambda m: -t[m])))

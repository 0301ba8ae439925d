#!/usr/bin/env python3
"""Dice of the posterior-mean prediction against the observed regions of the lipkova case.

Usage: .venv/bin/python experiments/lipkova-case/dice.py RUN
(after `gliobayes predict RUN --days 0`, which writes RUN/predict/*-day0.nii.gz at the scan day).
Prediction: posterior-mean c at the scan day thresholded at the posterior-mean θ_T1 / θ_FL (from
RUN/summary.csv); also P(visible) ≥ 0.5. Observed: T1Gd = labels {1, 4} of tumT1c; FLAIR = tumFLAIR ∪ T1Gd.
"""
import csv, os, sys
import nibabel as nib
import numpy as np

run = sys.argv[1]
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "lipkova-case")
labels = np.asarray(nib.load(os.path.join(data, "tumT1c.nii.gz")).dataobj)
t1 = np.isin(labels, [1, 4])
flair = (np.asarray(nib.load(os.path.join(data, "tumFLAIR.nii.gz")).dataobj) > 0) | t1
summary = {row["name"]: row for row in csv.DictReader(open(os.path.join(run, "summary.csv")))}
mean_c = np.asarray(nib.load(os.path.join(run, "predict", "mean-c-day0.nii.gz")).dataobj)
p_t1 = np.asarray(nib.load(os.path.join(run, "predict", "p-visible-t1gd-day0.nii.gz")).dataobj)
p_fl = np.asarray(nib.load(os.path.join(run, "predict", "p-visible-flair-day0.nii.gz")).dataobj)


def dice(a, b):
    return 2 * np.logical_and(a, b).sum() / (a.sum() + b.sum())


th_t1 = float(summary["theta_T1"]["mean"]); th_fl = float(summary["theta_FL"]["mean"])
print(f"T1Gd : Dice(mean c >= {th_t1:.3f}) = {dice(mean_c >= th_t1, t1):.3f}; Dice(P >= 0.5) = {dice(p_t1 >= 0.5, t1):.3f}; observed {t1.sum()} mm3")
print(f"FLAIR: Dice(mean c >= {th_fl:.3f}) = {dice(mean_c >= th_fl, flair):.3f}; Dice(P >= 0.5) = {dice(p_fl >= 0.5, flair):.3f}; observed {flair.sum()} mm3")

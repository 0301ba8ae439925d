#!/usr/bin/env python3
"""Recovery study: synthetic patients with known parameters -> gliobayes infer -> coverage of the
50 % and 90 % posterior intervals per parameter. Standard library only.

Usage (from the repository root, after `swift build -c release --product gliobayes`):
    python3 experiments/recovery/run.py --patients 20 --out runs/recovery [--samples 1000 --warmup 500]
Writes runs/recovery/results.csv (one row per patient and parameter) and prints the coverage table
(markdown) that experiments/recovery/README.md quotes. Patients alternate between the built-in MNI
anatomy and the lipkova-case anatomy (../shared/data/lipkova-case WM/GM) and between one scan (day 0)
and two scans (days 0, 60); parameters are drawn with a fixed seed (see draw()).
"""
import argparse, csv, json, math, os, random, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GLIOBAYES = os.path.join(ROOT, ".build", "release", "gliobayes")
LIPKOVA = os.path.join(ROOT, "..", "shared", "data", "lipkova-case")
# White-matter seed centres (world mm): MNI (both hemispheres) and around the lipkova tumour.
MNI_SEEDS = [(-30, -10, 20), (28, -15, 25), (-25, 20, 15), (30, 10, 30), (-22, -40, 25), (25, -40, 20)]
LIPKOVA_SEEDS = [(166, 151, 95), (150, 140, 100), (170, 120, 100), (95, 150, 95)]


def draw(rng, k):
    two_scans = k % 2 == 0
    anatomy = "builtin" if (k // 2) % 2 == 0 else "lipkova"
    d = math.exp(rng.uniform(math.log(0.05), math.log(0.4)))
    rho = math.exp(rng.uniform(math.log(0.012), math.log(0.035)))
    radius = rng.uniform(15, 28)                      # target FLAIR radius at the first scan, mm
    age = radius / (2 * math.sqrt(d * rho))
    age = min(max(age, 5.0 / rho), 1500)             # old enough to have a T1Gd core
    seeds = MNI_SEEDS if anatomy == "builtin" else LIPKOVA_SEEDS
    seed = [c + rng.uniform(-3, 3) for c in rng.choice(seeds)]
    return dict(D_w=d, rho=rho, T=age, x0=seed, theta_T1=rng.uniform(0.62, 0.78), theta_FL=rng.uniform(0.1, 0.4),
                anatomy=anatomy, days=[0, 60] if two_scans else [0])


def quantile(sorted_values, q):
    h = q * (len(sorted_values) - 1)
    lo = int(math.floor(h)); hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def read_draws(run):
    draws = {}
    k = 1
    while os.path.exists(os.path.join(run, f"chain-{k}.csv")):
        with open(os.path.join(run, f"chain-{k}.csv")) as f:
            rows = list(csv.reader(line for line in f if not line.startswith("#")))
        header = rows[0]
        for row in rows[1:]:
            for name, value in zip(header, row):
                draws.setdefault(name, []).append(float(value))
        k += 1
    return draws


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--patients", type=int, default=20)
    p.add_argument("--out", default=os.path.join(ROOT, "runs", "recovery"))
    p.add_argument("--warmup", type=int, default=500)
    p.add_argument("--samples", type=int, default=1000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--sampler", default="adaptive-metropolis", help="gliobayes infer --sampler")
    p.add_argument("--fast-moves", type=int, default=None, help="gliobayes infer --fast-moves (fast-slow sampler)")
    p.add_argument("--max-minutes", type=float, default=None, help="wall-clock budget per patient (gliobayes infer --max-minutes)")
    args = p.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    results_path = os.path.join(args.out, "results.csv")
    done = set()
    if os.path.exists(results_path):
        with open(results_path) as f:
            done = {row["patient"] for row in csv.DictReader(f)}
    k = 0
    made = 0
    while made < args.patients and k < 10 * args.patients:
        truth = draw(rng, made)
        k += 1
        name = f"patient-{made + 1:02d}"
        folder = os.path.join(args.out, name)
        if name in done:
            made += 1
            continue
        cmd = [GLIOBAYES, "synthesize", "--out", os.path.join(folder, "data"), "--D-w", str(truth["D_w"]), "--rho", str(truth["rho"]),
               "--age", str(truth["T"]), "--seed-point=" + ",".join(str(c) for c in truth["x0"]), "--theta-t1", str(truth["theta_T1"]),
               "--theta-flair", str(truth["theta_FL"]), "--days", ",".join(str(d) for d in truth["days"]), "--resolution", "4",
               "--observation", "link", "--noise-seed", str(made + 1)]
        if truth["anatomy"] == "lipkova":
            cmd += ["--white-matter", os.path.join(LIPKOVA, "WM.nii.gz"), "--grey-matter", os.path.join(LIPKOVA, "GM.nii.gz")]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"{name}: synthesize rejected this draw ({r.stderr.strip()}); drawing again", file=sys.stderr)
            subprocess.run(["rm", "-rf", folder])
            continue
        start = time.time()
        run = os.path.join(folder, "run")
        infer = [GLIOBAYES, "infer", os.path.join(folder, "data", "spec.json"), "--out", run, "--chains", "4",
                 "--warmup", str(args.warmup), "--samples", str(args.samples), "--threads", str(args.threads), "--seed", "1",
                 "--sampler", args.sampler]
        if args.fast_moves is not None:
            infer += ["--fast-moves", str(args.fast_moves)]
        if args.max_minutes is not None:
            infer += ["--max-minutes", str(args.max_minutes)]
        r = subprocess.run(infer, capture_output=True, text=True)
        wall = time.time() - start
        if r.returncode not in (0, 4):
            print(f"{name}: infer failed: {r.stderr.strip()[-400:]}", file=sys.stderr)
            made += 1
            continue
        draws = read_draws(run)
        if "D_w" not in draws:
            print(f"{name}: no post-warm-up draws within the budget ({wall:.0f} s); not counted", file=sys.stderr)
            made += 1
            continue
        with open(os.path.join(run, "summary.json")) as f:
            summary = {s["name"]: s for s in json.load(f)["parameters"]}
        with open(os.path.join(run, "sampler.json")) as f:
            solves = sum(json.load(f)["forward_solves_by_resolution_mm"].values())
        values = {"D_w": truth["D_w"], "rho": truth["rho"], "T": truth["T"], "x0_x": truth["x0"][0], "x0_y": truth["x0"][1],
                  "x0_z": truth["x0"][2], "theta_T1": truth["theta_T1"], "theta_FL": truth["theta_FL"]}
        new = not os.path.exists(results_path)
        with open(results_path, "a", newline="") as f:
            w = csv.writer(f)
            if new:
                w.writerow(["patient", "anatomy", "scans", "parameter", "truth", "q5", "q25", "q50", "q75", "q95", "r_hat", "ess_bulk",
                            "in50", "in90", "wall_s", "solves", "converged"])
            for par, t in values.items():
                s = sorted(draws[par])
                q = [quantile(s, x) for x in (0.05, 0.25, 0.5, 0.75, 0.95)]
                w.writerow([name, truth["anatomy"], len(truth["days"]), par, t] + q +
                           [summary[par]["r_hat"], summary[par]["ess_bulk"], int(q[1] <= t <= q[3]), int(q[0] <= t <= q[4]),
                            round(wall, 1), solves, int(r.returncode == 0)])
        print(f"{name}: {truth['anatomy']}, {len(truth['days'])} scan(s), {wall:.0f} s, {solves} solves", file=sys.stderr)
        made += 1

    with open(results_path) as f:
        rows = list(csv.DictReader(f))
    patients = sorted({r["patient"] for r in rows})
    print(f"{len(patients)} patients; nominal coverage 50 % and 90 %")
    print("| parameter | 50 % coverage | 90 % coverage | median R̂ | one scan 90 % | two scans 90 % |")
    print("| --- | --- | --- | --- | --- | --- |")
    for par in ["D_w", "rho", "T", "x0_x", "x0_y", "x0_z", "theta_T1", "theta_FL"]:
        sel = [r for r in rows if r["parameter"] == par]
        one = [r for r in sel if r["scans"] == "1"]; two = [r for r in sel if r["scans"] == "2"]
        frac = lambda rs, key: f"{sum(int(r[key]) for r in rs)}/{len(rs)}" if rs else "–"
        rhat = sorted(float(r["r_hat"]) for r in sel)
        print(f"| {par} | {frac(sel, 'in50')} | {frac(sel, 'in90')} | {rhat[len(rhat) // 2]:.2f} | {frac(one, 'in90')} | {frac(two, 'in90')} |")
    walls = sorted({(r["patient"], float(r["wall_s"])) for r in rows})
    print(f"wall time per patient: median {sorted(w for _, w in walls)[len(walls) // 2]:.0f} s; converged runs: "
          f"{len({r['patient'] for r in rows if r['converged'] == '1'})}/{len(patients)}")


if __name__ == "__main__":
    main()

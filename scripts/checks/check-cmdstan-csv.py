#!/usr/bin/env python3
"""Our CmdStan CSV output must load in the real readers with the numbers we wrote.

Runs the `_SamplerHarness` executable (built by scripts/test.sh in release, or the debug build that
`swift test` makes) for each sampler on a reference target, then loads the chains with
`arviz.from_cmdstan` and with `cmdstanpy.from_csv` + `arviz.from_cmdstanpy`, and compares
  - the shape: chains x draws, and the parameter names (vector components as x.1 ... x.10);
  - the posterior means of every parameter with the means GlioBayes computed (summary.json),
    to 1e-12 relative (the CSV holds round-trip decimals, so only summation order differs).
Exits non-zero on any mismatch.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import arviz as az
import cmdstanpy
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [ROOT / ".build/release/_SamplerHarness", ROOT / ".build/debug/_SamplerHarness"]
RUNS = [
    # sampler, target, extra arguments
    ("rwm", "gaussian10", ["--chains", "4", "--warmup", "500", "--iterations", "300"]),
    ("ensemble", "banana", ["--warmup", "200", "--iterations", "150"]),
    ("da", "funnel", ["--chains", "3", "--warmup", "300", "--iterations", "201", "--thin", "3"]),
    ("tmcmc", "mixture", ["--chains", "2", "--particles", "250"]),
]


def main() -> int:
    harness = next((p for p in CANDIDATES if p.exists()), None)
    if harness is None:
        print("FAIL: _SamplerHarness not built (swift build -c release --product _SamplerHarness)")
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for sampler, target, extra in RUNS:
            out = Path(tmp) / f"{sampler}-{target}"
            subprocess.run([str(harness), "--sampler", sampler, "--target", target, "--seed", "3",
                            "--output", str(out)] + extra, check=True)
            ours = json.loads((out / "summary.json").read_text())
            files = sorted(out.glob("chain-*.csv"), key=lambda p: int(p.stem.split("-")[1]))
            names = ours["columns"]
            expected_shape = (ours["chains"], ours["draws"])

            via_arviz = az.from_cmdstan(posterior=[str(f) for f in files])
            fit = cmdstanpy.from_csv([str(f) for f in files])
            via_cmdstanpy = az.from_cmdstanpy(posterior=fit)
            for reader, data in (("arviz.from_cmdstan", via_arviz), ("cmdstanpy+from_cmdstanpy", via_cmdstanpy)):
                posterior = data.posterior
                shape = (posterior.sizes["chain"], posterior.sizes["draw"])
                columns = []
                means = []
                for var in posterior.data_vars:
                    values = posterior[var].values.reshape(shape[0], shape[1], -1)
                    for k in range(values.shape[2]):
                        columns.append(var if values.shape[2] == 1 and var in names else f"{var}.{k + 1}")
                        means.append(values[:, :, k].mean())
                ok_shape = shape == expected_shape
                order = [columns.index(n) if n in columns else -1 for n in names]
                ok_names = all(i >= 0 for i in order)
                ok_means = ok_names and np.allclose([means[i] for i in order], ours["means"], rtol=1e-12, atol=1e-12)
                worst = (max(abs(means[i] - m) / max(abs(m), 1e-300) for i, m in zip(order, ours["means"]))
                         if ok_names else float("nan"))
                status = "ok" if (ok_shape and ok_names and ok_means) else "MISMATCH"
                print(f"{status}: {sampler}/{target} via {reader}: shape {shape} (expected {expected_shape}), "
                      f"{len(names)} params, worst relative mean difference {worst:.2e}")
                if status != "ok":
                    print(f"  ours: {names}\n  theirs: {columns}")
                    failures += 1
            # cmdstanpy's own view of the draws must match too (draws x chains x columns).
            draws = fit.draws()
            if draws.shape[:2] != (expected_shape[1], expected_shape[0]):
                print(f"MISMATCH: cmdstanpy draws shape {draws.shape}")
                failures += 1
    print("check-cmdstan-csv:", "PASSED" if failures == 0 else f"{failures} FAILED")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

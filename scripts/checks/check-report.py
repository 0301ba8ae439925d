"""End-to-end check of the uncertainty report with the real tools (issue 6).

Makes a small synthetic patient on the built-in anatomy at 4 mm, runs a short `infer`, `predict` and
`report` with the release binary, then checks:
  - report.ipynb passes nbformat.validate (nbformat 4), and its code cells run in order in one namespace
    (matplotlib's Agg backend; no Jupyter kernel needed) without raising, drawing the five figures and
    warning that the run did not converge; run again on a copy of the folder without predict/, they print
    notes instead of raising;
  - every inline <svg> in report.html is well-formed XML;
  - report.html is self-contained: no <script>, no external src/href, no @import or url(http...);
  - headless Chromium renders it without console messages and writes a screenshot.
Exits non-zero on any failure. The short run is not meant to converge; the report must say so.
"""
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GLIOBAYES = os.path.join(ROOT, ".build", "release", "gliobayes")


def run(*args, ok=(0,)):
    proc = subprocess.run([GLIOBAYES, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode not in ok:
        sys.exit(f"FAIL: gliobayes {' '.join(args)} exited {proc.returncode}\n{proc.stderr[-2000:]}")
    return proc


def execute(nb, folder):
    """Runs the notebook's code cells in order in one namespace with `folder` as the working directory,
    as a reader's kernel would; returns what they printed and how many figures they drew."""
    printed = io.StringIO()
    cwd = os.getcwd()
    os.chdir(folder)
    plt.close("all")
    try:
        namespace = {"__name__": "__main__"}
        with contextlib.redirect_stdout(printed), warnings.catch_warnings():
            warnings.simplefilter("ignore")   # plt.show() on Agg, ArviZ on short chains
            for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
                try:
                    exec(compile(cell.source, f"<code cell {index}>", "exec"), namespace)
                except Exception as error:
                    raise AssertionError(f"notebook code cell {index} raised {error!r}\n{cell.source[:300]}") from error
        return printed.getvalue(), len(plt.get_fignums())
    finally:
        plt.close("all")
        os.chdir(cwd)


def main():
    if not os.path.exists(GLIOBAYES):
        sys.exit(f"FAIL: {GLIOBAYES} not built (scripts/test.sh builds it first)")
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("FAIL: chromium not installed (scripts/setup.sh installs it)")
    work = tempfile.mkdtemp(prefix="gliobayes-report-check-")
    try:
        patient, out = os.path.join(work, "patient"), os.path.join(work, "run")
        run("synthesize", "--out", patient, "--resolution", "4", "--days", "0,60")
        run("infer", os.path.join(patient, "spec.json"), "--out", out, "--chains", "2", "--warmup", "60",
            "--samples", "60", "--threads", "2", ok=(0, 4))
        run("predict", out, "--days", "30,90", "--draws", "6")
        run("report", out)
        html_path, nb_path = os.path.join(out, "report.html"), os.path.join(out, "report.ipynb")

        nb = nbformat.read(nb_path, as_version=4)
        nbformat.validate(nb)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "az.from_cmdstan" in code and "nib.load" in code, "notebook must load draws with ArviZ and maps with nibabel"
        print(f"notebook: valid nbformat {nb.nbformat}.{nb.nbformat_minor}, {len(nb.cells)} cells")
        text, figures = execute(nb, out)
        assert figures == 5, f"expected trace, marginal, pair, volume and slice figures, got {figures}\n{text}"
        assert "WARNING:" in text, "the short unconverged run must be flagged in the notebook"
        assert "slices through voxel" in text and "is missing" not in text and "note: no " not in text, \
            f"notebook printed notes about missing files with predict/ present:\n{text}"
        bare = os.path.join(work, "run-without-predictions")
        shutil.copytree(out, bare, ignore=shutil.ignore_patterns("predict"))
        text, figures = execute(nb, bare)
        assert "note: no predictions yet" in text and "note: no predicted maps" in text, text
        print(f"notebook: code cells run (5 figures); without predict/ they print notes ({figures} figures)")

        html = open(html_path, encoding="utf-8").read()
        svgs = re.findall(r"<svg xmlns=.*?</svg>(?=<svg xmlns|</div>)", html, flags=re.S)
        assert len(svgs) >= 10, f"expected trace, marginal, pair and volume figures, found {len(svgs)} svg"
        for svg in svgs:
            ET.fromstring(svg)
        print(f"html: {len(svgs)} inline SVG figures, all well-formed XML")
        for pattern in [r"<script", r"\bsrc=\"https?:", r"\bhref=\"https?:", r"@import", r"url\(\s*['\"]?https?:"]:
            assert not re.search(pattern, html), f"report.html is not self-contained: matches {pattern}"
        images = re.findall(r"<img [^>]*src=\"data:image/png;base64,", html)
        assert len(images) == 6, f"expected 6 slice images (2 maps x 3 planes), found {len(images)}"
        assert "convergence rule" in html, "a short unconverged run must be flagged in the report"

        shot = os.path.join(work, "report.png")
        proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                               "--v=0", f"--screenshot={shot}", "--window-size=1200,6000", "file://" + html_path],
                              capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
        console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
        assert not console, "console messages while rendering:\n" + "\n".join(console)
        size = os.path.getsize(shot) if os.path.exists(shot) else 0
        assert size > 50_000, f"screenshot missing or blank ({size} bytes)"
        print(f"chromium: rendered without console messages, screenshot {size} bytes")
        print("check-report: ok")
    except AssertionError as error:
        sys.exit(f"FAIL: {error}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

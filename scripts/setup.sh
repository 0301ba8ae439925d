#!/usr/bin/env bash
# Installs what GlioBayes needs on Debian 12 with the Swift toolchain already present:
# the system libraries (OpenBLAS, LAPACKE, zlib) and, in .venv/, the Python readers our
# interoperability checks run against (nibabel, ArviZ, CmdStanPy, nbformat).
# Idempotent: fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for pkg in libopenblas-dev liblapacke-dev zlib1g-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
    echo "setup: installing ${need_apt[*]}" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ "${GLIOBAYES_SKIP_PYTHON:-0}" != "1" ]; then
    if [ ! -x .venv/bin/python ] || ! cmp -s scripts/requirements.txt .venv/.requirements.txt; then
        echo "setup: creating .venv with scripts/requirements.txt" >&2
        python3 -m venv .venv
        .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt
        cp scripts/requirements.txt .venv/.requirements.txt
    fi
fi

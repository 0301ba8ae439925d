#!/usr/bin/env bash
# Installs what GlioBayes needs on Debian 12 with the Swift toolchain already present:
# the system libraries (OpenBLAS, LAPACKE, zlib) and, in .venv/, the Python readers our
# interoperability checks run against (pinned in scripts/requirements.txt).
# Idempotent and non-interactive (safe with no stdin, as in CI): fast when everything is there.
# GLIOBAYES_SKIP_PYTHON=1 skips the test-only tools: the Python part and headless Chromium
# (scripts/example.sh does not need them).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and the checks need; add to this list, one name per word.
APT_PACKAGES=(libopenblas-dev liblapacke-dev zlib1g-dev)
# Test-only: headless Chromium renders the HTML report in scripts/checks/check-report.py.
TEST_APT_PACKAGES=(chromium fonts-dejavu-core)

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq </dev/null
        apt_updated=1
    fi
    echo "setup: apt-get install $*" >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" </dev/null >/dev/null
}
is_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]; }

missing=()
for pkg in "${APT_PACKAGES[@]}"; do is_installed "$pkg" || missing+=("$pkg"); done
if [ "${GLIOBAYES_SKIP_PYTHON:-0}" != "1" ]; then
    for pkg in "${TEST_APT_PACKAGES[@]}"; do is_installed "$pkg" || missing+=("$pkg"); done
fi
[ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"

if [ "${GLIOBAYES_SKIP_PYTHON:-0}" != "1" ]; then
    if [ ! -x .venv/bin/python ] || ! cmp -s scripts/requirements.txt .venv/.requirements.txt; then
        # Debian's python3 needs python3-venv for `-m venv`; other pythons (pyenv) have it built in.
        if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
            apt_install python3 python3-venv python3-pip
        fi
        echo "setup: creating .venv with scripts/requirements.txt" >&2
        rm -rf .venv
        python3 -m venv .venv
        .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt </dev/null
        cp scripts/requirements.txt .venv/.requirements.txt
    fi
fi

#!/usr/bin/env bash
# The whole test suite: installs what it needs (scripts/setup.sh), builds the release `gliobayes`,
# runs the Swift unit tests, then the interoperability checks that read our outputs with the real
# tools (scripts/checks/check-*.py, run with .venv/bin/python; they may use .build/release/gliobayes).
# Tests that need ../shared/data skip with a message when it is absent. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

scripts/setup.sh
swift build -c release --product gliobayes
swift build -c release --product _SamplerHarness   # used by scripts/checks/check-cmdstan-csv.py
swift test

passed=0; failed=0; failures=()
for check in scripts/checks/check-*.py; do
    [ -e "$check" ] || continue
    echo "== $check"
    if .venv/bin/python "$check" </dev/null; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); failures+=("$check"); echo "FAILED: $check"
    fi
done
[ "$failed" -eq 0 ] || printf 'failed check: %s\n' "${failures[@]}"
echo "test.sh: finished in $((SECONDS - started)) s"
echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

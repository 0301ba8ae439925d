#!/usr/bin/env bash
# The whole test suite: Swift unit tests, then the interoperability checks that read our outputs
# with the real tools (scripts/checks/check-*.py, run with .venv/bin/python).
# Tests that need ../shared/data skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

swift build -c release --product gliobayes
swift test

passed=0; failed=0
for check in scripts/checks/check-*.py; do
    [ -e "$check" ] || continue
    echo "== $check"
    if .venv/bin/python "$check"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $check"; fi
done
echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Set up, build in release mode and run the main job on the built-in example.
set -euo pipefail
cd "$(dirname "$0")/.."
GLIOBAYES_SKIP_PYTHON=1 scripts/setup.sh
swift build -c release --product gliobayes
echo "example: (the built-in example job lands with the inference issues)" >&2

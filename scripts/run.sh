#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds Multipolar and solves the bundled default model
# (models/kazakhstan/hedging.yaml). Extra arguments go to `multipolar solve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
exec ./build/multipolar solve "$@"

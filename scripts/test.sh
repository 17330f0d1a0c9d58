#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds Multipolar twice (Release, and Debug with
# ASan+UBSan) and runs the test suite (ctest, label "slow" excluded) on both.
# Set MPOL_TEST_QUICK=1 to skip the sanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc)

echo "== Release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMPOL_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build -LE slow --output-on-failure -j"$jobs"

if [ "${MPOL_TEST_QUICK:-0}" != 1 ]; then
    echo "== Debug build with ASan+UBSan and tests"
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMPOL_SANITIZE=ON -DMPOL_WERROR=ON >/dev/null
    cmake --build build-asan -j"$jobs"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan -LE slow --output-on-failure -j"$jobs"
fi

#!/usr/bin/env bash
# Builds the unit tests in Debug without sanitizers (build-memcheck) and runs each one under
# valgrind memcheck; exits 1 if any test fails or valgrind reports an error or a definite
# leak. Usage: scripts/memcheck.sh [REGEX]  (only the tests whose name matches REGEX)
# Environment: MPOL_MEMCHECK_JOBS (tests run in parallel, default 2), MPOL_TEST_QUICK
# (default 1 here: passed through to tests that shorten their loops; MPOL_TEST_VALGRIND=1
# is set for the tests' wall-clock bounds), MPOL_MEMCHECK_ARGS
# (extra valgrind options). Tests labelled "slow" and the CLI shell tests are not run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bdir=$root/build-memcheck
jobs=${MPOL_MEMCHECK_JOBS:-2}
regex=${1:-.}
export MPOL_TEST_QUICK=${MPOL_TEST_QUICK:-1}
# Tests with wall-clock bounds (test_limits' refusal times) widen them under valgrind.
export MPOL_TEST_VALGRIND=1

echo "== memcheck: Debug build in build-memcheck"
cmake -S . -B "$bdir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-g -O1" -DMPOL_SANITIZE=OFF -DMPOL_WERROR=OFF \
    -DMPOL_BUILD_BENCH=OFF >/dev/null
# The unit tests (name, executable, working directory) from ctest's JSON listing; ctest
# knows the command only once the executable exists, so build first.
list_tests() {
    ctest --test-dir "$bdir" -L unit -LE slow -R "$regex" --show-only=json-v1 |
        python3 -c '
import json, sys
for t in json.load(sys.stdin)["tests"]:
    props = {p["name"]: p["value"] for p in t.get("properties", [])}
    print("\t".join([t["name"]] + t.get("command", [""])[:1] + [props.get("WORKING_DIRECTORY", ".")]
                    + t.get("command", [])[1:]))'
}
names=$(list_tests | cut -f1)
if [ -z "$names" ]; then
    echo "memcheck: no unit test matches '$regex'" >&2
    exit 1
fi
# shellcheck disable=SC2086
cmake --build "$bdir" -j"$jobs" --target $names
list_tests >"$bdir/memcheck-tests.tsv"

mkdir -p "$bdir/memcheck-logs"
rm -f "$bdir"/memcheck-logs/*.log
export bdir root
run_one() {
    IFS=$'\t' read -r -a f <<<"$1"
    local name=${f[0]} exe=${f[1]} wd=${f[2]}
    local log=$bdir/memcheck-logs/$name.log start=$SECONDS
    # shellcheck disable=SC2086
    if (cd "$wd" && valgrind --error-exitcode=99 --leak-check=full --suppressions="$root/tests/valgrind.supp" \
        --errors-for-leak-kinds=definite --show-leak-kinds=definite --num-callers=30 \
        ${MPOL_MEMCHECK_ARGS:-} "$exe" "${f[@]:3}") >"$log" 2>&1; then
        echo "memcheck: $name ok ($((SECONDS - start)) s)"
    else
        echo "memcheck: $name FAILED ($((SECONDS - start)) s); log $log:" >&2
        grep -E '^==[0-9]+== |FAILED|\[  ERROR|\[  FAILED' "$log" | head -80 >&2
        return 1
    fi
}
export -f run_one
start=$SECONDS
if tr '\n' '\0' <"$bdir/memcheck-tests.tsv" | xargs -0 -P"$jobs" -I{} bash -c 'run_one "$1"' _ {}; then
    echo "memcheck: all $(wc -l <"$bdir/memcheck-tests.tsv") tests clean in $((SECONDS - start)) s"
else
    echo "memcheck: FAILED (logs in build-memcheck/memcheck-logs)" >&2
    exit 1
fi

#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz and runs each for SECONDS.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]     (default 30 s; all built targets)
# Environment: MPOL_FUZZ_JOBS (build jobs, default 2), MPOL_FUZZ_ARGS (extra libFuzzer
# flags, e.g. "-jobs=4 -workers=4"), MPOL_FUZZ_SHARED (shared reference data directory,
# default tests/data, the vendored copy).
# Each target's corpus grows in build-fuzz/corpus/<target>; it is seeded from
# fuzz/seeds/<target>, models/**/*.yaml (fuzz_model) and the shared Gambit games (fuzz_nfg,
# fuzz_efg), copied into build-fuzz/seeds/<target> at run time. A crash, a timeout or a
# leak stops the target, leaves the input in build-fuzz/crashes/<target>/ and makes the
# script exit 1 after the remaining targets ran. Replay one with
#   build-fuzz/fuzz/<target> build-fuzz/crashes/<target>/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-30}
[ $# -gt 0 ] && shift
shared=${MPOL_FUZZ_SHARED:-$root/tests/data}
bdir=$root/build-fuzz

echo "== fuzz: building with clang into build-fuzz"
cmake -S . -B "$bdir" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMPOL_FUZZ=ON \
    -DMPOL_BUILD_TESTS=OFF -DMPOL_BUILD_BENCH=OFF -DMPOL_SANITIZE=OFF -DMPOL_WERROR=ON >/dev/null
cmake --build "$bdir" --target fuzz -j"${MPOL_FUZZ_JOBS:-2}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for exe in "$bdir"/fuzz/fuzz_*; do
        [ -x "$exe" ] && [ -f "$exe" ] && targets+=("$(basename "$exe")")
    done
fi

# Per-target input limits and dictionary.
max_len() {
    case $1 in
        fuzz_expr) echo 1024 ;;
        fuzz_model) echo 8192 ;;
        *) echo 4096 ;;
    esac
}
dict() {
    case $1 in
        fuzz_nfg | fuzz_efg) echo "$root/fuzz/dict/gambit.dict" ;;
        fuzz_expr) echo "$root/fuzz/dict/expr.dict" ;;
        *) echo "" ;;
    esac
}
# Copies the seed files of a target into build-fuzz/seeds/<target> (flat, unique names).
seed() {
    local t=$1 dst=$bdir/seeds/$1
    rm -rf "$dst" && mkdir -p "$dst"
    [ -d "fuzz/seeds/$t" ] && cp fuzz/seeds/"$t"/* "$dst"/ 2>/dev/null || true
    local pattern=""
    case $t in
        fuzz_nfg) pattern='*.nfg' ;;
        fuzz_efg) pattern='*.efg' ;;
    esac
    if [ -n "$pattern" ] && [ -d "$shared/reference/gambit-games" ]; then
        find "$shared/reference/gambit-games" -name "$pattern" -type f -print0 |
            while IFS= read -r -d '' f; do
                cp "$f" "$dst/shared_$(printf '%s' "$f" | cksum | cut -d' ' -f1)_$(basename "$f")"
            done
    fi
    if [ "$t" = fuzz_model ] && [ -d models ]; then
        find models -name '*.yaml' -type f -print0 |
            while IFS= read -r -d '' f; do
                cp "$f" "$dst/model_$(printf '%s' "$f" | tr '/' '_')"
            done
    fi
}

status=0
for t in "${targets[@]}"; do
    exe=$bdir/fuzz/$t
    if [ ! -x "$exe" ]; then
        echo "fuzz: no target $t (built: $(ls "$bdir"/fuzz | grep '^fuzz_' | tr '\n' ' '))" >&2
        status=1
        continue
    fi
    seed "$t"
    mkdir -p "$bdir/corpus/$t" "$bdir/crashes/$t"
    d=$(dict "$t")
    args=(-max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048
          -print_final_stats=1 -artifact_prefix="$bdir/crashes/$t/")
    [ -n "$d" ] && args+=(-dict="$d")
    # shellcheck disable=SC2206
    args+=(${MPOL_FUZZ_ARGS:-})
    echo "== fuzz: $t for ${seconds}s ($(ls "$bdir/seeds/$t" | wc -l) seeds)"
    log=$bdir/$t.log
    # tests/lsan.supp: leaks inside third-party libraries only (libfyaml 0.7.12 loses a
    # scanner buffer on some malformed inputs; our own allocations never match it).
    if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
        LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$exe" "${args[@]}" "$bdir/corpus/$t" "$bdir/seeds/$t" >"$log" 2>&1; then
        execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
        rate=$(grep -m1 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
        cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+' || true)
        echo "fuzz: $t ok: ${execs:-?} runs, ${rate:-?} exec/s, ${cov:-cov: ?}," \
            "corpus $(ls "$bdir/corpus/$t" | wc -l) files"
    else
        status=1
        echo "fuzz: $t FAILED; the log follows (also in $log):" >&2
        grep -v '^#[0-9]' "$log" | tail -60 >&2
        echo "fuzz: crash input(s): $(ls -d "$bdir/crashes/$t"/* 2>/dev/null | tr '\n' ' ')" >&2
    fi
done
exit $status

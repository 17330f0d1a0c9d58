#!/usr/bin/env bash
# Power indices of large weighted voting games estimate their work and memory first
# (issue #19): above the limits they are refused at once, exit 1, with the estimate in the
# message; otherwise a progress bar is drawn on a terminal (after a second), never into a
# file or a pipe.
. "$(dirname "$0")/lib.sh"
epic="$MPOL_SHARED/reference/epic_test_cases/precoalitions/3434players-72068weight-noCoalitions.csv"

# timed CMD...: run, and fail if it took 5 s or more.
timed() {
    local start=$(date +%s%N)
    run "$@"
    local ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$ms" -lt 5000 ] && ok || bad "refusal took $ms ms: $*"
}

# Exact Shapley-Shubik on EPIC's 3434 players: GMP counts of up to 3434! need ~28 GiB.
timed solve "$epic" --quota 36035 --method shapley-shubik --exact
expect_code 1 "exact SS 3434 refused"
expect_err '^multipolar solve: the DP table needs 1\.24e\+08 cells of GMP counts, about 28\.[0-9]+ GiB and 8\.[0-9]+e\+12 GMP limb operations \(about [0-9]+ s\); above the memory limit of 1 GiB' "exact SS 3434 message"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "one line of stderr"
[ -s "$tmp/out" ] && bad "report printed for a refusal" || ok

# 40,000 players, weights 1..50: floating-point Shapley-Shubik (quadrature, 168 nodes of
# ~5e5 cells x 4e4 players) needs ~3.5e12 operations, above the work limit of 1e12.
awk 'BEGIN { srand(19); for (i = 0; i < 40000; i++) { w[i] = 1 + int(rand() * 50); t += w[i] }
     print int(t / 2) + 1; for (i = 0; i < 40000; i++) print w[i] }' >"$tmp/p40000.csv"
timed solve "$tmp/p40000.csv" --method shapley-shubik
expect_code 1 "SS 40000 refused"
expect_err '^multipolar solve: needs about [0-9.]+ MiB and 3\.[0-9]+e\+12 operations \(about [0-9]+ s at 1e\+09 a second\); above the work limit of 1e\+12' "SS 40000 message"

# 50,000 players of weight 1: exact Banzhaf fits in memory (~800 MiB) but is ~1.5e12 limb
# operations, above the work limit of 1e12.
awk 'BEGIN { print 25001; for (i = 0; i < 50000; i++) print 1 }' >"$tmp/b50000.csv"
timed solve "$tmp/b50000.csv" --method banzhaf --exact
expect_code 1 "exact Banzhaf 50000 refused"
expect_err '^multipolar solve: needs about [0-9.]+ MiB and 1\.[0-9]+e\+12 GMP limb operations \(about [0-9]+ s at 5e\+08 a second\); above the work limit of 1e\+12 \(max_work\)$' "exact Banzhaf 50000 message"

# Allowed, with a bar on a terminal: exact Shapley-Shubik on EPIC's 266 players (~4.8e9
# limb operations, several seconds). Not drawn when stderr is a file.
small="$MPOL_SHARED/reference/epic_test_cases/precoalitions/266players-13705weight-noCoalitions.csv"
if ! command -v script >/dev/null; then
    echo "script(1) not installed: the pty check is skipped"
else
    script -qc "'$MPOL' solve '$small' --quota 6853 --method shapley-shubik --exact >'$tmp/pty.txt'" /dev/null >"$tmp/out" 2>"$tmp/err"
    code=$?
    expect_code 0 "exact SS 266 under a pty"
    expect_out $'\rshapley-shubik \\[#' "bar drawn on a terminal"
    expect_out 'shapley-shubik \[#{40}\] 100\.0% ([0-9]+)/\1' "bar ends at 100%"
    grep -q 'Players: 266' "$tmp/pty.txt" && ok || bad "report written"
fi
run solve "$small" --quota 6853 --method banzhaf --exact
expect_code 0 "exact Banzhaf 266"
[ -s "$tmp/err" ] && bad "stderr not empty: $(head -c 200 "$tmp/err")" || ok
finish

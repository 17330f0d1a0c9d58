#!/usr/bin/env bash
# solve --quota Q (EPIC .csv weight files: every number a weight, the quota Q) and
# solve --timing (one stderr line: read, solve, verify, write; stdout unchanged).
. "$(dirname "$0")/lib.sh"

w="$tmp/epic.csv"
printf '# EPIC-style weights, no quota line\n49\n48\n3\n' >"$w"

# [51; 49, 48, 3]: any two win, Shapley-Shubik 1/3 each; [97; 49, 48, 3]: player 3 a dummy.
run solve "$w" --quota 51 --method shapley-shubik --format csv
expect_code 0 "quota 51"
# (floating point: 1/3 within a few ulps, 0.33333333333333337 by the quadrature)
expect_out '^"1",49,0\.333333333333333' "player 1 has 1/3 at quota 51"
expect_out '^"3",3,0\.333333333333333' "player 3 has 1/3 at quota 51"
run solve "$w" --quota 97 --method shapley-shubik --format csv
expect_code 0 "quota 97"
expect_out '^"1",49,0\.5,' "player 1 has 1/2 at quota 97"
expect_out '^"3",3,0,.*,0,1$' "player 3 is a dummy at quota 97"
run solve "$w" --quota 97 --method banzhaf
expect_code 0 "quota 97 text"
expect_out 'quota 97 of total weight 100' "the quota is shown"
# Decimal quota (scaled with the weights).
run solve "$w" --quota 50.5 --method banzhaf --format json
expect_code 0 "decimal quota"

# Error paths: not positive, not a number, above the total, not a weighted-voting file.
for q in 0 -3 abc 1e999 ''; do
    run solve "$w" --quota "$q"; expect_code 2 "--quota '$q'"
    expect_err "^multipolar solve: --quota must be a positive number, not '$q'" "message for '$q'"
done
run solve "$w" --quota 101; expect_code 2 "quota above the total"
expect_err 'the quota 101 exceeds the total weight 100: no coalition can win' "over-total message"
run solve "$MPOL_SRC/models/examples/rps.yaml" --quota 3; expect_code 2 "not weighted voting"
expect_err -- '--quota applies to EPIC weighted-voting weight files \(\.csv\)' "kind message"
run solve "$tmp/missing.csv" --quota 3; expect_code 2 "missing file"
run solve "$w" --quota; expect_code 2 "--quota without a value"
run help solve; expect_code 0 "help"; expect_out -- '--quota Q' "help lists --quota"
expect_out -- '--timing' "help lists --timing"

# --timing: one line with four numbers on stderr, the same stdout as without it.
num='[0-9]+\.[0-9]{3} s'
check_timing() {
    local what=$1; shift
    "$MPOL" solve "$@" >"$tmp/plain" 2>/dev/null
    local want=$?
    run solve "$@" --timing
    expect_code "$want" "$what with --timing keeps its exit code"
    cmp -s "$tmp/plain" "$tmp/out" && ok || bad "$what: stdout changed by --timing"
    expect_err "^timing: read $num, solve $num, verify $num( \([^)]*\))?, write $num$" "$what: line"
    [ "$(grep -c '^timing:' "$tmp/err")" -eq 1 ] && ok || bad "$what: one timing line"
}
m="$MPOL_SRC/models"
check_timing "zero-sum" "$m/examples/rps.yaml"
check_timing "zero-sum json" "$m/examples/rps.yaml" --format json
check_timing "zero-sum --all" "$m/examples/rps.yaml" --all
check_timing "bimatrix" "$m/examples/prisoners_dilemma.yaml"
check_timing "normal-form" "$m/examples/three_powers.yaml"
check_timing "tu" "$m/examples/glove.yaml" --format csv
check_timing "weighted voting" "$w" --quota 51
check_timing "hedonic" "$m/kazakhstan/alliances.yaml"
check_timing "weighted-voting yaml" "$m/examples/unsc.yaml" --format json
# Where verification is a call of its own (normal-form) it is measured apart; elsewhere
# the line says it is inside the solver's call.
run solve "$m/examples/three_powers.yaml" --timing
expect_err "verify $num, write" "normal-form: verify measured apart"
run solve "$m/examples/rps.yaml" --timing
expect_err "verify $num \(verified inside the solver's call: counted in solve\)" "zero-sum: said"
run solve "$m/examples/rps.yaml"
grep -q '^timing:' "$tmp/err" && bad "no timing line without --timing" || ok
finish

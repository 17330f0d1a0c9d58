#!/usr/bin/env bash
# The reports print round-off below the verification tolerance as 0: probabilities below
# tol, payoffs and regrets below tol times the payoff scale (zero-sum, bimatrix,
# normal-form; text, JSON and CSV). Rock-paper-scissors printed value 6.16e-33 once.
. "$(dirname "$0")/lib.sh"

m="$MPOL_SRC/models"
# A number in exponent form below 1e-9 that is not the tolerance itself.
tiny='(^|[^0-9.])[0-9]\.?[0-9]*e-(1[0-9]|[2-9][0-9]|[1-9][0-9][0-9])'
no_tiny() {
    local what=$1; shift
    run solve "$@"
    expect_code 0 "$what"
    if grep -vE 'toleran' "$tmp/out" | grep -qE -- "$tiny"; then
        bad "$what prints round-off: $(grep -vE 'toleran' "$tmp/out" | grep -E -- "$tiny" | head -2)"
    else
        ok
    fi
}
for fmt in text json csv; do
    for meth in "" "--method simplex" "--method dense" "--method oracle" "--method glpk" \
        "--all" "--exact" "--all --exact"; do
        # shellcheck disable=SC2086
        no_tiny "rps $meth $fmt" "$m/examples/rps.yaml" $meth --format "$fmt"
    done
    for meth in "" "--all" "--method lh" "--method lh-all" "--exact"; do
        # shellcheck disable=SC2086
        no_tiny "trade_security $meth $fmt" "$m/kazakhstan/trade_security.yaml" $meth --format "$fmt"
    done
    for meth in "" "--all" "--method replicator" "--method fictitious" "--method simpdiv"; do
        # shellcheck disable=SC2086
        no_tiny "four_powers $meth $fmt" "$m/kazakhstan/four_powers.yaml" $meth --format "$fmt"
    done
done
run solve "$m/examples/rps.yaml"; expect_out '^Value of the game to Row: 0$' "rps value 0"
run solve "$m/examples/rps.yaml" --format json; expect_out '"value": 0,' "rps JSON value 0"
run solve "$m/kazakhstan/trade_security.yaml" --format json
expect_out '"max_regret": 0,' "bimatrix round-off regret printed as 0"
run solve "$m/kazakhstan/four_powers.yaml" --method replicator --format csv
expect_out '^replicator,1,"Kazakhstan","align_china",0$' "tiny replicator probability printed as 0"
# Only what is below the tolerance: with --tol 1e-20 the round-off regret is printed.
run solve "$m/kazakhstan/trade_security.yaml" --tol 1e-20 --format json
expect_out '"regrets": \[(0,)?2\.2204460492503131e-16' "above a tiny tolerance the regret shows"
finish

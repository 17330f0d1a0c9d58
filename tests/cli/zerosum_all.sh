#!/usr/bin/env bash
# `multipolar solve --all` on zero-sum and constant-sum games: every extreme optimal strategy
# of each player (text, JSON, CSV, exact), the refusal of a face above the basis limit, and
# numbers within the tolerance of 0 printed as 0 (rock-paper-scissors' value was 6.16e-33).
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
G=${MPOL_SHARED:-$MPOL_SRC/tests/data}/reference/gambit-games

# Rock-paper-scissors: value printed as 0, with and without --all, in every format.
run solve models/examples/rps.yaml; expect_code 0 "rps"
expect_out '^Value of the game to Row: 0$' "rps value printed as 0"
grep -q 'e-3[0-9]' "$tmp/out" && bad "rps prints rounding noise" || ok
run solve models/examples/rps.yaml --format json; expect_code 0 "rps json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["value"] == 0, d["value"]' "$tmp/out" && ok || bad "rps JSON value 0"
run solve models/examples/rps.yaml --format csv; expect_code 0 "rps csv"
expect_out '^value,,0$' "rps CSV value 0"
run solve models/examples/rps.yaml --all; expect_code 0 "rps --all"
expect_out '^Value of the game to Row: 0$' "rps --all value 0"
expect_out 'Extreme optimal strategies of Row \(maximiser\): 1$' "unique optimum"
expect_out '^Extreme equilibria: 1 ' "one extreme equilibrium"
expect_out 'VERIFIED' "rps --all verified"

# A saddle point: one pure optimum each.
run solve models/examples/saddle.yaml --all --format json; expect_code 0 "saddle --all json"
python3 - "$tmp/out" <<'PY' && ok || bad "saddle: one pure optimal strategy per player"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["extreme_equilibria"] == 1
for p in d["players"]:
    (v,) = p["extreme_optimal_strategies"]
    assert sorted(v)[-1] == 1 and sum(v) == 1, v
assert d["verification"]["ok"]
PY

if [ -d "$G" ]; then
    # Two-stage matching pennies: 4 x 4 extreme optimal strategies, 16 extreme equilibria.
    # A .efg file is a tree model: its reduced strategic form (the .nfg convert writes) is
    # the zero-sum game --all enumerates; the tree itself solves to value 0 natively.
    run solve "$G/contrib/games/2smp.efg"; expect_code 0 "2smp native"
    expect_out 'kind tree' "2smp is a tree model"
    expect_out 'value 0 ' "2smp native value 0"
    run convert "$G/contrib/games/2smp.efg" -o "$tmp/2smp.nfg"; expect_code 0 "2smp reduced form"
    run convert "$G/contrib/games/centcs6.efg" -o "$tmp/centcs6.nfg"; expect_code 0 "centcs6 reduced form"
    run convert "$G/tests/test_games/large_payoff_game.efg" -o "$tmp/large.nfg"
    expect_code 0 "large payoff reduced form"
    run solve "$tmp/2smp.nfg" --all; expect_code 0 "2smp --all"
    expect_out 'Extreme optimal strategies of Player 1 \(maximiser\): 4$' "2smp: 4 for player 1"
    expect_out 'Extreme optimal strategies of Player 2 \(minimiser\): 4$' "2smp: 4 for player 2"
    expect_out '^Extreme equilibria: 16 ' "2smp: 16 extreme equilibria"
    run solve "$tmp/2smp.nfg" --all --exact --format json; expect_code 0 "2smp exact json"
    python3 - "$tmp/out" <<'PY' && ok || bad "2smp exact JSON: 16 equilibria, value 0, quarters"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["exact"] and d["verification"]["exact"] and d["verification"]["ok"]
assert d["value_exact"] == "0" and d["extreme_equilibria"] == 16
for p in d["players"]:
    assert len(p["extreme_optimal_strategies"]) == 4
    for v in p["exact"]:
        assert sorted(set(v)) == ["0", "1/4"], v
    assert len({tuple(v) for v in p["extreme_optimal_strategies"]}) == 4
PY
    run solve "$tmp/2smp.nfg" --all --format csv; expect_code 0 "2smp csv"
    python3 - "$tmp/out" <<'PY' && ok || bad "2smp CSV: 4 vertices of 8 strategies per player"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0] == ["player", "vertex", "strategy", "probability"], rows[0]
body = [r for r in rows[1:] if r[0] not in ("value", "extreme_equilibria")]
assert len(body) == 2 * 4 * 8, len(body)
for p in ("Player 1", "Player 2"):
    for v in "1234":
        assert abs(sum(float(r[3]) for r in body if r[0] == p and r[1] == v) - 1) < 1e-12
assert ["extreme_equilibria", "", "", "16"] in rows
PY
    # A constant-sum (not zero-sum) game: --all goes the zero-sum way; without it, bimatrix.
    run solve "$tmp/centcs6.nfg" --all; expect_code 0 "constant-sum --all"
    expect_out 'constant-sum game: the payoffs of each cell add up to 3.2, so Player 2 gets 1.6' "constant sum named"
    expect_out '^Extreme equilibria: 8 ' "centcs6: 8 extreme equilibria (lrsnash's count)"
    run solve "$G/contrib/games/centcs6.efg" --method enum; expect_code 0 "constant-sum enum"
    expect_out 'All extreme Nash equilibria: 8 equilibria' "bimatrix enumeration agrees"
    # Payoffs of 1 beside 1e19: the exact check rejects what doubles cannot resolve.
    run solve "$tmp/large.nfg" --all --exact; expect_code 1 "exact check fails"
    expect_err 'exact check of vertex 1 of the row player failed' "exact failure named"
    grep -q 'mpol_' "$tmp/err" && bad "internal name in the message" || ok
fi

# Refusal above the basis limit: exit 1 with the estimate.
start=$(date +%s%N)
run solve tests/cli/data/zs_big_face.yaml --all; expect_code 1 "large face refused"
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
expect_err 'the optimal face of the column player has at least [0-9.e+]+ bases \(a random-walk estimate made before the search' "estimate given"
expect_err 'more than the limit of 1000000' "limit named"
[ "$elapsed" -lt 3000 ] && ok || bad "the refusal took $elapsed ms (up front: tens of ms)"
# --all takes no method.
run solve models/examples/rps.yaml --all --method simplex; expect_code 2 "--all with a method"
finish

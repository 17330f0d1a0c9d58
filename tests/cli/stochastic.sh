#!/usr/bin/env bash
# The stochastic kind from the CLI: the discounted Big Match (value 1/(2(1-delta)), the row
# player stops with probability (1-delta)/(2-delta), the column player mixes 1/2) with every
# method, check, the JSON and CSV forms, a general-sum game, sweeps whose breakpoints are
# computed by hand (to 1e-9), every exit code, the method names from the library, and one
# FILE:LINE:COL test per error of the grammar (tests/cli/data/stochastic/errors.tsv).
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
bm=models/examples/big_match.yaml
D=tests/cli/data/stochastic

run solve $bm; expect_code 0 "Big Match"
expect_out '^    Row +value 5 +stop 0\.0909090909, go_on 0\.909090909$' "value 5, stop 1/11"
expect_out '^    Column +value -5 +left 0\.5, right 0\.5$' "column mixes 1/2"
expect_out 'VERIFIED' "verified"
for m in shapley value-iteration policy-iteration hoffman-karp fictitious-play; do
    run solve $bm --method $m --set delta=0.5 -f json; expect_code 0 "Big Match $m"
    python3 - "$tmp/out" "$m" <<'PY' && ok || bad "Big Match $m at delta 0.5: value 1, stop 1/3"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "multipolar/stochastic/1" and d["verification"]["ok"], d["verification"]
m = {"hoffman-karp": "policy-iteration"}.get(sys.argv[2], sys.argv[2])
assert d["method"] == m, d["method"]
play = d["states"][0]
assert play["name"] == "play"
row, col = play["players"]
assert abs(row["value"] - 1) < 1e-9 and abs(col["value"] + 1) < 1e-9, row["value"]
p = {e["action"]: e["probability"] for e in row["strategy"]}
assert abs(p["stop"] - 1 / 3) < 1e-9, p
q = {e["action"]: e["probability"] for e in col["strategy"]}
assert abs(q["left"] - 0.5) < 1e-9, q
assert d["states"][1]["players"][0]["value"] - 2 < 1e-9  # won: 1/(1-delta)
assert d["verification"]["bound"] <= 1e-9 * d["verification"]["scale"]
PY
done
run solve $bm -f csv; expect_code 0 "csv"
expect_out '^state,player,action,probability$' "csv header"
expect_out '^play,Row,stop,0\.0909090909090' "csv row"
run check $bm; expect_code 0 "check"
expect_out 'players: 2, states: 3, profiles: 6, zero-sum, contraction factor 0\.9$' "check summary"
run check $bm -f json; expect_code 0 "check json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["valid"] and d["states"] == 3 and d["profiles"] == 6 and d["zero_sum"] and abs(d["beta"] - 0.9) < 1e-15' "$tmp/out" && ok || bad "check json"

# General-sum: the repeated prisoner's dilemma defects (10 each at delta 0.9).
run solve $D/pd_general.yaml; expect_code 0 "general-sum"
expect_out 'stationary Markov perfect equilibrium' "MPE heading"
expect_out '^    A +value 10 +D 1$' "defect, 10"
run solve $D/pd_general.yaml --method shapley; expect_code 2 "zero-sum method on a general-sum game"
expect_err_exact "multipolar solve: method shapley needs a zero-sum game" "message"

# NOT FOUND: a random general-sum game (seed 1 of a generator; a stationary equilibrium
# exists, Fink 1964, but the method finds none): exit 1, the last iterate reported as such.
run solve $D/not_found.yaml; expect_code 1 "NOT FOUND"
expect_out 'NOT FOUND \(the last iterate below is no equilibrium\)' "NOT FOUND heading"
expect_err_exact "multipolar solve: verification failed: no equilibrium found (NOT FOUND; the last iterate's bound 4.71)" "NOT FOUND message"
run solve $D/not_found.yaml -f json; expect_code 1 "NOT FOUND json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not d["found"] and not d["verification"]["ok"] and d["verification"]["bound"] > 1' "$tmp/out" && ok || bad "NOT FOUND json: found false"

# Sweeps with regime changes at hand-computed breakpoints: waiting is worth
# beta p / ((1 - beta)(1 - beta (1 - p))) against 1 for cashing.
run sweep $D/cash_or_wait.yaml --param p=0:0.05:6 --set beta=0.9 -q -f json; expect_code 0 "sweep over a transition probability"
python3 - "$tmp/out" <<'PY' && ok || bad "breakpoint p = 1/81 to 1e-9"
import json, sys
d = json.load(open(sys.argv[1]))
b = d["breakpoints"]
assert len(b) == 1, b
assert b[0]["parameter"] == "p"
x = b[0]["at"]
assert abs(x - 1 / 81) < 1e-9, x
PY
run sweep $D/cash_or_wait.yaml --param beta=0.5:0.95:4 -q -f json; expect_code 0 "sweep over the discount factor"
python3 - "$tmp/out" <<'PY' && ok || bad "breakpoint beta = (2 - sqrt(0.4)) / 1.8 to 1e-9"
import json, math, sys
d = json.load(open(sys.argv[1]))
b = d["breakpoints"]
assert len(b) == 1, b
assert b[0]["parameter"] == "beta"
x = b[0]["at"]
assert abs(x - (2 - math.sqrt(0.4)) / 1.8) < 1e-9, x
PY
run sweep $bm --param delta=0.1:0.9:5 -q; expect_code 0 "Big Match sweep"
expect_out '^0\.5,1,1,2,0,' "delta 0.5: value 1"

# The world-orders model: its default sweep over mediation breaks where mediating starts to
# pay; the breakpoint from the multi_vector regime's values (a 3 x 3 linear system).
wo=models/kazakhstan/world_orders.yaml
run solve $wo; expect_code 0 "world orders"
expect_out '^    Kazakhstan +value 3\.98359910[0-9]* +multi_vector 1$' "multipolar: multi_vector"
run sweep $wo -q -f json; expect_code 0 "world orders: default sweep"
python3 - "$tmp/out" <<'PY' && ok || bad "world orders: mediation breakpoint to 1e-9"
import json, sys
d = json.load(open(sys.argv[1]))
b = d["breakpoints"]
assert len(b) == 1 and b[0]["parameter"] == "mediation", b
de, ue, utb, bw, bm, me, mtb, bp = 0.9, 0.1, 0.4, 0.05, 0.05, 0.05, 0.5, 0.1
su, sb = 0.2 - 7 / 30, 0.5 - 7 / 30  # stage values of [[a-.4, a+.1], [a-.2, a-.3]]
sm = 1 - 0.4                           # multipolar: (multi_vector, press)
# V = s + de P V, solved by Cramer's rule on (I - de P) V = s; order u, b, m
P = [[1 - ue, ue * utb, ue * (1 - utb)],
     [bw, 1 - bw - bm, bm],
     [me * (1 - mtb), me * mtb + bp, 1 - me - bp]]
M = [[(1.0 if i == j else 0.0) - de * P[i][j] for j in range(3)] for i in range(3)]
def det(A):
    return (A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1])
            - A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0])
            + A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0]))
s = [su, sb, sm]
D = det(M)
V = [det([[s[i] if j == k else M[i][j] for j in range(3)] for i in range(3)]) / D for k in range(3)]
mstar = 0.05 / (de * me * (V[2] - mtb * V[1] - (1 - mtb) * V[0]))
assert abs(V[2] - 3.983599106) < 1e-8, V
assert abs(b[0]["at"] - mstar) < 1e-9, (b[0]["at"], mstar)
PY

# convert writes a stochastic model back as YAML (anchors expanded) that solves the same.
run convert $wo -o "$tmp/wo.yaml"; expect_code 0 "convert world orders"
"$MPOL" solve $wo --set mediation=0.9 -f json >"$tmp/a.json"
"$MPOL" solve "$tmp/wo.yaml" --set mediation=0.9 -f json >"$tmp/b.json"
python3 - "$tmp/a.json" "$tmp/b.json" <<'PY' && ok || bad "converted model solves the same"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
va = [p["value"] for s in a["states"] for p in s["players"]]
vb = [p["value"] for s in b["states"] for p in s["players"]]
assert len(va) == 6 and max(abs(x - y) for x, y in zip(va, vb)) < 1e-12, (va, vb)
PY

# Exit codes and messages.
run solve $bm --method foo; expect_code 2 "unknown method"
expect_err_exact "multipolar solve: stochastic: unknown method 'foo' (auto, shapley, value-iteration, policy-iteration, fictitious-play)" "the library's method list"
run sweep $bm --param delta=0.1:0.9:3 --method foo -q; expect_code 2 "sweep: unknown method"
expect_err "^multipolar sweep: stochastic: unknown method 'foo' \(auto, shapley" "sweep message"
run solve $bm --set delta=1.5; expect_code 2 "parameter out of its range"
run solve $D/bad/too_many_players.yaml; expect_code 1 "over the player limit"
run sweep $D/cash_or_wait.yaml --param beta=0.9:1:3 -q; expect_code 2 "a sweep point where the play need not end"
expect_err '^multipolar sweep: at beta=1 \(grid point 2\): tests/cli/data/stochastic/cash_or_wait\.yaml:17:9: the play need not end' "located sweep error"
grep -q mpol_ "$tmp/err" && bad "a library symbol in a message" || ok

# The method names: help solve prints the library's table; the man page lists the same.
run help solve; expect_code 0 "help solve"
# the stochastic line and its continuation lines (indented deeper than a kind's line)
names=$(awk '/^ *stochastic:/ {f = 1; sub(/.*stochastic:/, ""); print; next}
             f && /^                         / {print; next} {f = 0}' "$tmp/out" | tr '|' ' ')
for n in auto shapley value-iteration policy-iteration fictitious-play; do
    echo "$names" | grep -qw -- "$n" && ok || bad "help solve lacks the stochastic method $n"
    grep -q "$(echo "$n" | sed 's/-/\\\\-/g')" man/multipolar.1 && ok || bad "man/multipolar.1 lacks $n"
done
[ "$(echo $names | wc -w)" -eq 5 ] && ok || bad "help solve lists 5 stochastic methods, not: $names"

# One test per grammar error: exit code and the exact FILE:LINE:COL message, for check and solve.
while IFS=$'\t' read -r name want pos msg; do
    case $name in '#'*|'') continue ;; esac
    for cmd in check solve; do
        run $cmd $D/bad/$name.yaml
        expect_code "$want" "$cmd $name"
        expect_err_exact "$D/bad/$name.yaml:$pos: $msg" "$cmd $name"
    done
done <$D/errors.tsv
[ "$(grep -vc '^#' $D/errors.tsv)" -eq "$(ls $D/bad/*.yaml | wc -l)" ] && ok || bad "every data file in bad/ has its line in errors.tsv"
finish

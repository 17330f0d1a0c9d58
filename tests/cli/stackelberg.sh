#!/usr/bin/env bash
# Stackelberg methods from the CLI: the textbook game where mixed commitment beats pure
# (leader value 3.5 at x = (1/2, 1/2), pure 3, weak 3.5 not attained), the leader by name and
# index, the US-Kazakhstan model, CSV, a sweep, a three-player game, and the error paths.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
g="$tmp/sse.yaml"
cat >"$g" <<'YAML'
title: Commitment beats Nash
kind: bimatrix
players:
  - name: Leader
    strategies: [Up, Down]
  - name: Follower
    strategies: [Left, Right]
payoffs:
  - [[2, 1], [4, 0]]
  - [[1, 0], [3, 1]]
YAML

run solve "$g" --method stackelberg --format json; expect_code 0 "strong"
python3 - "$tmp/out" <<'PY' && ok || bad "SSE 3.5 at (1/2, 1/2), follower plays Right"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "multipolar/stackelberg/1" and d["method"] == "stackelberg"
assert abs(d["value"] - 3.5) < 1e-9, d["value"]
x = {s["name"]: s["probability"] for s in d["commitment"]}
assert abs(x["Up"] - 0.5) < 1e-9 and abs(x["Down"] - 0.5) < 1e-9
assert d["reply"] == [{"player": "Follower", "strategy": "Right", "payoff": 0.5}], d["reply"]
assert d["verification"]["ok"] and d["verification"]["follower_regret"] == 0
PY
run solve "$g" --method stackelberg-pure; expect_code 0 "pure"
expect_out 'leader value 3$' "pure commitment value 3"
run solve "$g" --method stackelberg-weak --format json; expect_code 0 "weak"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert abs(d["value"]-3.5)<1e-9 and d["attained"] is False and abs(d["pessimistic"]-1.5)<1e-9' "$tmp/out" && ok || bad "weak: supremum 3.5, not attained"
run solve "$g" --method stackelberg --leader Follower; expect_code 0 "leader by name"
expect_out 'Leader: Follower' "the column player leads"
run solve "$g" --method stackelberg --leader 2 --format csv; expect_code 0 "leader by index, CSV"
expect_out '^role,player,strategy,probability$' "CSV header"
expect_out '^leader,"Follower",' "CSV leader rows"

m=models/kazakhstan/us_commitment.yaml
run solve $m --method stackelberg --format json; expect_code 0 "US commitment"
python3 - "$tmp/out" <<'PY' && ok || bad "US mixes soft power and investment, Kazakhstan multi-vector"
import json, sys
d = json.load(open(sys.argv[1]))
x = {s["name"]: s["probability"] for s in d["commitment"]}
assert x["soft_power"] > 0.3 and x["investment"] > 0.3, x
assert d["reply"][0]["strategy"] == "multi_vector"
assert 0.78 < d["value"] < 0.8, d["value"]
PY
run sweep $m --method stackelberg --param trade_dependence_ru=0:1:11 -q --no-refine
expect_code 0 "sweep"
expect_out '^trade_dependence_ru,leader_value,US:disengage' "sweep columns"
expect_err 'US commits to \{soft_power, investment\}' "sweep regime"
# The weak n-player MILP has numerical trouble where the followers' margins vanish (the
# bisection's midpoint cost = 1.000000002): that point fails, the sweep goes on.
run sweep models/examples/three_powers.yaml --method stackelberg-weak --param cost=0:3:4 -q
expect_code 0 "weak three-player sweep"
expect_err 'Verified points: 4 of 4' "weak sweep: every grid point verified"
expect_err 'stopped wider, at a midpoint whose solution failed verification' \
    "weak sweep: the failed midpoint is reported"
run solve models/examples/three_powers.yaml --method stackelberg --leader China; expect_code 0 "three players"
expect_out 'VERIFIED' "three players verified"

b=models/kazakhstan/us_commitment_bayes.yaml
run solve $b --format json; expect_code 0 "Bayesian Stackelberg model"
python3 - "$tmp/out" <<'PY' && ok || bad "Bayesian: soft power and investment, the balancer multi-vector"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "multipolar/bayesian-stackelberg/1" and d["method"] == "milp"
assert abs(d["value"] - 0.49066211) < 1e-6, d["value"]
t = {x["type"]: x["reply"] for x in d["types"]}
assert t == {"russia_leaning": "align_russia", "balancer": "multi_vector"}, t
assert d["verification"]["ok"] and all(x["regret"] == 0 for x in d["types"])
PY
run solve $b --set russia_lean=0.6 --format csv; expect_code 0 "Bayesian CSV"
expect_out '^type,"russia_leaning","multi_vector",1$' "a likelier Russia-leaning type is courted too"
run sweep $b --param russia_lean=0:1:11 -q --no-refine; expect_code 0 "Bayesian sweep"
expect_out '^russia_lean,leader_value,US:disengage' "Bayesian sweep columns"
run solve $b --set russia_lean=1.5; expect_code 2 "prior out of range"
expect_err "outside \[min, max\]" "prior range message"
run solve $b --method enum; expect_code 2 "only the MILP"

run solve "$g" --method stackelberg --leader Nobody; expect_code 2 "unknown leader"
expect_err "names no player" "unknown leader message"
run solve "$g" --method stackelberg --leader 3; expect_code 2 "leader index out of range"
run solve "$g" --leader 1; expect_code 2 "--leader without a Stackelberg method"
expect_err "applies to --method stackelberg" "--leader refused"
run solve models/examples/three_powers.yaml --method stackelberg-weak; expect_code 0 "weak on three players"
expect_out 'leader value 0$' "three players: both followers engage in the worst equilibrium (strong 0.5)"
expect_out 'attained     yes' "three players: attained"
expect_out 'MILP         4 followers' "three players: the MILP line"
run solve models/kazakhstan/four_powers.yaml --method stackelberg-weak --format json; expect_code 0 "weak on four players, JSON"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["method"]=="stackelberg-weak" and abs(d["value"]-2.01786837)<1e-6 and d["attained"] is False and d["pessimistic"]<d["value"] and d["verification"]["ok"]' "$tmp/out" && ok || bad "four players: supremum 2.0179 (the strong value), not attained"
run solve models/kazakhstan/four_powers.yaml --method stackelberg-weak --format csv; expect_code 0 "weak on four players, CSV"
expect_out '^follower,"US","engage",1$' "four players CSV reply"
run solve models/kazakhstan/blocs.yaml --method stackelberg; expect_code 2 "not a strategic kind"
finish

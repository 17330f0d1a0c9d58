#!/usr/bin/env bash
# Bayesian games from the CLI: the Battle of the Sexes with incomplete information (three
# extreme BNE, the pure one (B, (B, S)), exact strings), the resolve model of Kazakhstan
# (a sweep over the prior of resolve whose breakpoint is the belief threshold 11/30,
# computed by hand in the model's header), JSON and CSV, check, and the exit codes.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
g="$tmp/bos.yaml"
cat >"$g" <<'YAML'
title: BoS with incomplete information
kind: bayesian
players:
  - name: P1
    strategies: [B, S]
  - name: P2
    types: [meet, avoid]
    prior: [1/2, 1/2]
    strategies: [B, S]
payoffs:
  - {types: ["*", meet], profile: [B, B], payoff: [2, 1]}
  - {types: ["*", meet], profile: [B, S], payoff: [0, 0]}
  - {types: ["*", meet], profile: [S, B], payoff: [0, 0]}
  - {types: ["*", meet], profile: [S, S], payoff: [1, 2]}
  - {types: ["*", avoid], profile: [B, B], payoff: [2, 0]}
  - {types: ["*", avoid], profile: [B, S], payoff: [0, 2]}
  - {types: ["*", avoid], profile: [S, B], payoff: [0, 1]}
  - {types: ["*", avoid], profile: [S, S], payoff: [1, 0]}
YAML

run solve "$g"; expect_code 0 "solve BoS"
expect_out 'enumerate: 3 Bayes-Nash equilibria \(all extreme ones\)' "three extreme BNE"
expect_out 'VERIFIED' "verified"
run solve "$g" --exact; expect_code 0 "solve --exact"
expect_out 'B 1/3, S 2/3' "exact mixed action"
expect_out 'ex-ante payoffs: P1 1, P2 3/2' "exact ex-ante payoffs"
run solve "$g" --method pure -f json; expect_code 0 "pure json"
python3 - "$tmp/out" <<'PY' && ok || bad "pure: the one BNE (B, (B, S))"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "multipolar/bayesian/1" and d["method"] == "pure" and d["complete"]
assert d["count"] == 1 and d["verification"]["ok"]
types = d["equilibria"][0]["types"]
play = {(t["player"], t["type"]): max(t["strategy"], key=lambda r: r["probability"])["action"]
        for t in types}
assert play == {("P1", "only"): "B", ("P2", "meet"): "B", ("P2", "avoid"): "S"}, play
assert abs(types[2]["interim_payoff"] - 2) < 1e-12 and types[2]["prior"] == 0.5
PY
run solve "$g" -f csv; expect_code 0 "csv"
expect_out '^equilibrium,player,type,action,probability$' "csv header"
expect_out '^3,P2,avoid,S,1$' "csv row of the pure BNE"
run solve "$g" --method logit; expect_code 0 "logit"
expect_out 'logit: 1 Bayes-Nash equilibrium' "logit finds one"
run solve "$g" --method tree
if [ "$code" -eq 0 ]; then expect_out 'Method: tree: ' "the tree methods are built"
else expect_code 2 "tree method not built yet"; expect_err 'not available in this build' "tree message"; fi
run solve "$g" --method nope; expect_code 2 "unknown method"
expect_err "bayesian models: unknown method 'nope'" "unknown method message"
run check "$g"; expect_code 0 "check"
expect_out 'type profiles: 2 \(2 of positive probability\), action profiles: 4, exact' "check summary"

# A pure method without a pure equilibrium: matching pennies with a dummy type, exit 1.
cat >"$tmp/mp.yaml" <<'YAML'
kind: bayesian
players:
  - {name: A, types: [x, y], prior: [0.5, 0.5], strategies: [h, t]}
  - {name: B, strategies: [h, t]}
payoffs:
  - {profile: [h, h], payoff: [1, -1]}
  - {profile: [h, t], payoff: [-1, 1]}
  - {profile: [t, h], payoff: [-1, 1]}
  - {profile: [t, t], payoff: [1, -1]}
YAML
run solve "$tmp/mp.yaml" --method pure; expect_code 1 "no pure BNE"
expect_err 'no Bayes-Nash equilibrium found by method pure' "no pure BNE message"

# The resolve model: at p_resolve = 0.3 hedging is an equilibrium; above 11/30 only align.
m=models/kazakhstan/resolve.yaml
run solve "$m"; expect_code 0 "resolve model"
expect_out '3 Bayes-Nash equilibria' "three BNE below the threshold"
run solve "$m" --exact; expect_code 0 "resolve --exact: the doubles read as small rationals"
expect_out 'press 2/21, concede 19/21' "exact mixed BNE: the bluffing type presses with (11/30 - 3/10) / (7/10)"
expect_out 'align 2/3, hedge 1/3' "exact mixed BNE: Kazakhstan"
run solve "$m" --set p_resolve=0.5 -f json; expect_code 0 "resolve at 0.5"
python3 - "$tmp/out" <<'PY' && ok || bad "above the threshold: the one BNE, Kazakhstan aligns"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["count"] == 1
kz = [t for t in d["equilibria"][0]["types"] if t["player"] == "Kazakhstan"][0]
assert [r["probability"] for r in kz["strategy"]] == [1, 0], kz
PY
run sweep "$m" -f json -q; expect_code 0 "sweep"
python3 - "$tmp/out" <<'PY' && ok || bad "sweep: one breakpoint at 11/30 within 1e-9"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["unverified_points"] == 0 and len(d["points"]) == 101
b = d["breakpoints"]
assert len(b) == 1 and b[0]["parameter"] == "p_resolve", b
assert abs(b[0]["at"] - 11 / 30) < 1e-9, b[0]["at"]
assert "Kazakhstan {align}" in b[0]["to"] and "{hedge}" in b[0]["from"]
PY
run sweep "$m" -q -p align_value=0:1:11 --set p_resolve=0.5; expect_code 0 "sweep a payoff"
expect_out '^align_value,value,equilibria,' "csv header of a sweep"

# Model errors: located, exit 2.
printf 'kind: bayesian\nplayers:\n  - {name: A, types: [u, v], prior: [0.5, 0.6], strategies: [a]}\npayoffs:\n  - {profile: [a], payoff: [1]}\n' >"$tmp/bad.yaml"
run solve "$tmp/bad.yaml"; expect_code 2 "prior not a distribution"
expect_err_exact "$tmp/bad.yaml:3:37: the prior of player \"A\" sums to 1.1, not 1" "located message"
run solve "$m" --set p_resolve=1.5; expect_code 2 "prior outside its range"
finish

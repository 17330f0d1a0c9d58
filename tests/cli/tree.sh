#!/usr/bin/env bash
# `multipolar solve`, `check`, `convert` and `sweep` on tree models: backward induction's
# report (text, JSON, CSV), exit codes, the YAML round trip, and sweeps whose breakpoints
# were computed by hand (entry deterrence: fight_cost = -2; the Kazakhstan model: the belief
# threshold p_support = (offer_cost - press_cost) / 5 = 0.1; the centipede: growth = 2).
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
e=models/examples/entry_deterrence.yaml
k=models/kazakhstan/pressure_response.yaml
c=models/examples/centipede.yaml

run solve $e
expect_code 0 "entry deterrence solves"
expect_out '^Method: backward-induction: 1 equilibrium \(complete list\); work 5' "method line"
expect_out '^    root +In 1$' "the entrant enters"
expect_out '^    In +Accommodate 1$' "the incumbent accommodates"
expect_out 'VERIFIED' "certificate"

run solve $e --format json
expect_code 0 "json"
python3 - "$tmp/out" <<'PY' && ok || bad "json document"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "multipolar/tree/1" and d["kind"] == "tree", d
assert d["method"] == "backward-induction" and d["complete"] and d["equilibria_found"] == 1
eq = d["equilibria"][0]
assert eq["subgame_perfect"]
assert [p["value"] for p in eq["players"]] == [2, 2]
b = {(r["infoset"], r["action"]): r["probability"] for r in eq["behavior"]}
assert b[("root", "In")] == 1 and b[("In", "Fight")] == 0, b
assert d["verification"]["ok"] and d["verification"]["max_regret"] == 0
PY

run solve $e --format csv
expect_code 0 "csv"
expect_out '^equilibrium,player,infoset,action,probability$' "csv header"
expect_out '^1,Incumbent,In,Accommodate,1$' "csv row"

# ties: fighting costs nothing -> two subgame-perfect equilibria
run solve $e --set fight_cost=-2
expect_code 0 "tie"
expect_out '2 equilibria \(complete list\)' "both equilibria listed"

run solve $k
expect_code 0 "kazakhstan model"
expect_out '^    first-move +offer 1$' "Russia offers at the defaults"
expect_out '^    pressed-backed +defect 1$' "backed Kazakhstan defects"
expect_out '^    pressed-unbacked +align 1$' "unbacked Kazakhstan aligns"
run solve $k --set p_support=0.05
expect_out '^    first-move +press 1$' "Russia presses below the threshold"

# exact mode on a model of rational literals
cat >"$tmp/x.yaml" <<'Y'
title: chance
kind: tree
players: [A]
root:
  chance: nature
  actions:
    - {name: good, prob: 1/3, node: {player: A, actions: [{name: in, payoff: 3}, {name: out, payoff: 0}]}}
    - {name: bad, prob: 2/3, node: {player: A, actions: [{name: in, payoff: -3}, {name: out, payoff: 0}]}}
Y
run solve "$tmp/x.yaml" --exact
expect_code 0 "exact"
expect_out 'value 1 \(1\)' "exact value 1/3 * 3"
run solve $e --exact
expect_code 2 "exact needs literals"
expect_err 'exact mode needs every terminal payoff and chance probability given exactly' "message"

run check $k
expect_code 0 "check"
expect_out 'players: 2, nodes: 18 \(12 terminal, 1 chance\), information sets: 5, perfect information, perfect recall ok' "summary"
expect_out 'sequences: Russia 4 Kazakhstan 13' "sequence counts"

# exit codes and messages
run solve $e --method nosuch
expect_code 2 "unknown method"
expect_err "unknown method 'nosuch' \(auto, backward-induction, sequence-lp" "the library's list"
cat >"$tmp/hidden.yaml" <<'Y'
title: hidden
kind: tree
players: [A, B]
root:
  player: A
  actions:
    - name: H
      node: {player: B, infoset: guess, actions: [{name: h, payoff: [1, -1]}, {name: t, payoff: [-1, 1]}]}
    - name: T
      node: {player: B, infoset: guess, actions: [{name: h, payoff: [-1, 1]}, {name: t, payoff: [1, -1]}]}
Y
run solve "$tmp/hidden.yaml" --method backward-induction
expect_code 2 "imperfect information refused"
expect_err "backward-induction needs perfect information, but information set 'guess' of player 'B' has 2 nodes" "message"
# Beliefs at a set of two nodes, with a method for imperfect information where the build has
# one (sequence-lp): A bets always when high, 1/3 when low, so B's belief after a bet is
# (1/2) / (1/2 + 1/6) = 3/4 on high.
cat >"$tmp/bet.yaml" <<'Y'
title: bet
kind: tree
players: [A, B]
root:
  chance: deal
  actions:
    - name: high
      prob: 1/2
      node:
        player: A
        infoset: A-high
        actions:
          - {name: bet, node: {player: B, infoset: B-bet, actions: [{name: call, payoff: [2, -2]}, {name: fold, payoff: [1, -1]}]}}
          - {name: check, payoff: [1, -1]}
    - name: low
      prob: 1/2
      node:
        player: A
        infoset: A-low
        actions:
          - {name: bet, node: {player: B, infoset: B-bet, actions: [{name: call, payoff: [-2, 2]}, {name: fold, payoff: [1, -1]}]}}
          - {name: check, payoff: [-1, 1]}
Y
run solve "$tmp/bet.yaml" --method sequence-lp
if grep -q "not available in this build" "$tmp/err"; then
    expect_code 2 "a method not built: exit 2"
else
    expect_code 0 "sequence-lp"
    expect_out '^  beliefs at B-bet: high/bet 0.75, low/bet 0.25$' "beliefs by Bayes' rule"
    expect_out '^    A-low +bet 0.333333333, check 0.666666667$' "A bluffs a third of the time"
fi
cat >"$tmp/bad.yaml" <<'Y'
title: bad
kind: tree
players: [A, B]
root:
  player: A
  actions:
    - {name: x, payoff: [1, 2, 3]}
Y
run solve "$tmp/bad.yaml"
expect_code 2 "model error"
expect_err_exact "$tmp/bad.yaml:7:25: a payoff has 3 numbers, not 2 (one per player)" "FILE:LINE:COL"

# convert to YAML and back: the same answer
run convert $k -o "$tmp/k.yaml"
expect_code 0 "convert"
"$MPOL" solve $k --format csv >"$tmp/a.csv" 2>/dev/null
"$MPOL" solve "$tmp/k.yaml" --format csv >"$tmp/b.csv" 2>/dev/null
cmp -s "$tmp/a.csv" "$tmp/b.csv" && ok || bad "converted model solves the same"

# sweeps: breakpoints where computed by hand
check_break() { # FILE PARAM VALUE
    python3 - "$1" "$2" "$3" <<'PY'
import re, sys
text, p, want = open(sys.argv[1]).read(), sys.argv[2], float(sys.argv[3])
br = [float(x) for x in re.findall(re.escape(p) + r" = (\S+)\s+\[", text)]
assert br and all(abs(b - want) < 1e-7 for b in br), (br, text)
PY
}
run sweep $k -o "$tmp/k.csv" --quiet
expect_code 0 "kazakhstan sweep"
expect_out 'Verified points: 21 of 21' "verified"
check_break "$tmp/out" p_support 0.1 && ok || bad "belief threshold 0.1"
run sweep $e --param fight_cost=-5:5:11 -o "$tmp/e.csv" --quiet
expect_code 0 "entry sweep"
check_break "$tmp/out" fight_cost -2 && ok || bad "breakpoint -2"
head -1 "$tmp/e.csv" | grep -q '^fight_cost,value,value:Entrant,value:Incumbent,Entrant:root:Out,' && ok || bad "sweep columns"
run sweep $c --param growth=0:5:11 -o "$tmp/c.csv" --quiet
check_break "$tmp/out" growth 2 && ok || bad "centipede breakpoint 2"

# A tree of one terminal node (no moves): every method that applies solves it.
printf 'kind: tree\nplayers: [A]\nroot: {payoff: [1]}\n' >"$tmp/leaf.yaml"
for m in auto backward-induction subgame-perfect agent-qre; do
    run solve "$tmp/leaf.yaml" --method $m
    expect_code 0 "a one-node tree by $m"
    expect_out '^  A +value 1 ' "its value by $m"
done
expect_out '^Game tree: 1 player, 1 node, 0 information sets' "singular counts"
run solve "$tmp/leaf.yaml" --method sequence-lp
expect_code 2 "sequence-lp refuses one player"

finish

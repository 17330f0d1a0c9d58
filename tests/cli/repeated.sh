#!/usr/bin/env bash
# kind: repeated: the repeated prisoners' dilemma (grim trigger's critical factor
# (T - R) / (T - P) = 1/2, the IR polygon, the AS set) in text, JSON and CSV; check; the sweep
# over delta with its breakpoints at 1/4 and 1/2 refined to 1e-9; a three-player stage game;
# model errors and exit codes.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
pd=models/examples/repeated_pd.yaml

run solve $pd; expect_code 0 "pd text"
expect_out '^  cooperate/cooperate +0\.5 +sustained +0\.5 +sustained$' "pd: (C, C) factors"
expect_out '^  defect/cooperate +never +no +never +no$' "pd: (D, C) never"
expect_out '^Pure stage Nash equilibria: \(defect/defect\)$' "pd: stage NE"
expect_out '^  \(4\.33333333, 1\)  by \(defect/cooperate\)' "pd: AS vertex (13/3, 1)"
expect_out '^  VERIFIED$' "pd verified"
run solve $pd --set delta=0.3; expect_code 0 "pd at 0.3"
expect_out '^  cooperate/cooperate +0\.5 +no +0\.5 +no$' "pd 0.3: not sustained"
expect_out '3 vertices' "pd 0.3: the triangle"
run solve $pd -f json; expect_code 0 "pd json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "multipolar/repeated/1" and d["discount"] == 0.6
assert [m["pure"] for m in d["minmax"]] == [1, 1]
ir = [(round(v["x"], 9), round(v["y"], 9)) for v in d["individually_rational"]]
assert ir == [(1, 1), (round(13 / 3, 9), 1), (3, 3), (1, round(13 / 3, 9))], ir
cc = d["profiles"][0]
assert cc["profile"] == "cooperate/cooperate" and cc["grim"] == 0.5 and cc["grim_sustained"]
assert abs(cc["penal_code"] - 0.5) < 1e-9 and cc["penal_code_sustained"]
assert d["profiles"][1]["grim"] is None
assert len(d["spe"]["vertices"]) == 4 and d["verification"]["ok"]
' "$tmp/out" && ok || bad "pd json"
run solve $pd -f csv; expect_code 0 "pd csv"
expect_out '^profile,grim,grim_sustained,penal_code,penal_code_sustained$' "csv header"
expect_out '^cooperate/cooperate,0\.5,1,0\.5,1$' "csv (C, C)"
run check $pd; expect_code 0 "check"
expect_out 'stage: bimatrix, players: 2, profiles: 4 \(4 asked\), discount 0\.6' "check summary"

# The sweep: breakpoints at 1/4 (the SPE set grows to the triangle) and (T-R)/(T-P) = 1/2.
run sweep $pd -q -j1 -f json; expect_code 0 "sweep"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
at = sorted(b["at"] for b in d["breakpoints"])
assert len(at) == 2 and abs(at[0] - 0.25) <= 1e-9 and abs(at[1] - 0.5) <= 1e-9, at
for b in d["breakpoints"]:
    assert b["bracket"][1] - b["bracket"][0] <= 1e-9
' "$tmp/out" && ok || bad "sweep breakpoints 1/4 and 1/2 to 1e-9"

# Three players: correlated minmax, grim factors, no polygon or AS set.
cat >"$tmp/three.yaml" <<'YAML'
title: three
kind: repeated
stage:
  kind: normal-form
  players:
    - {name: A, strategies: [c, d]}
    - {name: B, strategies: [c, d]}
    - {name: C, strategies: [c, d]}
  payoffs:
    - {profile: [c, c, c], payoff: [3, 3, 3]}
    - {profile: [d, c, c], payoff: [5, 0, 0]}
    - {profile: [c, d, c], payoff: [0, 5, 0]}
    - {profile: [c, c, d], payoff: [0, 0, 5]}
    - {profile: [d, d, c], payoff: [1, 1, 0]}
    - {profile: [d, c, d], payoff: [1, 0, 1]}
    - {profile: [c, d, d], payoff: [0, 1, 1]}
    - {profile: [d, d, d], payoff: [1, 1, 1]}
discount: 0.9
profiles:
  - [c, c, c]
YAML
run solve "$tmp/three.yaml"; expect_code 0 "three players"
expect_out 'against correlated punishers' "three: correlated minmax"
expect_out '^  c/c/c +0\.5 +sustained +n/a +n/a$' "three: grim (5-3)/(5-1)"

# Errors: positions, exit code 2.
sed 's/^discount: delta/discount: 1.5/' $pd >"$tmp/bad.yaml"
run solve "$tmp/bad.yaml"; expect_code 2 "discount out of range"
expect_err 'bad\.yaml:21:11: the discount factor must be in \[0, 1\), not 1\.5' "discount message"
sed 's/^  kind: bimatrix/  kind: voting/' $pd >"$tmp/bad2.yaml"
run solve "$tmp/bad2.yaml"; expect_code 2 "stage kind"
expect_err 'bad2\.yaml:12:9: a stage game is of kind zero-sum, bimatrix or normal-form' "stage kind message"
run solve $pd -m lemke-howson; expect_code 2 "no methods"
expect_err '^multipolar solve: repeated models have no methods' "no methods message"
finish

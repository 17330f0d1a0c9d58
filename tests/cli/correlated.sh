#!/usr/bin/env bash
# Correlated and coarse correlated equilibria from the CLI (--method correlated |
# coarse-correlated): chicken's welfare optimum (5.25 each) and its five vertices, a player's
# objective and the range, the JSON/CSV forms, the SCO/CSTO model, a sweep, and the errors.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
g="$tmp/chicken.nfg"
printf 'NFG 1 R "Chicken" { "Row" "Column" } { { "C" "D" } { "C" "D" } }\n6 6 7 2 2 7 0 0\n' >"$g"

run solve "$g" --method correlated; expect_code 0 "welfare CE"
expect_out 'payoffs: Row 5.25, Column 5.25 \(welfare 10.5\)' "5.25 each"
expect_out 'verified: yes' "verified"
run solve "$g" --method correlated --format json; expect_code 0 "json"
python3 - "$tmp/out" <<'PY' && ok || bad "JSON optimum (1/2, 1/4, 1/4, 0) with passing checks"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "multipolar/correlated/1" and d["method"] == "correlated"
o = d["optimum"]
assert abs(o["welfare"] - 10.5) < 1e-9 and d["verified"]
p = {tuple(e["profile"]): e["probability"] for e in o["distribution"]}
assert abs(p[("C", "C")] - 0.5) < 1e-9 and abs(p[("D", "C")] - 0.25) < 1e-9
assert all(c["state"] == "pass" for c in o["checks"])
PY
run solve "$g" --method correlated --objective Row; expect_code 0 "player objective"
expect_out 'payoffs: Row 7, Column 2' "the row player's best CE is (D, C)"
run solve "$g" --method correlated --objective 2 --format csv; expect_code 0 "index objective, csv"
expect_out '^player,payoff,Column,7$' "csv payoff row"
run solve "$g" --method correlated --objective range --all --format json; expect_code 0 "range and vertices"
python3 - "$tmp/out" <<'PY' && ok || bad "range [2, 7] and five vertices"
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["range"]:
    assert abs(r["min"] - 2) < 1e-9 and abs(r["max"] - 7) < 1e-9
assert d["vertices"]["count"] == 5
PY
run solve "$g" --method coarse-correlated; expect_code 0 "coarse"
expect_out 'Coarse correlated equilibrium' "coarse heading"

m=models/kazakhstan/sco_csto.yaml
run solve $m --method correlated --objective range --format json; expect_code 0 "SCO/CSTO model"
python3 - "$tmp/out" <<'PY' && ok || bad "SCO/CSTO: all-CSTO welfare optimum, China's range reaches 2.25"
import json, sys
d = json.load(open(sys.argv[1]))
assert abs(d["optimum"]["welfare"] - 4.6) < 1e-9
cn = [r for r in d["range"] if r["name"] == "China"][0]
assert abs(cn["max"] - 2.25) < 1e-9 and cn["min"] < 1
PY
run sweep $m --method correlated --objective China --param rivalry_cost=0:2:5 -q; expect_code 0 "sweep"
expect_out '^rivalry_cost,objective,Kazakhstan:payoff' "sweep columns"

run solve "$g" --method correlated --objective Bob; expect_code 2 "unknown objective"
expect_err 'neither welfare, range' "objective message"
run solve "$g" --method correlated --leader Row; expect_code 2 "--leader refused"
run solve "$g" --objective range; expect_code 2 "--objective without the method"
expect_err 'correlated or coarse-correlated' "names the methods"
run solve models/kazakhstan/hedging.yaml --method correlated --all; expect_code 1 "--all too large"
expect_err '4.02e\+10 active sets to try, above the limit' "the estimate in the refusal"
run solve models/kazakhstan/alliances.yaml --method correlated; expect_code 2 "not a strategic kind"
finish

#!/usr/bin/env bash
# solve --method nash-bargaining | kalai-smorodinsky | egalitarian | ess: textbook answers
# in text, JSON and CSV (the Kazakhstan-China model, splitting a dollar, hawk-dove), the
# method options and their errors, sweeps with the methods' own adapters.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
china=models/kazakhstan/china_investment.yaml

# The model's documented answers: minmax (1, 0.5), Nash (2.5, 2), KS on the first segment.
run solve $china -m nash-bargaining; expect_code 0 "nash text"
expect_out '^  Kazakhstan +1 +3 +2\.5$' "nash: Kazakhstan d, ideal, u"
expect_out '^  China +0\.5 +3 +2$' "nash: China"
expect_out '^Pareto frontier of the hull \(exact\): \(1, 3\) \(2\.5, 2\) \(3, 1\.5\)$' "frontier"
expect_out '^  VERIFIED$' "nash verified"
run solve $china -m kalai-smorodinsky -f csv; expect_code 0 "ks csv"
expect_out '^player,disagreement,ideal,payoff$' "ks csv header"
python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert abs(float(rows[0]["payoff"]) - (1 + 2 * 15 / 23)) < 1e-9, rows
assert abs(float(rows[1]["payoff"]) - (0.5 + 2.5 * 15 / 23)) < 1e-9, rows
' "$tmp/out" && ok || bad "ks csv: t = 15/23 on the first segment"
run solve $china -m egalitarian -f json; expect_code 0 "egalitarian json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "multipolar/bargaining/1" and d["method"] == "egalitarian"
assert [round(p["payoff"], 12) for p in d["players"]] == [2.5, 2.0], d["players"]
assert abs(d["t"] - 1.5) < 1e-12 and d["verification"]["ok"]
' "$tmp/out" && ok || bad "egalitarian json: u = (2.5, 2), t = 1.5"

# Splitting a dollar (the hull is the triangle of divisions): (1/2, 1/2) from d = 0;
# from d = (0.2, 0) the surplus is split equally: (0.6, 0.4).
printf 'title: dollar\nkind: bimatrix\nplayers:\n  - {name: A, strategies: [claim, yield]}\n  - {name: B, strategies: [claim, yield]}\npayoffs:\n  - [[0, 0], [1, 0]]\n  - [[0, 1], [0, 0]]\n' >"$tmp/dollar.yaml"
run solve "$tmp/dollar.yaml" -m nash-bargaining --disagreement 0.2,0 -f csv; expect_code 0 "dollar"
python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
got = [float(r[k]) for r in rows for k in ("disagreement", "ideal", "payoff")]
assert max(abs(a - b) for a, b in zip(got, [0.2, 1, 0.6, 0, 0.8, 0.4])) < 1e-12, got
' "$tmp/out" && ok || bad "dollar: d = (0.2, 0), ideal (1, 0.8), u = (0.6, 0.4)"
run solve "$tmp/dollar.yaml" -m nash-bargaining --feasible correlated; expect_code 0 "dollar correlated"
expect_out 'feasible set: correlated' "correlated named"

# Hawk-dove V = 2, C = 4: the ESS plays hawk with probability V/C = 1/2.
printf 'title: hawk-dove\nkind: bimatrix\nplayers:\n  - {name: A, strategies: [hawk, dove]}\n  - {name: B, strategies: [hawk, dove]}\npayoffs:\n  - [[-1, -1], [2, 0]]\n  - [[0, 2], [1, 1]]\n' >"$tmp/hd.yaml"
run solve "$tmp/hd.yaml" -m ess; expect_code 0 "ess"
expect_out '^evolutionarily stable strategies: 1$' "one ESS"
expect_out '^  hawk +0\.500000000$' "hawk 1/2"
run solve "$tmp/hd.yaml" -m ess --exact; expect_code 0 "ess --exact"
expect_out '^  exact check: confirmed$' "exact confirmed"
expect_out '^  exact probabilities: 1/2, 1/2$' "exact 1/2"
run solve "$tmp/hd.yaml" -m ess -f csv; expect_code 0 "ess csv"
expect_out '^1,hawk,0\.5$' "ess csv row"
run solve models/examples/rps.yaml -m ess -f json; expect_code 0 "rps ess"
expect_out '"count": 0' "rps has no ESS"

# Errors: not symmetric, bad options, options of other methods, wrong kind.
run solve $china -m ess; expect_code 2 "ess asymmetric"
expect_err 'not symmetric: 3 and 2 strategies' "ess asymmetric message"
run solve $china -m nash-bargaining --disagreement 1,x; expect_code 2 "bad values"
expect_err "expected minmax, nash or 2 comma-separated numbers" "bad values message"
run solve $china -m nash-bargaining --feasible free; expect_code 2 "bad feasible"
run solve $china -m nash-bargaining --disagreement 9,9; expect_code 2 "d not dominated"
expect_err 'no feasible payoff gives every player at least the disagreement point' "d message"
run solve $china -m ess --disagreement 0,0; expect_code 2 "ess takes no --disagreement"
run solve $china -m enum --feasible hull; expect_code 2 "--feasible on a kind method"
run solve models/examples/glove.yaml -m nash-bargaining; expect_code 2 "tu kind"

# Sweeps: the methods' own columns; a disagreement point nothing beats is a failed point.
run sweep $china -m nash-bargaining -q -j1; expect_code 0 "sweep nash"
expect_out '^dependence_cost,nash_product,u:Kazakhstan,u:China,d:Kazakhstan,d:China,max_error,verified' "sweep columns"
expect_out '^0,2\.25,3\.5,2,2,0\.5,' "sweep first point"
run sweep $china -m kalai-smorodinsky --disagreement 2.9,0 -q -j1 --no-refine
expect_code 1 "sweep ks with failed points"
expect_err 'Failed points' "sweep: failed points listed"
run sweep "$tmp/hd.yaml" -m ess --param x=0:1:2 -q; expect_code 2 "sweep without parameters"
finish

#!/usr/bin/env bash
# `multipolar solve` with no model solves the bundled Kazakhstan hedging game, verified.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"

run solve
expect_code 0 "default model solves"
expect_out '^Kazakhstan hedging' "title"
expect_out 'Value of the game to Kazakhstan' "value line"
expect_out 'multi_vector' "strategy names"
expect_out 'VERIFIED' "verification reported"

run solve --format json
expect_code 0 "json"
python3 - "$tmp/out" <<'PY' && ok || bad "json output is not a verified, well-formed solution"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "zero-sum"
assert d["verification"]["ok"] is True
assert d["verification"]["duality_gap"] <= 1e-9
for p in d["players"]:
    s = sum(x["probability"] for x in p["strategies"])
    assert abs(s - 1) < 1e-9, s
kz = {x["name"]: x["probability"] for x in d["players"][0]["strategies"]}
assert kz["multi_vector"] > 0.0, kz   # hedging: the multi-vector policy carries weight
PY

run solve --format csv
expect_code 0 "csv"; expect_out '^player,strategy,probability$' "csv header"

run solve --set no_such_param=1
expect_code 2 "unknown parameter"; expect_err 'no_such_param' "names the parameter"
run solve --set ru_pressure=abc
expect_code 2 "non-numeric value"
run solve --method nosuch
expect_code 2 "unknown method"
for m in simplex oracle glpk auto; do
    run solve --method $m --format json
    expect_code 0 "method $m"
done
finish

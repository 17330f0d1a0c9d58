#!/usr/bin/env bash
# n-player games from the CLI: the 4-player Kazakhstan model's equilibria, Gambit's 2x2x2.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
m=models/kazakhstan/four_powers.yaml

run solve $m --method pure --format json
expect_code 0 "pure equilibria"
python3 - "$tmp/out" <<'PY' && ok || bad "four_powers: the two pure equilibria (hand-checked) are exactly those found"
import json, sys
d = json.load(open(sys.argv[1]))
got = set()
for p in d["pure_equilibria"]:
    got.add(tuple(next(s["name"] for s in pl["strategies"] if s["probability"] == 1) for pl in p["players"]))
    assert p["max_regret"] == 0
want = {("multi_vector", "pressure", "invest", "engage"),
        ("align_russia", "accommodate", "hold_back", "disengage")}
assert got == want, got
PY
# Below us_support = td + hedge_cost - cn/2 (0.79) the hedged equilibrium disappears.
run solve $m --method pure --set us_support=0.78 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["pure_equilibria"]) == 1' "$tmp/out" && ok || bad "threshold"
run solve $m; expect_code 0 "logit"; expect_out 'VERIFIED' "logit verified"
run solve $m --all --format json; expect_code 0 "support enumeration"
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert d["verification"]["ok"] and len(d["profiles"]) >= 3, len(d["profiles"])
for p in d["profiles"]:
    assert p["max_regret"] < 1e-8
' "$tmp/out" && ok || bad "support enumeration profiles verified"
run solve $m --method nosuch; expect_code 2 "bad method"

# McKelvey-McLennan 2x2x2: 9 equilibria, of which the pure ones are found by `pure`.
g="$MPOL_SHARED/reference/gambit-games/contrib/games/2x2x2.nfg"
if [ -f "$g" ]; then
    run solve "$g" --method pure --format json; expect_code 0 "2x2x2 pure"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["pure_equilibria"]) == 4' "$tmp/out" && ok || bad "2x2x2 has 4 pure equilibria"
    run solve "$g"; expect_code 0 "2x2x2 logit"; expect_out 'VERIFIED' "verified"
fi
for method in replicator fictitious; do
    run solve models/examples/three_powers.yaml --method $method; [ "$code" -le 1 ] && ok || bad "$method runs"
done
finish

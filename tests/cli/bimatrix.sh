#!/usr/bin/env bash
# Bimatrix games from the CLI: the Kazakhstan-Russia model's equilibria, exact mode,
# Lemke-Howson, and agreement with lrsnash on a Gambit game.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
m=models/kazakhstan/trade_security.yaml

run solve $m --format json; expect_code 0 "enumeration"
python3 - "$tmp/out" <<'PY' && ok || bad "three mixed extreme equilibria, one of them hedging"
import json, sys
d = json.load(open(sys.argv[1]))
eqs = d["equilibria"]
assert len(eqs) == 3, len(eqs)
assert d["verification"]["ok"]
hedging = 0
for e in eqs:
    assert max(e["regrets"]) <= 1e-9
    kz = {s["name"]: s["probability"] for s in e["profile"][0]["strategies"]}
    assert sum(1 for p in kz.values() if p > 0) >= 2          # all mixed: no pure equilibrium
    hedging += kz["hedge"] > 0.5
assert hedging == 1
PY
run solve $m --exact; expect_code 0 "exact"; expect_out 'VERIFIED exactly' "exact verification"
run solve $m --method lh --format json; expect_code 0 "Lemke-Howson"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert 1 <= len(d["equilibria"]) <= 3' "$tmp/out" && ok || bad "LH finds equilibria of the set"
run solve $m --set hedge_cost=0.2 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["equilibria"]) == 1' "$tmp/out" && ok || bad "costly hedging leaves one equilibrium"
run solve $m --method lh-all --all; expect_code 2 "--all with lh-all"
run solve $m --method lh-all --format json; expect_code 0 "LH from every label"
run solve $m --method simplex; expect_code 2 "zero-sum method on a bimatrix game"

# Gambit files: a .nfg and the reduced strategic form of an .efg.
g="$MPOL_SHARED/reference/gambit-games/contrib/games/8x8.nfg"
run solve "$g" --format json; expect_code 0 "8x8.nfg"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["equilibria"]) >= 1 and d["verification"]["ok"]' "$tmp/out" && ok || bad "8x8 solved"
# A .efg file is a tree model; a strategic method solves its reduced strategic form.
run solve "$MPOL_SHARED/reference/gambit-games/catalog/books/myerson1991/fig2_1.efg" --method simplex; expect_code 0 "efg (constant-sum, solved as zero-sum)"
expect_out 'kind zero-sum' "efg reduced form is zero-sum"
expect_out 'Value of the game to Fred: 0\.333333333333' "efg value 1/3"
expect_out 'VERIFIED' "efg verified"
run solve "$MPOL_SHARED/reference/gambit-games/catalog/books/myerson1991/fig2_1.efg"; expect_code 0 "efg natively"
expect_out 'kind tree' "efg is a tree model"
expect_out 'value 0\.3333333333' "efg native value 1/3"
expect_out 'VERIFIED' "efg native verified"
finish

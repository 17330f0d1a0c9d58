#!/usr/bin/env bash
# The normal-form global method and the sweep's failed points: four_powers at the point
# where the logit homotopy used to fail (trade_dependence_ru = 0.9, cn_investment = 1) is
# solved and verified by the default method and by --method simpdiv; a sweep whose method
# gives up at a point (simpdiv cut to 152 label evaluations: cn_investment = 0.8) lists it
# as a failed point, never as a regime.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
m=models/kazakhstan/four_powers.yaml
at="--set trade_dependence_ru=0.9 --set cn_investment=1"

for method in logit simpdiv; do
    run solve $m $at --method $method --format json
    expect_code 0 "four_powers at the failing point, --method $method"
    python3 - "$tmp/out" <<'PY' && ok || bad "$method: verified, regret below 1e-9, a valid profile"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verification"]["ok"] is True
assert d["verification"]["max_regret"] < 1e-9, d["verification"]
(p,) = d["profiles"]
for pl in p["players"]:
    assert pl["regret"] < 1e-9
    assert abs(sum(s["probability"] for s in pl["strategies"]) - 1) < 1e-12
PY
done
run solve $m $at --method simpdiv
expect_code 0 "simpdiv text"
expect_out 'Simplicial subdivision' "simpdiv named"
expect_out 'VERIFIED' "simpdiv verified"
run solve $m --method nosuch
expect_code 2 "bad method"
expect_err 'simpdiv' "the method list names simpdiv"

# Sweeps: simpdiv:max-steps=152 gives up at cn_investment = 0.8 (grid point 6 of 21; its
# first run needs 154 label evaluations, every other point's at most 150).
grid="--set trade_dependence_ru=0.9 --param cn_investment=0.5:1.5:21 --jobs 2"
run sweep $m $grid --method simpdiv:max-steps=152 -o "$tmp/cut.csv"
expect_code 1 "a sweep with a failed point exits 1"
expect_out '^Failed points \(no verified solution; not in any regime\): 1$' "failed list"
expect_out '^  cn_investment = 0\.8: not verified \(max_regret = 3\.000e-01\)$' "failed point and reason"
expect_out '^Verified points: 20 of 21' "count"
python3 - "$tmp/cut.csv" "$tmp/out" <<'PY' && ok || bad "CSV status column; the failed point is in no regime and no breakpoint"
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 21
failed = [r for r in rows if r["status"] == "failed"]
assert [float(r["cn_investment"]) for r in failed] == [0.8], failed
assert failed[0]["regime"] == "" and failed[0]["verified"] == "0"
assert all(r["status"] == "ok" and r["regime"] != "" for r in rows if r not in failed)
text = open(sys.argv[2]).read()
# Every regime line counts points; together they are the 20 verified ones.
counts = [int(c) for c in re.findall(r" (\d+) points\n", text)]
assert sum(counts) == 20, counts
# No breakpoint is bracketed by the failed point's neighbours (0.75, 0.85).
for lo, hi in re.findall(r"\[([0-9.e+-]+), ([0-9.e+-]+)\]  regime", text):
    assert not (0.75 - 1e-12 <= float(lo) and float(hi) <= 0.85 + 1e-12), (lo, hi)
PY
run sweep $m $grid --method simpdiv:max-steps=152 --format json -o "$tmp/cut.json"
python3 - "$tmp/cut.json" <<'PY' && ok || bad "JSON failed_points"
import json, sys
d = json.load(open(sys.argv[1]))
(f,) = d["failed_points"]
assert f["point"] == 6 and f["params"] == [0.8] and f["reason"] == "not verified"
assert d["points"][6]["regime"] is None and d["points"][6]["status"] == "failed"
assert all(p["status"] == "ok" for i, p in enumerate(d["points"]) if i != 6)
PY
# Every point failed: an empty regime table that says so.
run sweep $m $grid --method logit-only:max-steps=1 -o "$tmp/all.csv"
expect_code 1 "all points failed"
expect_out '^  none: no point has a verified solution$' "no regime"
expect_out '^Failed points .*: 21$' "21 failed"
# The default method (with the fallback) and simpdiv: every point verified, none failed.
for method in logit simpdiv logit-only; do
    run sweep $m $grid --method $method -o "$tmp/$method.csv"
    expect_code 0 "sweep --method $method"
    expect_out '^Verified points: 21 of 21' "$method: all verified"
    grep -q '^Failed points' "$tmp/out" && bad "$method: a failed list" || ok
    grep -q ',failed$' "$tmp/$method.csv" && bad "$method: a failed row" || ok
done
for method in nosuch simpdiv:max-steps=0 simpdiv:foo; do
    run sweep $m $grid --method $method
    expect_code 2 "bad sweep method $method"
done
finish

#!/usr/bin/env bash
# `multipolar sweep`: CSV rows, regimes and breakpoints, JSON, plots, thread independence.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
m=models/kazakhstan/hedging.yaml
# Under ASan: PLplot's PNG driver leaves fontconfig's caches and libltdl's handles allocated
# at exit (third party, once per process); tests/lsan.supp lists them. Our own leaks are
# still reported. (scripts/test.sh sets the same file; this makes plain ctest clean too.)
export LSAN_OPTIONS="suppressions=$MPOL_SRC/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

run sweep $m --param ru_pressure=0:1:201 -o "$tmp/a.csv" --plot "$tmp/a.svg" --quiet
expect_code 0 "1-D sweep"
expect_out 'Verified points: 201 of 201' "all points verified"
expect_out '^Breakpoints \(refined by bisection\)' "breakpoints reported"
[ "$(wc -l <"$tmp/a.csv")" -eq 202 ] && ok || bad "201 rows plus a header"
head -1 "$tmp/a.csv" | grep -q '^ru_pressure,value,Kazakhstan:align_russia,' && ok || bad "csv header"
grep -q '<svg' "$tmp/a.svg" && ok || bad "svg plot written"
# The breakpoints are bracketed to 1e-9 and lie between the grid points where the regime changes.
python3 - "$tmp/out" "$tmp/a.csv" <<'PY' && ok || bad "breakpoints consistent with the rows"
import re, sys, csv
text = open(sys.argv[1]).read()
br = [(float(a), float(lo), float(hi)) for a, lo, hi in
      re.findall(r"ru_pressure = (\S+)\s+\[(\S+), (\S+)\]", text)]
assert br, text
rows = list(csv.DictReader(open(sys.argv[2])))
changes = [(float(rows[i]["ru_pressure"]), float(rows[i + 1]["ru_pressure"]))
           for i in range(len(rows) - 1) if rows[i]["regime"] != rows[i + 1]["regime"]]
assert len(changes) == len(br), (changes, br)
for (a, lo, hi), (x0, x1) in zip(br, changes):
    assert hi - lo <= 1e-9 and x0 <= lo <= a <= hi <= x1, (a, lo, hi, x0, x1)
PY

# Same bytes with one thread and with two.
run sweep $m -o "$tmp/j1.csv" --jobs 1 --quiet; expect_code 0 "jobs 1"
run sweep $m -o "$tmp/j2.csv" --jobs 2 --quiet; expect_code 0 "jobs 2"
cmp -s "$tmp/j1.csv" "$tmp/j2.csv" && ok || bad "output depends on the thread count"
run sweep $m -o "$tmp/t0.csv" --threads 0 --quiet; expect_code 0 "threads 0 (automatic)"
cmp -s "$tmp/j1.csv" "$tmp/t0.csv" && ok || bad "--threads 0 output differs"
[ "$(wc -l <"$tmp/j1.csv")" -eq $((101 * 51 + 1)) ] && ok || bad "model sweep section grid"

run sweep $m --param ru_pressure=0:1:11 --format json -o "$tmp/s.json" --plot "$tmp/s.png" --quiet
expect_code 0 "json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["points"]) == 11 and d["regimes"] and d["breakpoints"]' "$tmp/s.json" && ok || bad "json document"
head -c 8 "$tmp/s.png" | od -c | grep -q 'P   N   G' && ok || bad "png plot"

# Significant digits: 12 by default, 17 round-trips every double.
run sweep $m --param ru_pressure=0:1:1000 -o "$tmp/d12.csv" --quiet; expect_code 0 "digits 12"
sed -n 3p "$tmp/d12.csv" | grep -q '^0.001001001001,0.786344449737,' && ok || bad "12 significant digits"
run sweep $m --param ru_pressure=0:1:1000 -o "$tmp/d17.csv" --digits 17 --quiet
expect_code 0 "digits 17"
sed -n 3p "$tmp/d17.csv" | grep -q '^0.001001001001001001,' && ok || bad "17 significant digits"
python3 - "$tmp/d12.csv" "$tmp/d17.csv" <<'PY' && ok || bad "12-digit rows round the 17-digit rows"
import csv, sys
a = list(csv.reader(open(sys.argv[1]))); b = list(csv.reader(open(sys.argv[2])))
assert a[0] == b[0] and len(a) == len(b)
for ra, rb in zip(a[1:], b[1:]):
    for x, y in zip(ra, rb):
        assert x == y or "%.12g" % float(y) == x, (x, y)
PY
run sweep $m --digits 0;                     expect_code 2 "digits 0"
run sweep $m --digits 18;                    expect_code 2 "digits 18"

# Other kinds: weighted voting (quota share crosses coalition weights) and TU.
run sweep models/power/five_percent.yaml --param quota_share=0.3:0.9:61 -o "$tmp/v.csv" --quiet
expect_code 0 "weighted-voting sweep"
expect_out 'minimal winning coalition' "voting regimes"
head -1 "$tmp/v.csv" | grep -q '^quota_share,minimal_winning,banzhaf:' && ok || bad "voting header"

# Bimatrix: all extreme equilibria at each point; the model's sweep section.
run sweep models/kazakhstan/trade_security.yaml -o "$tmp/b.csv" --quiet
expect_code 0 "bimatrix sweep"
expect_out 'Verified points: 301 of 301 \(certificate: max_regret\)' "bimatrix verified"
expect_out '3 equilibria: ' "bimatrix regime with three equilibria"
[ "$(grep -c '^  hedge_cost = ' "$tmp/out")" -eq 2 ] && ok || bad "two bimatrix breakpoints"

# Hedonic alliances: Kazakhstan's move between the Eurasian and the Western coalition. By
# hand: {KZ,RU,CN,UZ}{US,EU} stops being Nash stable when KZ gains by joining {US,EU}:
# 2 west_pull > 0.94*2 + 1.5 + 1 = 4.38, i.e. west_pull > 2.19; {KZ,US,EU,UZ}{RU,CN} is
# Nash stable once 2 west_pull + 1 >= 0.94*2 + 1.5, i.e. west_pull >= 1.19.
run sweep models/kazakhstan/alliances.yaml --param west_pull=0:5:51 -o "$tmp/h.csv" --quiet
expect_code 0 "hedonic sweep"
python3 - "$tmp/out" <<'PY' && ok || bad "hedonic breakpoints at 1.19 and 2.19"
import re, sys
text = open(sys.argv[1]).read()
at = sorted(float(a) for a in re.findall(r"west_pull = (\S+)\s+\[", text))
assert len(at) == 2 and abs(at[0] - 1.19) < 1e-8 and abs(at[1] - 2.19) < 1e-8, at
PY

# A bisection midpoint lands where trade_security is nearly degenerate (hedge becomes a best
# reply): the enumeration's equilibrium there fails its regret check by 2e-9. The sweep used
# to exit 1 ("bisection at ...: equilibrium 1 fails its check"); now the bisection stops at
# that midpoint, keeps its bracket and says so.
run sweep models/kazakhstan/trade_security.yaml -p hedge_cost=0:0.3:3
expect_code 0 "bimatrix bisection through an unverified midpoint"
expect_err '^  hedge_cost = 0\.03366017[0-9]* +\[0\.03366017[0-9]*, 0\.03366018[0-9]*\]  regime 0 -> 1$' "bimatrix breakpoint bracketed"
expect_err '1 bracket stopped wider, at a midpoint whose solution failed verification' "wide bracket reported"

# Errors
run sweep $m --param nosuch=0:1:3;          expect_code 2 "unknown parameter"
run sweep $m --param ru_pressure=0:1;        expect_code 2 "malformed grid"
run sweep $m --param ru_pressure=0:1:0;      expect_code 2 "zero points"
run sweep $m --plot x.pdf;                   expect_code 2 "plot type"
run sweep models/examples/rps.yaml;          expect_code 2 "no sweep section and no --param"
finish

#!/usr/bin/env bash
# The further power indices of weighted voting games (issue #17): --method deegan-packel,
# public-good (alias holler-packel), johnston and coleman, in text, JSON and CSV, exact and
# floating point; values checked by hand (docs/voting.md), refusals and usage errors.
. "$(dirname "$0")/lib.sh"

# [4; 3, 2, 1, 1] as an EPIC csv (quota first): minimal winning AB, AC, AD, BCD.
printf '4\n3\n2\n1\n1\n' >"$tmp/g.csv"

run solve "$tmp/g.csv" --method deegan-packel --exact
expect_code 0 "deegan-packel exact"
expect_out '^Deegan-Packel index \(exact\)' "title"
expect_out 'minimal winning coalitions: 4$' "4 minimal winning coalitions"
expect_out '^  1 .* 3/8 +3/2$' "player 1: 3/8 (raw 3/2)"
expect_out '^  4 .* 5/24 +5/6$' "player 4: 5/24 (raw 5/6)"
expect_out 'VERIFIED' "verified"

run solve "$tmp/g.csv" --method holler-packel --exact -f json
expect_code 0 "holler-packel json"
python3 - "$tmp/out" <<'PY' && ok || bad "public good JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["index"]["method"] == "public-good" and d["index"]["ok"] and d["verified"]
assert d["index"]["total_exact"] == "9"
assert [p["index_fraction"] for p in d["players"]] == ["1/3", "2/9", "2/9", "2/9"]
assert [p["raw"] for p in d["players"]] == [3, 2, 2, 2]
assert d["shapley_shubik"] is None and d["balance"] is None
PY

run solve "$tmp/g.csv" --method johnston -f csv
expect_code 0 "johnston csv"
expect_out '^player,weight,index,raw$' "csv header"
expect_out '^"1",3,0\.642857142857142[0-9]*,4\.5$' "Johnston 9/14, raw 9/2"

run solve "$tmp/g.csv" --method coleman --exact
expect_code 0 "coleman"
expect_out 'power of the collectivity to act: 0\.5 = 1/2' "act 1/2"
expect_out '^  1 .* 3/4 +3/4 +1/2$' "prevent, initiate 3/4; normalised Banzhaf 6/12 = 1/2"

# UN Security Council: 210 minimal winning coalitions (5 permanent + 4 of 10).
run solve "$MPOL_SRC/models/examples/unsc.yaml" --method public-good
expect_code 0 "unsc public good"
expect_out 'members of minimal winning coalitions, summed: 1890' "1890 = 210 x 9"

# usage errors and refusals
run solve "$tmp/g.csv" --method bogus
expect_code 2 "unknown method"
expect_err 'deegan-packel, public-good, johnston, coleman' "methods listed"
run solve "$tmp/g.csv" --method johnston --actor 1
expect_code 2 "--actor with an index"
# 200 equal players: 2^199 swing coalitions, but the DP (one weight class) is immediate.
awk 'BEGIN { print 101; for (i = 0; i < 200; i++) print 1 }' >"$tmp/j200.csv"
run solve "$tmp/j200.csv" --method johnston -f csv
expect_code 0 "Johnston of 200 equal players by DP"
expect_out '^"1",1,0\.0050*[0-9]?,' "1/200 each"
# 2000 players of weights 1..50: neither the enumeration nor the DP fits the work limit.
awk 'BEGIN { srand(17); for (i = 0; i < 2000; i++) { w[i] = 1 + int(rand() * 50); t += w[i] }
     print int(t / 2) + 1; for (i = 0; i < 2000; i++) print w[i] }' >"$tmp/j2000.csv"
run solve "$tmp/j2000.csv" --method johnston
expect_code 1 "Johnston 2000 refused"
expect_err '^multipolar solve: needs about .* above the work limit' "work estimate in the message"
grep -q mpol_ "$tmp/err" && bad "C symbol in the message: $(cat "$tmp/err")" || ok
finish

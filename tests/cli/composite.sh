#!/usr/bin/env bash
# Composite voting rules (weighted-voting with `rule:`) through `multipolar solve` and
# `check`: the UNSC by its Charter rule equals the weighted form exactly, the EU Council
# (EU27, 2020) exact indices and their checks, the IMF board's veto at 85 % and none at 70 %,
# convert round trip, and every grammar error with FILE:LINE:COL and exit 2.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"

# --- UNSC: composite = weighted ------------------------------------------------------------
run solve models/power/unsc_rule.yaml --exact --format json
expect_code 0 "unsc rule solves"
cp "$tmp/out" "$tmp/rule.json"
run solve models/power/unsc.yaml --exact --format json
python3 - "$tmp/rule.json" "$tmp/out" <<'PY' && ok || bad "unsc composite differs from weighted"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
for p, q in zip(a["players"], b["players"]):
    assert p["name"] == q["name"]
    assert p["ss_fraction"] == q["ss_fraction"], (p, q)
    assert p["banzhaf_swings"] == q["banzhaf_swings"], (p, q)
assert a["players"][0]["ss_fraction"] == "421/2145"
assert a["players"][5]["banzhaf_swings"] == "84"
assert a["veto"] == ["China", "France", "Russia", "United Kingdom", "United States"]
assert a["verified"] is True
PY

# --- EU Council --------------------------------------------------------------------------------
run solve models/power/eu_council.yaml --exact
expect_code 0 "eu solves"
expect_out 'any\(all\(members >= 15 of 27, weight >= 290757946 of 447319916\), members >= 24 of 27\)' "eu rule summary"
expect_out '^  Germany +SS 405686449/2294669520  swings 14111330$' "eu Germany exact"
expect_out 'swings in all: 116760818' "eu swing total"
[ "$(grep -c VERIFIED "$tmp/out")" -eq 3 ] && ok || bad "eu: three VERIFIED checks"
run solve models/power/eu_council.yaml --method banzhaf --format json
expect_code 0 "eu banzhaf float"
python3 - "$tmp/out" <<'PY' && ok || bad "eu float banzhaf"
import json, sys
d = json.load(open(sys.argv[1]))
g = [p for p in d["players"] if p["name"] == "Germany"][0]
assert abs(g["banzhaf"] - 14111330 / 116760818) < 1e-12, g
assert "shapley_shubik" not in g
PY
run check models/power/eu_council.yaml
expect_code 0 "eu check"; expect_out 'composite rule with 3 conditions' "check summary"
run convert models/power/eu_council.yaml -o "$tmp/eu.yaml"
expect_code 0 "eu convert"
run solve "$tmp/eu.yaml" --exact
expect_out 'swings in all: 116760818' "round trip keeps the rule"

run solve models/power/unsc_rule.yaml --exact --format csv
expect_out '^China,,true,0.19627039627039627,421/2145,0.16692913385826771,0.0517578125,848,106/635$' "csv row"
run sweep models/power/imf_board.yaml --param majority=0.6:0.9:4
expect_code 2 "no sweeps of a composite rule"; expect_err 'sweeps and the single-quota analyses are not available' "sweep message"

# --- IMF --------------------------------------------------------------------------------------
run solve models/power/imf_board.yaml
expect_code 0 "imf"; expect_out '^Veto players: United States$' "us veto at 85 %"
run solve models/power/imf_board.yaml --set majority=0.7
expect_out '^Veto players: none$' "no veto at 70 %"

# --- usage ------------------------------------------------------------------------------------
run solve models/power/eu_council.yaml --method minimal-winning
expect_code 2 "unsupported method"; expect_err "not 'minimal-winning'" "method message"
run solve models/power/eu_council.yaml --actor Germany
expect_code 2 "no actor"

# --- grammar errors: exit 2 with the position ----------------------------------------------------
head='title: t\nkind: weighted-voting\nplayers: {A: 2, B: 1, C: 1}\n'
err() { # $1 rule text, $2 expected message (exact), $3 label
    printf "$head%b" "$1" >"$tmp/e.yaml"
    run solve "$tmp/e.yaml"
    expect_code 2 "$3"
    expect_err_exact "$tmp/e.yaml:$2" "$3"
}
err 'rule: {count: true}\n' '4:7: a rule condition needs exactly one of quota: (a number) or share: (a fraction of the total weight)' "no quota"
err 'rule: {count: true, weight: true, quota: 1}\n' '4:7: a rule condition needs exactly one of count: true, weight: true, weights: [...] or members: [...], not several' "two kinds"
err 'rule: {quota: 1}\n' '4:7: a rule condition needs exactly one of count: true, weight: true, weights: [...] or members: [...]' "no kind"
err 'rule: {count: yes, quota: 1}\n' '4:15: count must be true' "count not true"
err 'rule: {weights: [1, 2], quota: 1}\n' '4:17: weights needs 3 entries (one per player, in the order of players), not 2' "weights length"
err 'rule: {members: [A, D], quota: 1}\n' '4:21: no player "D"' "unknown member"
err 'rule: {members: [A, A], quota: 1}\n' '4:21: "A" is listed twice' "member twice"
err 'rule: {all: []}\n' '4:13: all must list at least one rule' "empty all"
err 'rule: {all: [{count: true, quota: 1}], any: [{count: true, quota: 1}]}\n' '4:7: all: or any: must be the only key of its rule (a list of rules)' "all and any"
err 'rule: {count: true, quota: 1, extra: 2}\n' '4:31: unknown key "extra" in a rule condition' "unknown key"
err 'rule: [1]\n' '4:7: a rule (a condition, all: or any:) must be a mapping, not a list' "not a mapping"
err 'rule: {weight: true, share: 1.5}\n' '4:29: a share must be in (0, 1], not 1.5' "share range"
err 'rule: {count: true, quota: 4}\n' '4:28: the quota 4 exceeds the total weight 3 of the condition' "quota above total"
err 'rule: {weights: [1, 0.5, 1], quota: 1}\n' '4:21: a weight of a composite rule must be a non-negative integer, not 0.5' "non-integer weight"
err 'quota: 2\nrule: {count: true, quota: 1}\n' '4:8: a model with a composite rule has its quotas in the rule, not a quota: key' "quota and rule"
err 'rule: {all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{count: true, quota: 1}]}]}]}]}]}]}]}]}\n' '4:63: a rule is nested at most 8 levels deep' "too deep"
finish

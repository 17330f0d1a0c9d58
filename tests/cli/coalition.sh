#!/usr/bin/env bash
# Coalition formation and balance of power through `multipolar solve`: the alliances model
# (exactly one of the 203 partitions is Nash stable, and it is the only individually and core
# stable one), partition checks with their certificates, the balance-of-power analysis of the
# capability model (11 minimal winning coalitions, US 44 swings, Kazakhstan a dummy for
# capability in [0, 1.8)), a four-player tu game checked by hand (tests/cli/data/csg4.yaml),
# and usage errors (exit 2, clear message).
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
al=models/kazakhstan/alliances.yaml
bal=models/kazakhstan/balance.yaml
csg=tests/cli/data/csg4.yaml
stable='\{Kazakhstan, Russia, China, Uzbekistan\} \{United States, European Union\}'

# --- hedonic: the search ---------------------------------------------------------------------
run solve $al
expect_code 0 "alliances"
expect_out '^Stable partitions \(exact: all 203 partitions checked\):$' "203 partitions"
for c in 'Nash stable' 'individually stable' 'core stable'; do
    grep -qE "^  $c +1$" "$tmp/out" && ok || bad "alliances: one $c partition"
done
expect_out "^  $stable  welfare 16.88  \[nash, individual, core\]$" "the stable partition listed"
[ "$(grep -c 'stability proven by the exact check' "$tmp/out")" -eq 3 ] && ok || bad "3 proven"
expect_out '^VERIFIED: every reported check passed.$' "alliances verified"
run solve $al --format json
expect_code 0 "alliances json"
python3 - "$tmp/out" <<'PY' && ok || bad "alliances json: counts, list, search"
import json, sys
d = json.load(open(sys.argv[1]))
want = [["Kazakhstan", "Russia", "China", "Uzbekistan"], ["United States", "European Union"]]
sp = d["stable_partitions"]
assert d["verified"] is True and d["partition"] is None
assert sp["partitions"] == 203 and sp["counts"] == {"nash": 1, "individual": 1, "core": 1}
assert len(sp["listed"]) == 1 and sp["listed"][0]["parts"] == want
assert sp["listed"][0]["stable"] == ["nash", "individual", "core"]
assert abs(sp["listed"][0]["welfare"] - 16.88) < 1e-9
for c in ("nash", "individual", "core"):
    s = d["search"][c]
    assert s["exact"] and s["found"] and s["proven"] and s["verified"], s
    assert s["stable_count"] == 1 and s["partition"] == want and s["partitions_examined"] == 203
PY
# --method restricts the concepts
run solve $al --method core --format json
expect_code 0 "alliances core only"
python3 - "$tmp/out" <<'PY' && ok || bad "--method core: only the core"
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d["search"]) == ["core"] and d["stable_partitions"]["counts"] == {"core": 1}
PY
# A different default: rivalry 0 makes the grand coalition attractive (more stable partitions).
run solve $al --set rivalry=0 --method nash --format json
expect_code 0 "rivalry 0"
python3 - "$tmp/out" <<'PY' && ok || bad "rivalry 0: search and listing agree"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["search"]["nash"]; sp = d["stable_partitions"]
assert d["verified"] and s["stable_count"] == sp["counts"]["nash"] == len(sp["listed"]) >= 1
assert max(p["welfare"] for p in sp["listed"]) == s["welfare"]
PY

# --- hedonic: a given partition with certificates --------------------------------------------
run solve $al --partition "Kazakhstan+Russia, China+United States" --method nash
expect_code 0 "partition nash"
expect_out '^Partition \(given with --partition\): \{Kazakhstan, Russia\} \{China, United States\} \{European Union\} \{Uzbekistan\}$' "partition, the rest alone"
expect_out '^  Nash stable +NO: Kazakhstan gains by moving from \{Kazakhstan, Russia\} to \{Kazakhstan, China, United States\} \(utility 1.88 -> 2.5\)  certificate VERIFIED$' "nash deviation named"
run solve $al --partition "Kazakhstan+Russia+China+Uzbekistan,United States+European Union" --format json
expect_code 0 "stable partition json"
python3 - "$tmp/out" <<'PY' && ok || bad "the stable partition passes every check"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["partition"]
assert p["source"] == "option" and abs(p["welfare"] - 16.88) < 1e-9
for c in ("nash", "individual", "core"):
    assert p[c]["stable"] is True and p[c].get("deviation", p[c].get("blocking")) is None, p[c]
PY
run solve $al --partition "Russia+United States" --method core --format json
expect_code 0 "blocked partition"
python3 - "$tmp/out" <<'PY' && ok || bad "core certificate: a blocking coalition all of whose members gain"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["partition"]["core"]
assert c["stable"] is False and c["blocking"]["verified"] is True and c["blocking"]["min_gain"] > 0
assert "nash" not in d["partition"]
PY
# the model's own partition: key
sed 's/^kind: hedonic$/kind: hedonic\npartition: [[Kazakhstan, China], [Russia]]/' $al >"$tmp/withpart.yaml"
run solve "$tmp/withpart.yaml" --method individual
expect_code 0 "partition key"
expect_out '^Partition \(from the model\): \{Kazakhstan, China\} \{Russia\} \{United States\} \{European Union\} \{Uzbekistan\}$' "partition key read"
expect_out '^  individually stable +NO: ' "individual verdict"
run solve $al --method search --format csv
expect_code 0 "csv"
expect_out '^source,partition,welfare,nash,individual,core$' "csv header"
expect_out '^stable,"Kazakhstan\+Russia\+China\+Uzbekistan,United States\+European Union",16.8(8|79+[0-9]*),1,1,1$' "csv stable row"

# --- weighted voting: balance of power -------------------------------------------------------
run solve $bal --method balance --actor Kazakhstan --format json
expect_code 0 "balance"
python3 - "$tmp/out" <<'PY' && ok || bad "balance: MWC, swings, balancers, rule 4, range"
import json, sys
d = json.load(open(sys.argv[1])); b = d["balance"]
assert d["verified"] is True and b["check"]["ok"] and b["check"]["recount_ok"]
assert b["rule"] == "weight > quota" and abs(b["quota"] - 29.35) < 1e-12
assert len(b["minimal_winning"]) == 11 and b["dominant_actor"] is None
assert ["United States", "China"] in [c["coalition"] for c in b["minimal_winning"]]
sw = b["swings"]
assert sw["United States"] == 44 and sw["China"] == 20 and sw["Kazakhstan"] == 0
assert all(sw[a] == 12 for a in ("Russia", "Germany", "Japan", "India"))
assert "Kazakhstan" not in b["pivotal"] and len(b["pivotal"]) == 6
bl = {x["actor"]: x for x in b["balancers"]}
assert set(bl) == {"United States", "China", "Russia", "Germany", "Japan", "India"}
# each witness: both blocs non-dominant, each dominant with the balancer
w = {p["name"]: p["weight"] for p in d["players"]}
for a, x in bl.items():
    A = sum(w[i] for i in x["bloc"]); B = sum(w[i] for i in x["other_bloc"])
    assert A <= 29.35 and B <= 29.35 and A + w[a] > 29.35 and B + w[a] > 29.35, x
r4 = b["rule4"]
assert r4["holds"] is False and r4["violations"] == 9
assert sum(1 for c in r4["coalitions"] if c["blocked_by"] is None) == 10  # 9 + all actors
r = b["capability_range"]
assert r["actor"] == "Kazakhstan" and r["lo"] == 0 and r["lo_closed"] is True
assert abs(r["hi"] - 1.8) < 1e-9 and r["hi_closed"] is False
PY
run solve $bal --actor Kazakhstan
expect_code 0 "balance text default"
expect_out '^  minimal winning coalitions: 11$' "mwc in text"
expect_out '^    United States 44, China 20, Russia 12, Germany 12, Japan 12, India 12, Kazakhstan 0$' "swings in text"
expect_out '^  not pivotal \(dummies\): Kazakhstan$' "dummy"
expect_out '^  capability range of Kazakhstan .*: \[0, 1.8\); now 0.5' "range in text"
expect_out '^VERIFIED|re-counted one by one \(64, 9\) VERIFIED$' "recount"
# At kazakhstan = 2 it is no longer a dummy.
run solve $bal --set kazakhstan=2 --method balance --format json
python3 - "$tmp/out" <<'PY' && ok || bad "kazakhstan = 2 has swings"
import json, sys
assert json.load(open(sys.argv[1]))["balance"]["swings"]["Kazakhstan"] > 0
PY

# --- tu: coalition structure and partition core (hand-checked game) --------------------------
run solve $csg
expect_code 0 "csg default report"
expect_out '^                \{A, B\} \{C, D\}: value 8.5 \(IDP; plain DP 8.5;' "optimal structure in the default report"
run solve $csg --method coalition-structure --format json
python3 - "$tmp/out" <<'PY' && ok || bad "csg json"
import json, sys
s = json.load(open(sys.argv[1]))["solutions"]
assert list(s) == ["coalition_structure"]
c = s["coalition_structure"]
assert c["status"] == "ok" and c["parts"] == [["A", "B"], ["C", "D"]]
assert c["value"] == 8.5 and c["check_value"] == 8.5 and c["dp_value"] == 8.5 and c["method"] == "idp"
PY
run solve $csg --method partition-core --format json
python3 - "$tmp/out" <<'PY' && ok || bad "partition core of the unions {A,B,C} {D}"
import json, sys
p = json.load(open(sys.argv[1]))["solutions"]["partition_core"]
assert p["source"] == "unions" and p["partition"] == [["A", "B", "C"], ["D"]]
assert p["x"] == [2, 2, 2, 1] and p["stable"] is False and p["blocking"] == ["A", "B"]
assert p["check"]["max_excess"] == 1 and p["coalitions_checked"] == 15
PY
run solve $csg --method partition-core --partition "A+B,C+D"
expect_code 0 "stable pair partition"
expect_out 'equal shares: core stable' "pairs stable"
run solve $csg --method partition-core --partition "A+B"
expect_out 'NOT core stable: \{C, D\} blocks \(v = 3.5 > 2 received\)' "C, D alone: they block"

# --- errors ------------------------------------------------------------------------------------
run solve $csg --method coalition-structure --max-memory 0.0001
expect_code 1 "memory limit (work over a limit: exit 1)"
expect_err 'coalition-structure refused: 4 players need [0-9]+ bytes of tables, above the limit of 0.0001 MiB' "refusal message"
run solve $al --partition "Kazakhstan+Rusia"
expect_code 2 "unknown player"; expect_err 'unknown player "Rusia"; the players are "Kazakhstan", ' "names listed"
run solve $al --partition "Kazakhstan+Russia,Russia"
expect_code 2 "overlap"; expect_err '"Russia" is named twice' "overlap message"
run solve $al --partition "Kazakhstan+,Russia"
expect_code 2 "empty name"; expect_err 'an empty name' "empty name message"
run solve $al --method bogus
expect_code 2 "bad hedonic method"; expect_err 'hedonic methods are nash, individual, core, search' "method list"
run solve $al --actor Russia
expect_code 2 "actor on hedonic"; expect_err '--actor applies to weighted-voting models' "actor kind"
run solve $bal --partition "China"
expect_code 2 "partition on voting"; expect_err '--partition applies to tu and hedonic models' "partition kind"
run solve $bal --actor Atlantis
expect_code 2 "unknown actor"; expect_err 'no actor "Atlantis"' "actor message"
run solve $bal --actor Kazakhstan --method banzhaf
expect_code 2 "actor without balance"; expect_err '--actor needs the balance-of-power analysis' "actor method"
run solve models/kazakhstan/hedging.yaml --method partition-core 2>/dev/null
expect_code 2 "tu method on zero-sum"
run solve models/examples/../kazakhstan/blocs.yaml --method partition-core --partition "Kazakhstan+China" --max-memory -1
expect_code 2 "negative memory"; expect_err 'max-memory must be a number of MiB in' "memory message"
sed 's/^kind: hedonic$/kind: hedonic\npartition: [[Kazakhstan, China], [China]]/' $al >"$tmp/badpart.yaml"
run solve "$tmp/badpart.yaml"
expect_code 2 "overlapping partition key"; expect_err 'badpart.yaml:[0-9]+:[0-9]+: "China" is in two parts' "FILE:LINE:COL"
finish

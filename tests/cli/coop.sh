#!/usr/bin/env bash
# Cooperative models through `multipolar solve`: the UN Security Council in --exact mode
# equals shared/reference/power-index/unsc.out.json exactly; the Kazakhstan blocs model
# reports every TU solution VERIFIED with the Owen - Shapley difference its header explains;
# Benedek nucleolus instances converted to .tu tables give the flagged nucleolus; EPIC .csv
# files load; usage and model errors exit 2 with FILE:LINE:COL.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
ref=$MPOL_SHARED/reference

# --- UNSC, exact ---------------------------------------------------------------------------
run solve models/power/unsc.yaml --exact --format json
expect_code 0 "unsc exact"
python3 - "$tmp/out" "$ref/power-index/unsc.out.json" <<'PY' && ok || bad "unsc --exact differs from the reference"
import json, sys
d = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
assert d["verified"] is True and d["exact"] is True
assert d["quota"] == r["quota"] and d["total_weight"] == r["total_weight"]
assert d["shapley_shubik"]["pivot_orderings"] == r["ss_denominator_n_factorial"]
assert d["banzhaf"]["total_swings"] == str(r["banzhaf_total_swings"])
assert len(d["players"]) == r["n"]
for p, q in zip(d["players"], r["players"]):
    assert p["weight"] == q["weight"], (p, q)
    assert p["ss_pivots"] == q["ss_pivots"], (p, q)
    assert p["banzhaf_swings"] == str(q["banzhaf_swings"]), (p, q)
    # the floating-point indices are the correctly rounded exact fractions
    assert p["shapley_shubik"] == q["ss"], (p, q)
    assert p["banzhaf"] == q["banzhaf_normalized"], (p, q)
    assert p["penrose_absolute"] == q["penrose_absolute"], (p, q)
    assert p["veto"] == (q["weight"] == 7) and p["dummy"] is False
assert d["players"][0]["ss_fraction"] == "421/2145"
assert d["minimal_winning"]["count"] == 210 and d["minimal_winning"]["complete"]
PY
run solve models/power/unsc.yaml --exact
expect_code 0 "unsc text"
expect_out '^Veto players: China, France, Russia, United Kingdom, United States$' "veto list"
expect_out '^Minimal winning coalitions: 210$' "mwc count"
expect_out 'pivot orderings in all: 1307674368000' "n!"
[ "$(grep -c VERIFIED "$tmp/out")" -eq 3 ] && ok || bad "unsc: three VERIFIED checks"
for f in models/power/*.yaml; do
    run solve "$f"; expect_code 0 "$f solves"; expect_out 'VERIFIED' "$f verified"
done
run solve models/power/five_percent.yaml --format json
python3 - "$tmp/out" <<'PY' && ok || bad "five-percent indices differ from the header comment"
import json, sys
d = json.load(open(sys.argv[1]))
ss = [p["shapley_shubik"] for p in d["players"]]
bz = [p["banzhaf"] for p in d["players"]]
want_ss = [0.4, 7 / 30, 7 / 30, 1 / 15, 1 / 15]
want_bz = [5 / 13, 3 / 13, 3 / 13, 1 / 13, 1 / 13]
assert all(abs(a - b) < 1e-12 for a, b in zip(ss, want_ss)), ss
assert all(abs(a - b) < 1e-12 for a, b in zip(bz, want_bz)), bz
assert d["minimal_winning"]["count"] == 5 and len(d["minimal_winning"]["coalitions"]) == 5
PY
run solve models/power/global_concert.yaml --method minimal-winning
expect_code 0 "mwc only"; expect_out '^Minimal winning coalitions: 4$' "concert mwc"

# --- Kazakhstan blocs ------------------------------------------------------------------------
run solve models/kazakhstan/blocs.yaml
expect_code 0 "blocs"
for s in shapley banzhaf tau owen myerson core least-core nucleolus prenucleolus; do
    grep -qE "^  $s +.*VERIFIED$" "$tmp/out" && ok || bad "blocs: $s line VERIFIED"
done
expect_out '^VERIFIED: every reported check passed.$' "blocs overall"
expect_out '^A priori unions: \{Kazakhstan, Russia\} \{China\} \{United States\}$' "unions shown"
for t in 3 8; do
    run solve models/kazakhstan/blocs.yaml --set transit=$t --format json
    expect_code 0 "blocs json transit=$t"
    python3 - "$tmp/out" $t <<'PY' && ok || bad "blocs: Owen - Shapley is not transit x (-1/12, -1/12, 1/6, 0)"
import json, sys
d = json.load(open(sys.argv[1])); t = float(sys.argv[2])
s = d["solutions"]
assert d["verified"] is True
assert all(v["status"] == "ok" and v["check"]["ok"] for v in s.values()), s
diff = [o - h for o, h in zip(s["owen"]["x"], s["shapley"]["x"])]
want = [-t / 12, -t / 12, t / 6, 0]
assert all(abs(a - b) < 1e-9 for a, b in zip(diff, want)), diff
assert s["core"]["nonempty"] is True and s["least_core"]["eps"] < 0
assert s["nucleolus"]["kohlberg"]["passed"] is True
assert abs(sum(s["nucleolus"]["x"]) - d["grand_coalition_value"]) < 1e-9
PY
done
run solve models/kazakhstan/blocs.yaml --method owen
expect_code 0 "owen only"; expect_out 'Owen' "owen column"
[ "$(grep -c VERIFIED "$tmp/out")" -eq 2 ] && ok || bad "one solution and the summary"

# Empty core: the three-player majority game; the certificate is the pairs with weight 1/2.
printf 'title: maj\nkind: tu\nplayers: [A, B, C]\nrule: {type: weighted-voting, quota: 2, weights: [1, 1, 1]}\n' >"$tmp/maj.yaml"
run solve "$tmp/maj.yaml" --format json
expect_code 0 "majority game"
python3 - "$tmp/out" <<'PY' && ok || bad "majority game: empty core certificate"
import json, sys
s = json.load(open(sys.argv[1]))["solutions"]
c = s["core"]
assert c["nonempty"] is False and c["check"]["ok"] is True and "x" not in c
w = sorted((sorted(b["coalition"]), b["weight"]) for b in c["balancing_weights"])
assert [x[0] for x in w] == [["A", "B"], ["A", "C"], ["B", "C"]], w
assert all(abs(x[1] - 0.5) < 1e-9 for x in w) and abs(c["min_cost"] - 1.5) < 1e-9
assert abs(s["least_core"]["eps"] - 1 / 3) < 1e-9
assert s["tau"]["status"] in ("ok", "undefined")
PY

# --- Benedek nucleolus instances as .tu tables ---------------------------------------------
for inst in v1n10j1 v2n10j7 v1n15j3; do
    f=$ref/benedek_nucleolus_testgames/$inst.txt
    python3 - "$f" "$tmp/$inst.tu" "$tmp/$inst.want" <<'PY' || { bad "cannot convert $inst"; continue; }
# Regenerates the game from the file's seed (MSVC rand, types 1 and 2 of Benedek, Fliege and
# Nguyen 2021, as in solver/src/coop/nucleolus_testgames.c) and writes a 2^n table.
import re, sys
name = sys.argv[1].rsplit("/", 1)[1]
typ, n = map(int, re.match(r"v(\d)n(\d+)j", name).groups())
lines = [l.strip() for l in open(sys.argv[1]) if l.strip()]
s = int(lines[0])
def rand():
    global s
    s = (s * 214013 + 2531011) & 0xFFFFFFFF
    return (s >> 16) & 0x7FFF
full = (1 << n) - 1
v = [0.0] * (full + 1)
if typ == 1:
    v[full] = 100 * (n - 2) + rand() % 201
    for S in range(1, full):
        k = bin(S).count("1")
        v[S] = 0 if k == 1 else 1 + rand() % (100 * k)
else:
    for S in range(3, full + 1):
        if bin(S).count("1") > 1:
            v[S] = 1 + rand() % (50 * n)
open(sys.argv[2], "w").write("".join("%r\n" % x for x in v))
rest = lines[1:]
for c in range(len(rest) // (n + 1)):
    block = rest[c * (n + 1):(c + 1) * (n + 1)]
    if block[n] == "1":
        open(sys.argv[3], "w").write("\n".join(block[:n]) + "\n")
PY
    run solve "$tmp/$inst.tu" --method nucleolus --format json
    expect_code 0 "$inst nucleolus"
    python3 - "$tmp/out" "$tmp/$inst.want" <<'PY' && ok || bad "$inst: not the flagged nucleolus"
import json, sys
d = json.load(open(sys.argv[1]))
x = d["solutions"]["nucleolus"]["x"]
want = [float(l) for l in open(sys.argv[2])]
assert d["solutions"]["nucleolus"]["kohlberg"]["passed"] is True
assert len(x) == len(want)
assert all(abs(a - b) <= 1e-6 * (1 + abs(b)) for a, b in zip(x, want)), (x, want)
PY
done
run solve "$tmp/v1n10j1.tu"
expect_code 0 "benedek full report"; expect_out '^Players: 10; v\(N\)' "table header"

# --- EPIC csv ----------------------------------------------------------------------------------
run solve "$ref/epic_test_cases/uniform/uniform.n50.q11860.csv" --method banzhaf --exact --format json
expect_code 0 "epic csv"
python3 - "$tmp/out" <<'PY' && ok || bad "epic: 50 players, quota from the first line"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["quota"] == 11860 and len(d["players"]) == 50 and d["verified"] is True
assert sum(int(p["banzhaf_swings"]) for p in d["players"]) == int(d["banzhaf"]["total_swings"])
PY

# --- errors: exit 2 ----------------------------------------------------------------------------
run solve models/kazakhstan/blocs.yaml --method shapely
expect_code 2 "unknown tu method"; expect_err "not 'shapely'" "method message"
run solve models/examples/glove.yaml --method owen
expect_code 2 "owen without unions"; expect_err 'no unions: key' "owen message"
run solve models/examples/glove.yaml --method myerson
expect_code 2 "myerson without graph"; expect_err 'no graph: key' "myerson message"
run solve models/power/unsc.yaml --method nucleolus
expect_code 2 "unknown wvg method"
printf 'title: t\nkind: tu\nplayers: [A, B, C]\nunions:\n  - [A, B]\n  - [B, C]\nvalues: {A+B: 1}\n' >"$tmp/u.yaml"
run solve "$tmp/u.yaml"
expect_code 2 "overlapping unions"
expect_err_exact "$tmp/u.yaml:6:6: player \"B\" is in two unions (first at line 5); unions must not overlap" "overlap message"
printf 'title: t\nkind: tu\nplayers: [A, B]\nrule: {type: bankruptcy, estate: 3, claims: [1, -1]}\n' >"$tmp/b.yaml"
run solve "$tmp/b.yaml"
expect_code 2 "negative claim"; expect_err "^$tmp/b.yaml:4:49: the claim of \"B\" must be non-negative" "claim position"
printf '0\n1\nx\n3\n' >"$tmp/bad.tu"
run solve "$tmp/bad.tu"
expect_code 2 "bad .tu"; expect_err "^$tmp/bad.tu:3:1: " "tu file position"
printf '3\n1\n1/3\n1\n' >"$tmp/bad.csv"
run solve "$tmp/bad.csv"
expect_code 2 "bad .csv"; expect_err "bad.csv" "csv message names the file"
finish

#!/usr/bin/env bash
# One-player games (decision problems) from YAML, .nfg and .efg: solve with every
# normal-form method in text, JSON and CSV, check, convert both ways, sweep; the model
# errors of one-player zero-sum/bimatrix models, zero players and zero strategies. These
# aborted with heap corruption (exit 134) before the model layer stopped taking "one
# payoff per cell" for zero-sum. Also: .nfg reports name the file, not the title.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
games=${MPOL_SHARED:-$MPOL_SRC/tests/data}/reference/gambit-games

py() { python3 -c "$@"; }

printf 'title: tie\nkind: normal-form\nplayers:\n  - {name: A, strategies: [a, b, c]}\npayoffs: [[3], [1], [3]]\n' >"$tmp/tie.yaml"
printf 'title: x\nkind: normal-form\nplayers:\n  - {name: A, strategies: [a,b]}\npayoffs: [[1],[2]]\n' >"$tmp/one.yaml"

# The tester's reproduction.
run solve "$tmp/one.yaml"; expect_code 0 "solve one.yaml (was 134)"
expect_out '^Decision problem \(one player\): optimal value 2, at 1 of 2 choices: b$' "one.yaml optimum"
expect_out 'VERIFIED' "one.yaml verified"

# Every method, every format: the optimal choices a and c at value 3, regret 0.
for m in logit support pure replicator fictitious; do
    run solve "$tmp/tie.yaml" -m $m; expect_code 0 "text $m"
    expect_out '^Decision problem \(one player\): optimal value 3, at 2 of 3 choices: a, c$' "text $m: optimum"
    expect_out '^Pure-strategy Nash equilibria \(all\): 2 profiles$' "text $m: both pure optima"
    expect_out 'largest regret 0\.000e\+00; VERIFIED' "text $m: verified"
    grep -qE '^    A +payoff 3 +.*b [0-9]' "$tmp/out" && bad "text $m: weight on b" || ok
    run solve "$tmp/tie.yaml" -m $m -f json; expect_code 0 "json $m"
    py '
import json, sys
r = json.load(open(sys.argv[1]))
d = r["decision_problem"]
assert d["optimal_value"] == 3 and d["optimal_choices"] == ["a", "c"], d
pure = [[s["probability"] for s in e["players"][0]["strategies"]] for e in r["pure_equilibria"]]
assert pure == [[1, 0, 0], [0, 0, 1]], pure
for e in r.get("profiles", []):
    p = e["players"][0]
    pr = [s["probability"] for s in p["strategies"]]
    assert abs(sum(pr) - 1) < 1e-9 and pr[1] <= 1e-9, pr
    assert abs(p["payoff"] - 3) < 1e-9 and p["regret"] <= 1e-9, p
assert (sys.argv[2] == "pure") == ("profiles" not in r)
assert r["verification"]["ok"] is True and r["verification"]["max_regret"] == 0
' "$tmp/out" $m && ok || bad "json $m"
    run solve "$tmp/tie.yaml" -m $m -f csv; expect_code 0 "csv $m"
    expect_out '^pure,1,"A","a",1$' "csv $m: pure a"
    expect_out '^pure,2,"A","c",1$' "csv $m: pure c"
    if grep -E "^$m,[0-9]+,\"A\",\"b\"," "$tmp/out" | grep -qvE ',0$'; then bad "csv $m: weight on b"; else ok; fi
done
run solve "$tmp/tie.yaml" --all; expect_code 0 "--all"
expect_out '^Support enumeration: 3 profiles$' "--all: a, c and their mixtures' vertex set"

# Many choices: --all (support enumeration) counts only the ties (3 of 25: 7 supports, not
# 2^25 - 1), logit is closed-form (the path took 24 s at 400 choices).
python3 -c "
n = 25
print('kind: normal-form\nplayers:\n  - {name: A, strategies: [%s]}\npayoffs: [%s]' % (
    ','.join('s%d' % i for i in range(n)), ','.join('[%d]' % (i % 7) for i in range(n))))" >"$tmp/c25.yaml"
run solve "$tmp/c25.yaml" --all; expect_code 0 "--all, 25 choices"
expect_out '^Decision problem \(one player\): optimal value 6, at 3 of 25 choices: s6, s13, s20$' "25 choices: optimum"
expect_out '^Support enumeration: 7 profiles$' "25 choices: the 7 sets of optimal choices"
python3 -c "
n = 2000
print('kind: normal-form\nplayers:\n  - {name: A, strategies: [%s]}\npayoffs: [%s]' % (
    ','.join('s%d' % i for i in range(n)), ','.join('[%d]' % (i % 1999) for i in range(n))))" >"$tmp/c2000.yaml"
run solve "$tmp/c2000.yaml" -f json; expect_code 0 "logit, 2000 choices"
py 'import json,sys; r=json.load(open(sys.argv[1])); p=r["profiles"][0]["players"][0]; assert p["payoff"] == 1998 and [s["name"] for s in p["strategies"] if s["probability"] > 0] == ["s1998"], p' "$tmp/out" && ok || bad "logit, 2000 choices: s1998"

# check: a summary with the optimum.
run check "$tmp/tie.yaml"; expect_code 0 "check"
expect_out '^  players: 1, strategy profiles: 3$' "check players"
expect_out '^  Decision problem \(one player\): optimal value 3, at 2 of 3 choices: a, c$' "check optimum"
expect_out '^valid$' "check valid"
run check "$tmp/tie.yaml" -f json; expect_code 0 "check json"
py 'import json,sys; r=json.load(open(sys.argv[1])); assert r["valid"] and r["decision_problem"]["optimal_choices"] == ["a", "c"]' "$tmp/out" && ok || bad "check json"

# convert: YAML -> .nfg -> YAML -> .nfg, the same game and the same answers.
run convert "$tmp/tie.yaml" -o "$tmp/tie.nfg"; expect_code 0 "convert to nfg"
grep -q '^NFG 1 R "tie" { "A" }$' "$tmp/tie.nfg" && ok || bad "nfg header"
run convert "$tmp/tie.nfg" -o "$tmp/tie2.yaml"; expect_code 0 "nfg to yaml (wrote YAML that crashed)"
run convert "$tmp/tie2.yaml" -o "$tmp/tie2.nfg"; expect_code 0 "yaml to nfg again"
cmp -s "$tmp/tie.nfg" "$tmp/tie2.nfg" && ok || bad "nfg round trip differs"
run convert "$tmp/tie.yaml" -o "$tmp/tieo.nfg" --outcome; expect_code 0 "convert to the outcome version"
grep -q '^{ "" 1 }$' "$tmp/tieo.nfg" && ok || bad "outcome version body"
for f in "$tmp/tie.nfg" "$tmp/tie2.yaml" "$tmp/tieo.nfg"; do
    run solve "$f"; expect_code 0 "solve $f"
    expect_out '^Decision problem \(one player\): optimal value 3, at 2 of 3 choices: a, c$' "$f optimum"
    run check "$f"; expect_code 0 "check $f"
done

# .nfg reports: the path where the path belongs, the title as the title.
run solve "$tmp/tie.nfg"
expect_out "^tie$" "nfg title line"
expect_out "^  model: $tmp/tie\\.nfg \\(kind normal-form\\)$" "nfg text header names the file"
run solve "$tmp/tie.nfg" -f json
py 'import json,sys; r=json.load(open(sys.argv[1])); assert r["model"] == sys.argv[2] and r["title"] == "tie", r' "$tmp/out" "$tmp/tie.nfg" && ok || bad "nfg json model/title"
printf 'NFG 1 R "Two of us" { "A" "B" } { 2 2 }\n1 0 0 1 0 1 1 0\n' >"$tmp/two.nfg"
run solve "$tmp/two.nfg"; expect_code 0 "two-player nfg"
expect_out "^Two of us$" "bimatrix title line"
expect_out "^  model: $tmp/two\\.nfg \\(kind " "bimatrix header names the file"
run check "$tmp/two.nfg"; expect_out "^  model: $tmp/two\\.nfg " "check header names the file"

# The loader's kind guess for two players: payoffs that are negatives as doubles but not as
# rationals (1/3 and -0.33333333333333333) are bimatrix; the guess on doubles made the .nfg
# a zero-sum model that mpol_model_from_game then refused (exit 2 on a valid file).
printf 'NFG 1 R "near" { "A" "B" } { 2 1 }\n1/3 -0.33333333333333333 1 -1\n' >"$tmp/near.nfg"
run solve "$tmp/near.nfg"; expect_code 0 "near-zero-sum nfg"
expect_out "^  model: $tmp/near\\.nfg \\(kind bimatrix\\)$" "near-zero-sum nfg is bimatrix"
printf 'NFG 1 R "zs" { "A" "B" } { 2 1 }\n1/3 -1/3 1 -1\n' >"$tmp/zs.nfg"
run solve "$tmp/zs.nfg"; expect_code 0 "zero-sum nfg"
expect_out "^  model: $tmp/zs\\.nfg \\(kind zero-sum\\)$" "exactly zero-sum nfg is zero-sum"

# The eight one-player .efg files of the collection (values worked out by hand; see
# tests/unit/test_one_player.c).
if [ -f "$games/INDEX.tsv" ]; then
    n=0
    while IFS=$'\t' read -r f type players rest; do
        [ "$players" = 1 ] || continue
        n=$((n + 1))
        case "$f" in
        */gilboa1997/fig1.efg) want='1 1';;
        */gilboa1997/fig2.efg) want='2 11,22';;
        */chance_root_3_*) want='1 2';;
        */chance_root_5_*) want='2 *';;
        */noPR-AM-driver-one-player.efg) want='4 2**';;
        */not_perfect_recall.efg | */perfect_recall.efg) want='0 1';;
        */reduction_one_player_generic_payoffs.efg) want='5 4*';;
        *) want="unknown";;
        esac
        for m in logit support pure replicator fictitious; do
            run solve "$games/$f" -m $m -f json; expect_code 0 "$f $m"
            cp "$tmp/out" "$tmp/efg_$m.json"
        done
        got=$(py '
import json, sys
seen = set()
for m in ("logit", "support", "pure", "replicator", "fictitious"):
    r = json.load(open(sys.argv[1] + "/efg_" + m + ".json"))
    d = r["decision_problem"]
    v, opt = d["optimal_value"], d["optimal_choices"]
    assert r["verification"]["ok"] is True, m
    pure = [[s["name"] for s in e["players"][0]["strategies"] if s["probability"] == 1]
            for e in r["pure_equilibria"]]
    assert pure == [[o] for o in opt], (m, pure, opt)
    for e in r["pure_equilibria"] + r.get("profiles", []):
        p = e["players"][0]
        assert abs(p["payoff"] - v) <= 1e-9 and p["regret"] <= 1e-9, (m, p)
        off = sum(s["probability"] for s in p["strategies"] if s["name"] not in opt)
        assert off <= 1e-9, (m, p)
    seen.add("%g %s" % (v, ",".join(opt)))
print(" | ".join(sorted(seen)))' "$tmp")
        [ "$got" = "$want" ] && ok || bad "$f: got '$got', expected '$want' from every method"
        run check "$games/$f"; expect_code 0 "check $f"
        run convert "$games/$f" -o "$tmp/e.yaml"; expect_code 0 "convert $f"
        run solve "$tmp/e.yaml" -f csv; expect_code 0 "solve converted $f"
    done < <(tail -n +2 "$games/INDEX.tsv")
    [ "$n" -eq 8 ] && ok || bad "$n one-player games in the index, expected 8"
fi

# sweep: 0.5 against 2t breaks at t = 1/4.
cat >"$tmp/sw.yaml" <<'EOF'
title: choose
kind: normal-form
parameters: {t: {default: 0.5, min: 0, max: 1}}
sweep: {t: {from: 0, to: 1, steps: 5}}
players:
  - {name: A, strategies: [safe, risky]}
payoffs:
  - [0.5]
  - ["2*t"]
EOF
run sweep "$tmp/sw.yaml" -q -j 1; expect_code 0 "sweep"
expect_out '^t,pure_equilibria,A:safe,A:risky,max_regret,verified,regime,status$' "sweep header"
expect_out '^0,1,1,0,0,1,0,ok$' "sweep t=0: safe"
expect_out '^0\.25,2,0\.5,0\.5,0,1,1,ok$' "sweep t=1/4: the tie"
expect_out '^1,1,0,1,0,1,2,ok$' "sweep t=1: risky"
run sweep "$tmp/sw.yaml" -q -j 1 -f json; expect_code 0 "sweep json"
py '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["unverified_points"] == 0 and len(r["points"]) == 5
b = [x["at"] for x in r["breakpoints"]]
assert len(b) == 2 and all(abs(x - 0.25) < 1e-8 for x in b), b
' "$tmp/out" && ok || bad "sweep json breakpoints"

# Model errors, exit 2, one located line.
printf 'kind: zero-sum\nplayers:\n  - {name: A, strategies: [a, b]}\npayoffs: [[1], [2]]\n' >"$tmp/zs.yaml"
printf 'kind: bimatrix\nplayers:\n  - {name: A, strategies: [a, b]}\npayoffs: [[[1, 1]], [[2, 2]]]\n' >"$tmp/bm.yaml"
for k in zs:zero-sum bm:bimatrix; do
    f=${k%%:*}; kind=${k#*:}
    for cmd in solve check; do
        run $cmd "$tmp/$f.yaml"; expect_code 2 "$cmd $kind with one player"
        expect_err_exact "$tmp/$f.yaml:3:3: a $kind game has 2 players, not 1 (a one-player game is a decision problem: write kind: normal-form)" "$cmd $kind message"
    done
done
run sweep "$tmp/zs.yaml" -q; expect_code 2 "sweep zero-sum with one player"
run convert "$tmp/bm.yaml" -o "$tmp/bm.nfg"; expect_code 2 "convert bimatrix with one player"
printf 'kind: normal-form\nplayers: []\npayoffs: []\n' >"$tmp/p0.yaml"
run solve "$tmp/p0.yaml"; expect_code 2 "zero players"
expect_err_exact "$tmp/p0.yaml:2:10: players must not be empty" "zero players message"
printf 'kind: normal-form\nplayers:\n  - {name: A, strategies: []}\npayoffs: []\n' >"$tmp/s0.yaml"
run solve "$tmp/s0.yaml"; expect_code 2 "zero strategies"
expect_err_exact "$tmp/s0.yaml:3:27: player \"A\" has an empty strategy list" "zero strategies message"
printf 'kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\n  - {name: B, strategies: [c]}\n  - {name: C, strategies: [d]}\npayoffs: [[1, 2], [2, 3]]\n' >"$tmp/p3.yaml"
run solve "$tmp/p3.yaml"; expect_code 2 "3 players, 2 payoffs per cell"
expect_err_exact "$tmp/p3.yaml:6:11: a payoff vector needs 3 entries (one per player), not 2" "payoff count message"
printf 'kind: normal-form\nplayers:\n  - {name: A, strategies: [a, b]}\npayoffs: [[1], [2, 3]]\n' >"$tmp/p1.yaml"
run check "$tmp/p1.yaml"; expect_code 2 "1 player, 2 payoffs in a cell"
expect_err_exact "$tmp/p1.yaml:4:16: a payoff vector needs 1 entry (one per player), not 2" "one-player payoff count message"
printf 'NFG 1 R "z" { }\n{ }\n""\n' >"$tmp/z.nfg"
run solve "$tmp/z.nfg"; expect_code 2 "nfg with zero players"
expect_err_exact "$tmp/z.nfg:1:15: a game needs at least one player" "nfg zero players message"
printf 'NFG 1 R "z" { "A" }\n{ { } }\n""\n' >"$tmp/z1.nfg"
run check "$tmp/z1.nfg"; expect_code 2 "nfg player without strategies"
expect_err_exact "$tmp/z1.nfg:2:5: player 1 has no strategies" "nfg zero strategies message"
printf 'EFG 2 R "z" { }\n""\nt "" 1 "o" { }\n' >"$tmp/z.efg"
run solve "$tmp/z.efg"; expect_code 2 "efg with zero players"
expect_err "^$tmp/z\\.efg:1:15: a game needs at least one player" "efg zero players message"
finish

#!/usr/bin/env bash
# Gambit .efg files as `tree` models (issue #14): solved natively (behaviour strategies,
# verified on the tree) with auto / sequence-lp / sequence-enum / backward-induction; a
# strategic method (--method enum, simplex, logit, ...) solves the reduced strategic form
# with the strategic kind's report, the same as the .nfg `convert` writes of it; `convert`
# writes .efg (byte for byte again on collection files), .nfg (the reduced form) and YAML
# (which solves to the same answer); a file without perfect recall falls back to its
# reduced strategic form, noted by `check`; truncated files and wrong outputs exit 2.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
G="$MPOL_SHARED/reference/gambit-games"
poker="$G/catalog/books/myerson1991/fig2_1.efg" # Myerson (1991) Fig. 2.1: value 1/3
fig42="$G/catalog/books/myerson1991/fig4_2.efg" # Myerson (1991) Fig. 4.2: 3 equilibria
if [ ! -f "$poker" ]; then
    echo "no Gambit collection under $G; skipped"
    finish
    exit $?
fi
py() { python3 -c "$@"; }

# --- native solving: the poker game's value 1/3, Alice meets with probability 2/3 --------
for m in "" auto sequence-lp sequence-lemke sequence-enum; do
    run solve "$poker" ${m:+--method $m} --format json; expect_code 0 "poker ${m:-default}"
    py '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "tree" and d["schema"] == "multipolar/tree/1", d["kind"]
assert d["verification"]["ok"] is True
e = d["equilibria"][0]
v = {p["name"]: p["value"] for p in e["players"]}
assert abs(v["Fred"] - 1 / 3) < 1e-9 and abs(v["Alice"] + 1 / 3) < 1e-9, v
b = {(x["player"], x["action"]): x["probability"] for x in e["behavior"] if x["player"] == "Alice"}
assert abs(b[("Alice", "Meet")] - 2 / 3) < 1e-9, b' "$tmp/out" && ok || bad "poker ${m:-default}: value 1/3, Meet 2/3"
done
run solve "$poker"; expect_code 0 "poker text"
expect_out '^  model: .*fig2_1\.efg \(kind tree\)$' "poker is a tree model"
expect_out '^Game tree: 2 players, 11 nodes, 4 information sets' "poker tree line"
expect_out 'VERIFIED' "poker verified"
# backward induction needs perfect information: refused on the poker game (exit 2)...
run solve "$poker" --method backward-induction; expect_code 2 "backward induction refused"
expect_err '^multipolar solve: backward-induction needs perfect information' "refusal message"
# ...and on a perfect-information constant-sum file it agrees with the sequence-form LP.
pi="$G/tests/test_games/2_player_PI_2_dev_off_eq_path_const_sum.efg"
run solve "$pi" --method backward-induction --format json; expect_code 0 "PI backward induction"
cp "$tmp/out" "$tmp/bi.json"
run solve "$pi" --method sequence-lp --format json; expect_code 0 "PI sequence-lp"
py '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["method"] == "backward-induction" and a["equilibria"][0]["subgame_perfect"]
va = [p["value"] for p in a["equilibria"][0]["players"]]
vb = [p["value"] for p in b["equilibria"][0]["players"]]
assert va == [1, 0] and all(abs(x - y) < 1e-9 for x, y in zip(va, vb)), (va, vb)
assert a["verification"]["ok"] and b["verification"]["ok"]' "$tmp/bi.json" "$tmp/out" \
    && ok || bad "PI: backward induction's values (1, 0) = sequence-lp's"

# --- the strategic route: --method enum on Fig. 4.2, the reduced form's 3 equilibria ------
run solve "$fig42" --method enum; expect_code 0 "fig4.2 enum"
expect_out '^  model: .*fig4_2\.efg \(kind bimatrix\)$' "enum: the bimatrix report"
expect_out '^All extreme Nash equilibria: 3 equilibria$' "enum: 3 equilibria"
expect_out '^    payoffs      Player 1 2\.5, Player 2 2\.25$' "enum: (2.5, 2.25)"
expect_out '^    payoffs      Player 1 4, Player 2 1$' "enum: (4, 1)"
expect_out '^    payoffs      Player 1 2\.66666667, Player 2 1\.5$' "enum: (8/3, 3/2)"
cp "$tmp/out" "$tmp/enum_efg.txt"
# the same report as the .nfg convert writes of the tree (but for the model line)
run convert "$fig42" -o "$tmp/fig42.nfg"; expect_code 0 "fig4.2 to .nfg"
run solve "$tmp/fig42.nfg" --method enum; expect_code 0 "fig4.2.nfg enum"
diff <(grep -v '^  model:' "$tmp/enum_efg.txt") <(grep -v '^  model:' "$tmp/out") >/dev/null \
    && ok || bad "efg --method enum differs from the .nfg's report"
# sequence-enum on the tree finds the same three payoff pairs
run solve "$fig42" --method sequence-enum --format json; expect_code 0 "fig4.2 sequence-enum"
py '
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted(tuple(round(p["value"], 9) for p in e["players"]) for e in d["equilibria"])
assert got == [(2.5, 2.25), (round(8 / 3, 9), 1.5), (4.0, 1.0)], got
assert d["complete"] and d["verification"]["ok"]' "$tmp/out" && ok || bad "sequence-enum: 3 equilibria as enum"
# zero-sum reduced form: the zero-sum kind's methods; a bimatrix method is refused as before
run solve "$poker" --method simplex; expect_code 0 "poker simplex"
expect_out '\(kind zero-sum\)$' "poker's reduced form is zero-sum"
expect_out '^Value of the game to Fred: 0\.333333333333' "simplex value 1/3"
run solve "$poker" --method enum; expect_code 2 "enum on a zero-sum form"
expect_err "zero-sum methods are auto, simplex, dense, oracle, glpk; not 'enum'" "zero-sum refusal"
for m in lh stackelberg; do
    run solve "$fig42" --method $m; expect_code 0 "fig4.2 $m"
    expect_out 'VERIFIED' "fig4.2 $m verified"
done
run solve "$fig42" --method correlated; expect_code 0 "fig4.2 correlated"
expect_out '^verified: yes' "fig4.2 correlated verified"
run solve "$fig42" --method logit; expect_code 2 "logit is no bimatrix method"
expect_err "^multipolar solve: bimatrix methods are enum" "as for a bimatrix game"
run solve "$G/contrib/games/2x2x2.efg" --method logit; expect_code 0 "3 players: logit"
expect_out '\(kind normal-form\)$' "3 players: normal-form"
run solve "$fig42" --method no-such-method; expect_code 2 "unknown method"
expect_err '^multipolar solve: ' "unknown method message"
grep -q 'mpol_' "$tmp/err" && bad "C name in a message" || ok

# --- convert: .efg -> .efg byte for byte; .efg -> .yaml -> solve; tree .yaml -> .nfg -----
for f in contrib/games/badgame1.efg tests/test_games/reduction_one_player_generic_payoffs.efg \
    tests/test_games/2_player_PI_2_dev_off_eq_path_const_sum.efg \
    tests/test_games/3_player_PI_2_dev_off_eq_path.efg; do
    run convert "$G/$f" -o "$tmp/rt.efg"; expect_code 0 "convert $f"
    cmp -s "$G/$f" "$tmp/rt.efg" && ok || bad "$f: written again byte for byte"
done
for f in "$poker" "$fig42" "$MPOL_SHARED/trees/kuhn.efg" "$G/contrib/games/2smp.efg"; do
    run convert "$f" -o "$tmp/a.efg"; expect_code 0 "convert $f"
    run convert "$tmp/a.efg" -o "$tmp/b.efg"; expect_code 0 "convert again $f"
    cmp -s "$tmp/a.efg" "$tmp/b.efg" && ok || bad "$f: the written .efg is a fixed point"
    run convert "$f" -o "$tmp/t.yaml"; expect_code 0 "$f to yaml"
    grep -q '^kind: tree$' "$tmp/t.yaml" && ok || bad "$f: the YAML is a tree model"
    run solve "$f" --format json; cp "$tmp/out" "$tmp/e.json"
    run solve "$tmp/t.yaml" --format json; expect_code 0 "$f yaml solves"
    py '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
# the same equilibria (values, behaviour) and verdict; an unlabelled set of one node is
# "set N" in the .efg tree, its path of actions in the YAML model
for d in (a, b):
    d.pop("model")
    for e in d["equilibria"]:
        for x in e["behavior"]:
            x.pop("infoset")
assert a == b, (a, b)' "$tmp/e.json" "$tmp/out" && ok || bad "$f: .yaml solves as the .efg"
done
e=models/examples/entry_deterrence.yaml
run convert $e -o "$tmp/entry.nfg"; expect_code 0 "tree yaml to .nfg"
expect_code 0 "entry to nfg"
grep -q '^NFG 1 R' "$tmp/entry.nfg" && ok || bad "entry.nfg is an .nfg"
run solve "$tmp/entry.nfg" --method enum; cp "$tmp/out" "$tmp/entry_nfg.txt"
run solve $e --method enum; expect_code 0 "tree yaml --method enum"
diff <(grep -v '^  model:' "$tmp/entry_nfg.txt") <(grep -v '^  model:' "$tmp/out") >/dev/null \
    && ok || bad "yaml --method enum = its .nfg's report"
run convert $e -o "$tmp/entry.efg"; expect_code 0 "tree yaml to .efg"
run solve "$tmp/entry.efg" --method backward-induction; expect_code 0 "entry.efg solves"
expect_out '^    In +Accommodate 1$' "entry.efg: the incumbent accommodates"
run convert "$G/contrib/games/2x2.nfg" -o "$tmp/x.efg"; expect_code 2 "nfg to .efg refused"
expect_err '^multipolar convert: .*2x2\.nfg: a (bimatrix|zero-sum) model has no game tree to write as \.efg$' "nfg to efg message"

# --- a chance set shared by two nodes (Gambit allows it) loads, each node its own set ------
printf 'EFG 2 R "shared" { "P1" "P2" }\n""\n\np "" 1 1 "" { "L" "R" } 0\nc "" 1 "" { "h" 1/2 "t" 1/2 } 0\nt "" 1 "" { 1, -1 }\nt "" 2 "" { -1, 1 }\nc "" 1 "" { "h" 1/2 "t" 1/2 } 0\nt "" 3 "" { 2, -2 }\nt "" 4 "" { 0, 0 }\n' >"$tmp/shared.efg"
run solve "$tmp/shared.efg"; expect_code 0 "shared chance set"
expect_out '^    set 1 +R 1$' "shared: P1 plays R (1 against 0)"
expect_out 'value 1 ' "shared: value 1"

# --- no perfect recall: the reduced strategic form, noted --------------------------------
np="$G/contrib/games/myerson.efg"
run check "$np"; expect_code 0 "no perfect recall: check"
expect_out '^  note: no perfect recall: loaded as its reduced strategic form$' "the note"
expect_out '\(kind zero-sum\)$' "strategic kind"
run check "$np" --format json; expect_code 0 "check json"
py 'import json,sys; d=json.load(open(sys.argv[1])); assert d["note"].startswith("no perfect recall")' "$tmp/out" \
    && ok || bad "note in JSON"
run solve "$np"; expect_code 0 "no perfect recall: solve"
expect_out 'VERIFIED' "no perfect recall: verified"
run check "$poker"; expect_code 0 "perfect recall: check"
grep -q 'note:' "$tmp/out" && bad "a tree model carries no note" || ok
run convert "$np" -o "$tmp/np.efg"; expect_code 2 "no tree to write"
expect_err 'lacks perfect recall: it was read as its reduced strategic form' "why no tree"
run convert "$np" -o "$tmp/np.nfg"; expect_code 0 "its .nfg"

# --- errors: FILE:LINE:COL and exit 2; outputs -------------------------------------------
t=tests/cli/data/hostile/truncated.efg
for cmd in solve check; do
    run $cmd $t; expect_code 2 "truncated $cmd"
    expect_err "^tests/cli/data/hostile/truncated\\.efg:[0-9]+:[0-9]+: " "truncated $cmd located"
done
run convert $t -o "$tmp/t.efg"; expect_code 2 "truncated convert"
[ ! -e "$tmp/t.efg" ] && ok || bad "no output for a bad input"
run convert "$poker" -o "$tmp/x.gambit"; expect_code 2 "unknown output suffix"
expect_err 'must end in \.nfg, \.efg, \.yaml or \.yml' "suffix message"
run convert "$poker" -o /nonexistent-dir/x.efg; expect_code 1 "unwritable output"
run help solve; expect_code 0 "help solve"
expect_out 'tree \(a \.efg file is one\), also' "help solve names the strategic route"
finish

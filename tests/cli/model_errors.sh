#!/usr/bin/env bash
# Bad input reaches the user as one "FILE:LINE:COL: message" line on stderr with exit 2.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
bad=tests/data/models/bad

for f in syntax ragged unknown_param div_zero; do
    for cmd in solve check; do
        run $cmd $bad/$f.yaml
        expect_code 2 "$cmd $f"
        expect_err "^$bad/$f\.yaml:[0-9]+:[0-9]+: " "$cmd $f: file:line:col"
        [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "$cmd $f: one line of diagnostics"
    done
done
run check $bad/ragged.yaml;        expect_err 'row 2 of payoffs has 1 entries' "ragged message"
run check $bad/unknown_param.yaml; expect_err 'unknown parameter' "unknown parameter message"
run check $bad/div_zero.yaml;      expect_err 'division by zero' "division message"

run solve no/such/file.yaml
expect_code 2 "missing file"; expect_err '^multipolar solve: no/such/file.yaml: cannot open' "missing file message"

# Small inline cases: unknown kind, NaN, empty strategy list, wrong count.
printf 'title: t\nkind: zero-some\n' >"$tmp/k.yaml"
run check "$tmp/k.yaml"; expect_code 2 "unknown kind"; expect_err ':2:7: unknown kind' "unknown kind position"
printf 'title: t\nkind: zero-sum\nplayers:\n  - {name: A, strategies: []}\n  - {name: B, strategies: [b]}\npayoffs: []\n' >"$tmp/e.yaml"
run check "$tmp/e.yaml"; expect_code 2 "empty strategies"; expect_err "$tmp/e.yaml:4:[0-9]+: " "empty strategies position"
printf 'title: t\nkind: zero-sum\nplayers:\n  - {name: A, strategies: [a]}\n  - {name: B, strategies: [b]}\npayoffs:\n  - [".nan"]\n' >"$tmp/n.yaml"
run check "$tmp/n.yaml"; expect_code 2 "NaN payoff"; expect_err "$tmp/n.yaml:7:[0-9]+: " "NaN position"
printf 'title: t\nkind: zero-sum\nparameters: {x: 2}\nplayers:\n  - {name: A, strategies: [a]}\n  - {name: B, strategies: [b]}\npayoffs:\n  - ["1/(x-1)"]\n' >"$tmp/d.yaml"
run solve "$tmp/d.yaml"; expect_code 0 "fine away from the pole"
run solve "$tmp/d.yaml" --set x=1; expect_code 2 "division by zero at an overridden value"
expect_err_exact "$tmp/d.yaml:8:8: division by zero in \"1/(x-1)\"" "located message"
# check: a game that fails to build at an overridden value prints no partial report (it
# printed the header, and in JSON an unclosed object with "valid": true).
for f in text json; do
    run check "$tmp/d.yaml" --set x=1 -f $f
    expect_code 2 "check $f: division by zero at an overridden value"
    if [ $f = text ]; then
        [ ! -s "$tmp/out" ] && ok || bad "check $f: no report on stdout when the game fails"
    else # only the error document (multipolar/error/1), no partial report
        grep -q '"valid"' "$tmp/out" && bad "check json: a partial report on stdout" || ok
        expect_out '"schema": "multipolar/error/1"' "check json: the error document"
        expect_out '"line": 8,' "check json: the error's line"
    fi
done
# .nfg errors too
printf 'NFG 1 R "t" { "A" "B" } { 2 2 }\n1 1 0 2 0 2 1\n' >"$tmp/s.nfg"
run solve "$tmp/s.nfg"; expect_code 2 "short nfg"; expect_err "$tmp/s.nfg:[0-9]+:[0-9]+: " "nfg position"
finish

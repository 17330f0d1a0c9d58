#!/usr/bin/env bash
# The sweep progress bar: drawn on stderr when it is a terminal (under a pty made by
# script(1)), never when stderr is a file or a pipe, and never with --quiet.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
m=models/kazakhstan/hedging.yaml
if ! command -v script >/dev/null; then
    echo "script(1) not installed: the pty checks are skipped"
else
    script -qc "'$MPOL' sweep $m -o '$tmp/pty.csv'" /dev/null >"$tmp/out" 2>"$tmp/err"
    code=$?
    expect_code 0 "sweep under a pty"
    expect_out $'\rsweep \\[#+' "progress bar drawn on a terminal"
    expect_out '100\.0% 5151/5151' "bar reaches 100%"
    expect_out 'Verified points: 5151 of 5151' "report still printed"
    script -qc "'$MPOL' sweep $m -o '$tmp/pty.csv' --quiet" /dev/null >"$tmp/out" 2>"$tmp/err"
    code=$?
    expect_code 0 "quiet sweep under a pty"
    grep -q 'sweep \[' "$tmp/out" && bad "--quiet drew a bar" || ok
    # Breakpoint refinement has its own bar after the points bar (four_powers: 6 breakpoints).
    script -qc "'$MPOL' sweep models/kazakhstan/four_powers.yaml --set trade_dependence_ru=0.9 --param cn_investment=0.5:1.5:21 -o '$tmp/r.csv'" /dev/null >"$tmp/out" 2>"$tmp/err"
    code=$?
    expect_code 0 "refining sweep under a pty"
    expect_out '100\.0% 21/21' "points bar complete"
    expect_out $'\rrefining [0-9]+ breakpoints \\[' "refinement bar drawn"
    n=$(grep -oE 'refining [0-9]+ breakpoints' "$tmp/out" | head -1 | grep -oE '[0-9]+')
    expect_out "refining $n breakpoints \\[#{40}\\] 100\\.0% $n/$n" "refinement bar reaches 100%"
    nb=$(grep -cE '^  cn_investment = .*regime' "$tmp/out")
    [ "$n" = "$nb" ] && ok || bad "bar counts $n breakpoints, report lists $nb"
    # The points bar ends at 100% before the refinement bar starts.
    python3 -c 'import sys; t=open(sys.argv[1]).read(); i=t.index("refining"); assert "21/21" in t[:i] and "refining" not in t[:t.index("21/21")]' "$tmp/out" && ok || bad "bar order"
fi
# Not a terminal: stderr to a file.
run sweep $m -o "$tmp/a.csv"
expect_code 0 "sweep to files"
grep -q 'sweep \[' "$tmp/err" && bad "bar drawn on a non-terminal stderr" || ok
[ -s "$tmp/err" ] && bad "stderr not empty: $(head -c 200 "$tmp/err")" || ok
# CSV to stdout, stderr a pipe: the regime table goes to stderr, no bar.
"$MPOL" sweep $m --param ru_pressure=0:1:5 2>&1 >/dev/null | grep -q 'sweep \[' &&
    bad "bar drawn into a pipe" || ok
finish

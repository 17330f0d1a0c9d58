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

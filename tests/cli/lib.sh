# Helpers for the CLI tests: source this file. $MPOL is the binary, $MPOL_SRC the source root.
set -u
fails=0
checks=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run CMD...: runs the binary, capturing stdout, stderr and the exit code.
run() {
    "$MPOL" "$@" >"$tmp/out" 2>"$tmp/err"
    code=$?
}

ok() { checks=$((checks + 1)); }
bad() {
    checks=$((checks + 1)); fails=$((fails + 1))
    echo "FAIL: $*" >&2
    echo "--- stdout:" >&2; head -20 "$tmp/out" >&2
    echo "--- stderr:" >&2; head -20 "$tmp/err" >&2
}

expect_code() { [ "$code" -eq "$1" ] && ok || bad "exit code $code, expected $1 ($2)"; }
expect_out() { grep -qE -- "$1" "$tmp/out" && ok || bad "stdout lacks /$1/ ($2)"; }
expect_err() { grep -qE -- "$1" "$tmp/err" && ok || bad "stderr lacks /$1/ ($2)"; }
expect_err_exact() { [ "$(cat "$tmp/err")" = "$1" ] && ok || bad "stderr is not exactly '$1' ($2)"; }

finish() {
    echo "$((checks - fails)) passed, $fails failed"
    [ "$fails" -eq 0 ]
}

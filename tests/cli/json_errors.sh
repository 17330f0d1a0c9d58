#!/usr/bin/env bash
# Under --format json an error is a JSON document on stdout (schema multipolar/error/1) with
# the usual exit code; the plain message stays on stderr. Text runs print no JSON.
. "$(dirname "$0")/lib.sh"

m="$MPOL_SRC/models/kazakhstan/hedging.yaml"
printf 'kind: tu\nplayers: [\n' >"$tmp/bad.yaml"
run solve "$tmp/bad.yaml" -f json; expect_code 2 "bad model"
expect_out '"schema": "multipolar/error/1"' "error schema"; expect_out '"line": 3,' "line"
expect_out '"column": 1,' "column"; expect_out '"file": ".*bad.yaml"' "file"
expect_out '"message": "YAML syntax error: flow sequence' "message"; expect_out '"status": 2' "status"
expect_err '^.*bad.yaml:3:1: YAML syntax error' "plain message kept on stderr"
run solve --format json --bogus; expect_code 2 "bad option"; expect_out '"message": "unknown option' "option message"
expect_out '"file": null' "no file"
run solve "$m" --format=json -m nosuch; expect_code 2 "unknown method"; expect_out "not 'nosuch'" "method message"
run check "$tmp/bad.yaml" -f json; expect_code 2 "check bad model"; expect_out '"line": 3,' "check line"
run solve - -f json <"$tmp/bad.yaml"; expect_code 2 "stdin"; expect_out '"file": "<stdin>"' "stdin file"
run solve "$tmp/bad.yaml"; expect_code 2 "text"; [ -s "$tmp/out" ] && bad "text error wrote stdout" || ok
run solve "$m" -f json; expect_code 0 "a good run"; expect_out '"schema": "multipolar/zero-sum/1"' "report"
if grep -q error/1 "$tmp/out"; then bad "error document after a report"; else ok; fi
if command -v /usr/bin/python3 >/dev/null; then
    run solve "$tmp/bad.yaml" -f json
    /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" && ok || bad "not JSON"
fi
finish

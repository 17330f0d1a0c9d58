#!/usr/bin/env bash
# `solve -` and `check -`: a YAML model read from standard input, bounded in size.
. "$(dirname "$0")/lib.sh"

m="$MPOL_SRC/models/kazakhstan/hedging.yaml"
run solve "$m"; want=$(sed 1,2d "$tmp/out")
run solve - <"$m";  expect_code 0 "solve -"; expect_out 'model: <stdin> \(kind zero-sum\)' "source name"
if [ "$(sed 1,2d "$tmp/out")" = "$want" ]; then ok; else bad "solve - differs from solve FILE"; fi
run solve - -f json <"$m"; expect_code 0 "solve - json"; expect_out '"model": "<stdin>"' "json source"
run check - <"$m";  expect_code 0 "check -"
printf 'kind: tu\nplayers: [\n' >"$tmp/bad.yaml"
run solve - <"$tmp/bad.yaml"; expect_code 2 "bad model on stdin"; expect_err '^<stdin>:3:1: ' "located"
run check - </dev/null; expect_code 2 "empty stdin"
head -c 17000000 /dev/zero >"$tmp/big"
run check - <"$tmp/big"; expect_code 2 "oversize stdin"; expect_err 'larger than 16 MiB' "size message"
finish

#!/usr/bin/env bash
# multipolar bench: suite list, usage errors, a quick suite as text and as JSON (checked with
# python3's json module when present), and the table layout size | ours | baseline | ratio.
. "$(dirname "$0")/lib.sh"

run help bench;                expect_code 0 "help bench"; expect_out 'usage: multipolar bench' "usage"
run bench --list;              expect_code 0 "--list"; expect_out '^zerosum +built' "zerosum built"
expect_out '^model +built' "model built"
run bench nosuch;              expect_code 2 "unknown suite"; expect_err "'nosuch' is not a suite" "message"
run bench --reps 0;            expect_code 2 "bad --reps"
run bench --bogus;             expect_code 2 "unknown option"
run bench model --quick;       expect_code 0 "model --quick"
expect_out '^# multipolar bench: git [0-9a-f]+' "header with the git SHA"
expect_out '^work +\| +eval_ns \| +baseline_ns \| +ratio \|' "table columns"
expect_out '^vs native C +\| +[0-9.]+ \| +[0-9.]+ \| +[0-9.]+x' "a row with a ratio"
expect_out '^# suite model: ok' "suite verdict"
expect_out '^# total: .* CPU/wall' "totals"
# Without the external tools the suites still run and say so.
PATH=/nonexistent MPOL_PYTHON=/nonexistent "$MPOL" bench lh --quick >"$tmp/out" 2>"$tmp/err"
code=$?
expect_code 0 "lh without lrsnash"; expect_out 'lrsnash: baseline unavailable' "note"
expect_out '^10x10 +\| +[0-9.e-]+ \| +- \| +- \|' "empty baseline and ratio"
run bench model values --quick --json; expect_code 0 "--json"
if command -v python3 >/dev/null; then
    python3 - "$tmp/out" <<'PY' && ok || bad "JSON document"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "multipolar/bench/1" and list(d)[0] == "schema", d
assert d["git_sha"] and d["date"].endswith("Z"), d
names = [s["name"] for s in d["suites"]]
assert names == ["model", "values"] and all(s["ok"] for s in d["suites"]), names
for t in d["tables"]:
    assert t["columns"][3] == "ratio", t["columns"]
    assert all(len(r) == len(t["columns"]) for r in t["rows"]), t
values = [t for t in d["tables"] if t["suite"] == "values"][0]
assert len(values["rows"]) >= 5  # a scaling table
for r in values["rows"]:
    assert r[1] > 0 and r[2] > 0 and abs(r[3] - r[2] / r[1]) < 1e-3 * r[3], r
PY
fi
finish

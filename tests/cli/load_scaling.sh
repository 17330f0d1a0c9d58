#!/bin/bash
# Loading is O(n log n) in the input: 150,000 strategies, 150,000 parameters (referenced by
# 150,000 payoffs), 150,000 weighted-voting players and a full listing of the 65,535
# coalitions of a 16-player TU game each pass `check` within a generous bound. The loader
# before the hash indexes took about 46 s, 86 s, minutes and 7 s on these (linear duplicate
# checks and lookups in loops); now well under a second each in the Release build. The
# bound is 10 s (x 10 in sanitizer builds); the 18-player listing is in
# slow_load_tu18.sh.
. "$MPOL_SRC/tests/cli/lib.sh"

bound=10
grep -qa '__asan_init' "$MPOL" && bound=100

# timed NAME FILE: `check FILE` must succeed within the bound.
timed() {
    local t0 t1 ms
    t0=$(date +%s%N)
    run check "$2"
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
    expect_code 0 "$1"
    [ "$ms" -le $((bound * 1000)) ] && ok || bad "$1 took $ms ms (bound $bound s)"
    echo "$1: $ms ms"
}

python3 - "$tmp" <<'PY'
import sys
d, n = sys.argv[1], 150000
with open(d + "/strat.yaml", "w") as f:
    f.write("kind: zero-sum\nplayers:\n  - {name: A, strategies: [%s]}\n"
            "  - {name: B, strategies: [t]}\npayoffs:\n" % ", ".join("s%d" % i for i in range(n)))
    f.writelines("  - [%d]\n" % (i % 7) for i in range(n))
with open(d + "/params.yaml", "w") as f:
    f.write("kind: zero-sum\nparameters:\n")
    f.writelines("  p%d: %d\n" % (i, i % 5) for i in range(n))
    f.write("players:\n  - {name: A, strategies: [%s]}\n"
            "  - {name: B, strategies: [t]}\npayoffs:\n" % ", ".join("s%d" % i for i in range(n)))
    f.writelines("  - [\"p%d + 1\"]\n" % (n - 1 - i) for i in range(n))
with open(d + "/wvg.yaml", "w") as f:
    f.write("kind: weighted-voting\nquota: 10\nplayers:\n")
    f.writelines("  v%d: %d\n" % (i, 1 + i % 3) for i in range(n))
names = ["P%d" % i for i in range(16)]
with open(d + "/tu16.yaml", "w") as f:
    f.write("kind: tu\nplayers: [%s]\nvalues:\n" % ", ".join(names))
    for m in range(1, 1 << 16):
        f.write("  %s: %d\n" % ("+".join(names[i] for i in range(16) if m >> i & 1), bin(m).count("1")))
PY

timed "150,000 strategies" "$tmp/strat.yaml"
timed "150,000 parameters" "$tmp/params.yaml"
timed "150,000 voting players" "$tmp/wvg.yaml"
timed "16-player TU listing" "$tmp/tu16.yaml"

# The duplicate checks still find duplicates, and say where the first one is.
sed 's/^  p7: /  p3: /' "$tmp/params.yaml" >"$tmp/dup.yaml"
run check "$tmp/dup.yaml"
expect_code 2 "duplicate parameter"
expect_err 'dup.yaml:10:3: duplicate key "p3" \(first at line 6\)' "duplicate parameter message"
sed '$ a \  [P1, P0]: 9' "$tmp/tu16.yaml" >"$tmp/dup.yaml"
run check "$tmp/dup.yaml"
expect_code 2 "duplicate coalition"
expect_err 'dup.yaml:65539:3: coalition given twice \(first at line 6\)' "duplicate coalition message"
sed '3s/s149999\]/s17]/' "$tmp/strat.yaml" >"$tmp/dup.yaml"
run check "$tmp/dup.yaml"
expect_code 2 "duplicate strategy"
expect_err 'duplicate name "s17" in strategies' "duplicate strategy message"
sed '$ a \  v17: 1' "$tmp/wvg.yaml" >"$tmp/dup.yaml"
run check "$tmp/dup.yaml"
expect_code 2 "duplicate voter"
expect_err 'dup.yaml:150004:3: duplicate key "v17" \(first at line 21\)' "duplicate voter message"

finish

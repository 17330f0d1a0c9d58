#!/bin/bash
# A valid 18-player TU model listing all 262,143 non-empty coalitions ("A+B" keys, 9.5 MB)
# passes `check` within 30 s (x 10 in sanitizer builds); the loader before the hash indexes
# took more than 300 s (a scan of the earlier keys and coalitions for every entry). About
# 2-3 s in the Release build, hence the slow label.
. "$MPOL_SRC/tests/cli/lib.sh"

bound=30
grep -qa '__asan_init' "$MPOL" && bound=300
python3 - "$tmp/tu18.yaml" <<'PY'
import sys
n = 18
names = ["P%d" % i for i in range(n)]
with open(sys.argv[1], "w") as f:
    f.write("kind: tu\nplayers: [%s]\nvalues:\n" % ", ".join(names))
    for m in range(1, 1 << n):
        f.write("  %s: %d\n" % ("+".join(names[i] for i in range(n) if m >> i & 1), bin(m).count("1") ** 2))
PY
t0=$(date +%s%N)
run check "$tmp/tu18.yaml"
ms=$((($(date +%s%N) - t0) / 1000000))
echo "18-player TU listing: $ms ms"
expect_code 0 "18-player listing"
[ "$ms" -le $((bound * 1000)) ] && ok || bad "18-player listing took $ms ms (bound $bound s)"
expect_out "players: 18" "18 players"
# Solved too: v(S) = |S|^2 is symmetric, so the Shapley value gives each player
# v(N)/n = 324/18 = 18.
run solve "$tmp/tu18.yaml" --format json
expect_code 0 "solve 18-player listing"
python3 - "$tmp/out" <<'PY' && ok || bad "Shapley value of |S|^2 is not 18 each"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["grand_coalition_value"] == 324
x = r["solutions"]["shapley"]["x"]
assert len(x) == 18 and all(abs(v - 18) < 1e-9 for v in x), x
PY
finish

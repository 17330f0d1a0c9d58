#!/bin/bash
# Model files declaring huge games are refused for their missing payoffs before anything of
# the game's size is allocated, and a multi-MB model loads within a bound on its memory: each
# load runs under `ulimit -v` (virtual memory), which the loader before these checks exceeded
# (gigabytes for the 24-player file; about 100x its size for the 3.9 MB bimatrix, then 140
# MiB, which now needs under 64 MiB). Sanitizer builds reserve terabytes of shadow memory, so there the
# limits are left out and only the messages are checked.
. "$MPOL_SRC/tests/cli/lib.sh"

sanitized=0
grep -qa '__asan_init' "$MPOL" && sanitized=1

# run_limited KIB CMD...: run under ulimit -v KIB (no limit in sanitizer builds).
run_limited() {
    local kib=$1
    shift
    if [ "$sanitized" -eq 1 ]; then
        run "$@"
    else
        (ulimit -v "$kib" && exec "$MPOL" "$@") >"$tmp/out" 2>"$tmp/err"
        code=$?
    fi
}

players24() {
    for i in $(seq 0 23); do echo "  - {name: P$i, strategies: [a, b]}"; done
}

# 24 players x 2 strategies = 2^24 profiles (the model-cells limit), 4 x 10^8 payoffs; the
# file is under 1 KB. The old loader allocated 16 GB of entries before counting the cells.
{ echo "kind: normal-form"; echo "players:"; players24; echo "payoffs: []"; } >"$tmp/nopay.yaml"
for cmd in check solve; do
    run_limited $((512 * 1024)) $cmd "$tmp/nopay.yaml"
    expect_code 2 "$cmd: declared 2^24 profiles, no payoffs"
    expect_err "nopay.yaml:27:10: payoffs has 0 cells but the game has 16777216 strategy profiles" \
        "$cmd: names the missing payoffs"
done

# One cell given.
{ echo "kind: normal-form"; echo "players:"; players24; echo "payoffs:"
  echo "  - [$(seq -s, 1 24)]"; } >"$tmp/onecell.yaml"
run_limited $((512 * 1024)) check "$tmp/onecell.yaml"
expect_code 2 "one cell of 2^24"
expect_err "onecell.yaml:28:3: payoffs has 1 cells but the game has 16777216 strategy profiles" \
    "one cell message"

# Profile form: two profiles listed of 2^24.
{ echo "kind: normal-form"; echo "players:"; players24; echo "payoffs:"
  for s in a b; do
      echo "  - {profile: [$(printf "$s,%.0s" $(seq 23))$s], payoff: [$(seq -s, 1 24)]}"
  done; } >"$tmp/profiles.yaml"
run_limited $((512 * 1024)) check "$tmp/profiles.yaml"
expect_code 2 "two profiles of 2^24"
expect_err "profiles.yaml:28:3: payoffs lists 2 profiles but the game has 16777216 strategy profiles" \
    "profile form message"

# A few missing profiles are still named one by one.
cat >"$tmp/missing.yaml" <<'Y'
kind: normal-form
players:
  - {name: A, strategies: [x, y]}
  - {name: B, strategies: [u, v]}
payoffs:
  - {profile: [x, u], payoff: [1, 2]}
  - {profile: [y, v], payoff: [3, 4]}
Y
run check "$tmp/missing.yaml"
expect_code 2 "two of four profiles"
expect_err 'missing.yaml:6:3: profile \[y, u\] has no payoff' "missing profile named"

# Zero-sum, 2 x 10^5 strategies each (10^10 profiles): one row of payoffs.
python3 - "$tmp/wide.yaml" <<'PY'
import sys
n = 100000
with open(sys.argv[1], "w") as f:
    f.write("kind: zero-sum\nplayers:\n")
    for p in "AB":
        f.write("  - {name: %s, strategies: [%s]}\n" % (p, ", ".join("%s%d" % (p, i) for i in range(n))))
    f.write("payoffs:\n  - [1, 2]\n")
PY
run_limited $((512 * 1024)) check "$tmp/wide.yaml"
expect_code 2 "10^10 declared profiles, one row"
expect_err "wide.yaml:6:3: payoffs has 1 rows but A has 100000 strategies" "rows message"

# Game-cells limit at load: 2^10 profiles x 10 players > 4096 payoff cells.
{ echo "kind: normal-form"; echo "players:"
  for i in $(seq 0 9); do echo "  - {name: P$i, strategies: [a, b]}"; done
  echo "payoffs:"
  for c in $(seq 1024); do echo "  - [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"; done; } >"$tmp/ten.yaml"
run --limit game-cells=4096 check "$tmp/ten.yaml"
expect_code 1 "above game-cells at load"
expect_err "ten.yaml:14:3: 1024 strategy profiles x 10 players is more than 4096 payoff cells \(the game-cells limit" \
    "game-cells message"
run --limit game-cells=10240 check "$tmp/ten.yaml"
expect_code 0 "at the game-cells limit"

# A 3.9 MB bimatrix model (700 x 700 pairs) loads and is checked within 96 MiB of virtual
# memory (it needs 56-64 MiB; peak RSS 47 MiB). The first loader needed more than 400 MiB
# (peak RSS 396 MiB), the one with an arena tree 136-144 MiB (peak RSS 128 MiB: 40-byte
# nodes behind pointers, 48 bytes a payoff in the model).
python3 - "$tmp/bm.yaml" <<'PY'
import sys
m = 700
with open(sys.argv[1], "w") as f:
    f.write("kind: bimatrix\nplayers:\n")
    for p in "ab":
        f.write("  - {name: %s, strategies: [%s]}\n" % (p.upper(), ", ".join("%s%d" % (p, i) for i in range(m))))
    f.write("payoffs:\n")
    for i in range(m):
        f.write("  - [" + ", ".join("[%d, %d]" % ((i * j) % 7, (i + j) % 5) for j in range(m)) + "]\n")
PY
run_limited $((96 * 1024)) check "$tmp/bm.yaml"
expect_code 0 "3.9 MB bimatrix under 96 MiB"

# The same size in 17-digit decimals (300 x 300 pairs, 4.0 MB) within 48 MiB (it needs
# 24-32 MiB; the loader with an arena tree needed 56-64 MiB: a compiled expression for
# each decimal that does not write back as its own text).
python3 - "$tmp/bmd.yaml" <<'PY'
import sys
m = 300
with open(sys.argv[1], "w") as f:
    f.write("kind: bimatrix\nplayers:\n")
    for p in "ab":
        f.write("  - {name: %s, strategies: [%s]}\n" % (p.upper(), ", ".join("%s%d" % (p, i) for i in range(m))))
    f.write("payoffs:\n")
    for i in range(m):
        f.write("  - [" + ", ".join("[0.%017d, -0.%017d]" % (10**16 + 7919 * (i * m + j), 10**16 + 104729 * (i + 3 * j)) for j in range(m)) + "]\n")
PY
run_limited $((48 * 1024)) check "$tmp/bmd.yaml"
expect_code 0 "4.0 MB bimatrix of decimals under 48 MiB"

# Peak resident memory of `check` (GNU time's %M, KiB; skipped where /usr/bin/time is
# missing) within 4 x the file + the game (24 bytes a payoff: a double and an exact rational)
# above the process's own peak on a one-cell model (libraries, CLI: about 5 MiB). Measured:
# the 4.0 MB decimals 17 MiB against 25 MiB; the 3.9 MB small integers 36 MiB against 42 MiB
# (with 24-byte tree nodes, main at d74ab02, 46.7 MiB: this check fails there).
# peak_kib FILE: prints the peak RSS of `check FILE` in KiB, nothing if the check failed.
peak_kib() {
    /usr/bin/time -f '%M' -o "$tmp/rss" "$MPOL" check "$1" >/dev/null 2>&1 && cat "$tmp/rss"
}
# expect_peak FILE BOUND_KIB WHAT
expect_peak() {
    local peak
    peak=$(peak_kib "$1")
    checks=$((checks + 1))
    if [ -z "$peak" ] || [ "$peak" -gt "$2" ]; then
        echo "FAIL: $3: peak RSS ${peak:-?} KiB, bound $2 KiB"
        fails=$((fails + 1))
    fi
}
if [ "$sanitized" -eq 0 ] && [ -x /usr/bin/time ]; then
    cat >"$tmp/one.yaml" <<'Y'
kind: bimatrix
players:
  - {name: A, strategies: [a]}
  - {name: B, strategies: [b]}
payoffs:
  - [[1, 2]]
Y
    base=$(peak_kib "$tmp/one.yaml")
    base=${base:-0}
    size=$(wc -c <"$tmp/bmd.yaml")
    expect_peak "$tmp/bmd.yaml" $((base + (4 * size + 24 * 2 * 300 * 300) / 1024)) \
        "4.0 MB of decimals within 4 x file + game"
    size=$(wc -c <"$tmp/bm.yaml")
    expect_peak "$tmp/bm.yaml" $((base + (4 * size + 24 * 2 * 700 * 700) / 1024)) \
        "3.9 MB of small integers within 4 x file + game"
fi

# An unknown top-level key near the top of that file is refused before the payoffs are read:
# within 64 MiB (the old loader built the whole tree first: about 200 MiB here).
sed '1a bogus: 1' "$tmp/bm.yaml" >"$tmp/bogus.yaml"
run_limited $((64 * 1024)) check "$tmp/bogus.yaml"
expect_code 2 "unknown key in a big file"
expect_err_exact "$tmp/bogus.yaml:2:1: unknown key \"bogus\" in the model" \
    "unknown key message"

# A Gambit .nfg file declaring 2^20 profiles x 20 players with a 2 MB body of 2^20 payoffs:
# refused before the 480 MiB game is allocated (within 128 MiB).
python3 - "$tmp/short.nfg" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('NFG 1 R "t" { %s } { %s }\n' % (" ".join('"P%d"' % i for i in range(20)), " ".join(["2"] * 20)))
    f.write("1 " * (1 << 20) + "\n")
PY
run_limited $((128 * 1024)) check "$tmp/short.nfg"
expect_code 2 "nfg body shorter than its payoffs"
expect_err "short.nfg:2:1: 1048576 strategy profiles x 20 players need more payoffs than the rest of the file can hold" \
    "nfg message"

finish

#!/usr/bin/env bash
# CLI --limit NAME=VALUE: the process-wide limits of common.h, set before the command; a
# refusal exits 1 with a message naming the limit, a bad spec is a usage error (2).
. "$(dirname "$0")/lib.sh"

m="$MPOL_SRC/models/kazakhstan/hedging.yaml"
run --help; expect_code 0 "--help"; expect_out '^  tu-bytes +bytes of one TU table' "help lists tu-bytes"
expect_out '^  sweep-points .*default 100000000' "help gives the default"

# Sweeps: 11 points refused under 10, run under 11 (both spellings).
run --limit sweep-points=10 sweep "$m" --param ru_pressure=0:1:11 -o "$tmp/a.csv" --quiet
expect_code 1 "sweep above the limit"
expect_err '11 grid points exceed the sweep-points limit of 10' "sweep message"
expect_err -- '--limit sweep-points=VALUE' "message says how to raise it"
[ ! -e "$tmp/a.csv" ] && ok || bad "refused sweep wrote output"
run --limit=sweep-points=11 sweep "$m" --param ru_pressure=0:1:11 -o "$tmp/a.csv" --quiet
expect_code 0 "sweep at the limit"
[ "$(wc -l <"$tmp/a.csv")" -eq 12 ] && ok || bad "11 rows and a header"

# Games: 8x8.nfg has 8 x 8 x 2 = 128 payoff cells; several --limit flags, last one wins.
g="$MPOL_SHARED/reference/gambit-games/contrib/games/8x8.nfg"
if [ -f "$g" ]; then
    run --limit game-cells=127 solve "$g"; expect_code 1 "game above game-cells"
    expect_err 'game-cells' "game message"
    run --limit game-cells=127 --limit game-cells=1Ki solve "$g"; expect_code 0 "raised again"
fi

# Bimatrix enumeration (--method enum: the .efg tree's reduced strategic form): e16.efg
# (24 x 24, 624 extreme equilibria) stops with exit 1 at a
# lowered bimatrix-bytes, inside an address-space cap of 512 MiB; solved at 1 MiB.
run --help; expect_out '^  bimatrix-bytes .*default 2147483648' "help lists bimatrix-bytes"
g="$MPOL_SHARED/reference/gambit-games/contrib/games/e16.efg"
if [ -f "$g" ]; then
    # (no address-space cap where the binary cannot start under one: AddressSanitizer's shadow)
    cap=524288; (ulimit -v $cap; "$MPOL" --version >/dev/null 2>&1) || cap=unlimited
    code=$( (ulimit -v $cap; "$MPOL" --limit bimatrix-bytes=64Ki solve "$g" --method enum >"$tmp/out" 2>"$tmp/err"; echo $?) )
    expect_code 1 "enumeration above bimatrix-bytes"
    expect_err 'would exceed the bimatrix-bytes limit of 64 KiB; stopped' "bimatrix-bytes message"
    expect_err -- '--limit bimatrix-bytes=VALUE' "message says how to raise it"
    run --limit bimatrix-bytes=1Mi solve "$g" --method enum; expect_code 0 "enumeration within bimatrix-bytes"
    expect_out '624 equilibria' "e16 solved"
fi

# Model files: hedging.yaml is 4 x 4 = 16 strategy profiles.
run --limit model-cells=15 solve "$m"; expect_code 1 "model above model-cells"
expect_err 'hedging.yaml:[0-9]+:[0-9]+: more than 15 strategy profiles \(the model-cells limit' "model message"
run --limit model-cells=16 solve "$m"; expect_code 0 "model at the limit"

# Usage errors.
run --limit; expect_code 2 "no spec"; expect_err 'needs NAME=VALUE' "no spec message"
run --limit nosuch=1 solve; expect_code 2 "unknown name"; expect_err 'unknown limit "nosuch"' "names"
run --limit tu-bytes=12Q solve; expect_code 2 "bad suffix"; expect_err 'unknown suffix' "suffix"
run --limit tu-bytes=2Gi; expect_code 2 "no command after the limit"
finish

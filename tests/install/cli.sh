#!/usr/bin/env bash
# The installed CLI finds its default model from its own prefix (../share/multipolar/models
# beside the executable), also after the tree is moved; the build tree's binary finds it
# through BUILD/models; MULTIPOLAR_MODELS overrides both.
. "$(dirname "$0")/lib.sh"
unset MULTIPOLAR_MODELS
cd "$tmp" # no models/ here
solve_ok() { # BINARY: solves the default model, verified, from the expected folder
    "$1" solve >"$tmp/out" 2>"$tmp/err" && grep -q '^Kazakhstan hedging' "$tmp/out" &&
        grep -q 'VERIFIED' "$tmp/out" && grep -qF "model: $2/kazakhstan/hedging.yaml" "$tmp/out"
}
check "installed: multipolar solve (no model)" solve_ok "$MPOL_PREFIX/bin/multipolar" \
    "$(realpath "$MPOL_PREFIX")/share/multipolar/models"
cp -a "$MPOL_PREFIX" "$tmp/moved"
check "moved tree: multipolar solve (no model)" solve_ok "$tmp/moved/bin/multipolar" \
    "$tmp/moved/share/multipolar/models"
check "build tree: multipolar solve (no model)" solve_ok "$MPOL_BUILD/multipolar" \
    "$(realpath "$MPOL_SRC")/models"
mkdir -p "$tmp/mine/kazakhstan"
cp "$MPOL_SRC/models/kazakhstan/hedging.yaml" "$tmp/mine/kazakhstan/"
check "MULTIPOLAR_MODELS" env MULTIPOLAR_MODELS="$tmp/mine" bash -c \
    "$(declare -f solve_ok); solve_ok '$MPOL_PREFIX/bin/multipolar' '$tmp/mine'"
MULTIPOLAR_MODELS=$tmp/none "$MPOL_PREFIX/bin/multipolar" solve >"$tmp/out" 2>"$tmp/err"
code=$?
[ $code -eq 2 ] && grep -qF "$tmp/none/kazakhstan/hedging.yaml" "$tmp/err" && ok ||
    bad "a wrong MULTIPOLAR_MODELS: exit $code, $(cat "$tmp/err")"
check "installed: solve a bundled model by path" "$MPOL_PREFIX/bin/multipolar" solve \
    "$MPOL_PREFIX/share/multipolar/models/kazakhstan/trade_security.yaml" --exact
check "installed man pages render" man -l -Tutf8 "$MPOL_PREFIX/share/man/man1/multipolar.1"
finish

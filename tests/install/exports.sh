#!/usr/bin/env bash
# libmultipolar.so exports exactly the functions the public headers declare MPOL_API: no
# internal mpol_i_* (hidden visibility plus solver/libmultipolar.map), nothing else.
. "$(dirname "$0")/lib.sh"
nm -D --defined-only "$MPOL_SHLIB" | awk '{print $3}' | sort >"$tmp/exported"
cat "$MPOL_SRC"/solver/include/multipolar/*.h | tr '\n' ' ' | grep -oE 'MPOL_API[^;(]*\(' |
    grep -oE 'mpol_[A-Za-z0-9_]+ *\($' | tr -d ' (' | sort -u >"$tmp/declared"
[ -s "$tmp/declared" ] && ok || bad "no MPOL_API declarations found"
if diff "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then ok; else
    bad "exports differ from the MPOL_API declarations (< declared only, > exported only):"
    head -40 "$tmp/diff" >&2
fi
! grep -q '^mpol_i_' "$tmp/exported" && ok || bad "internal symbols exported: $(grep '^mpol_i_' "$tmp/exported" | head -5)"
# Every declaration in a public header is MPOL_API.
if grep -nE '^[A-Za-z_].*\bmpol_[a-z0-9_]+\(' "$MPOL_SRC"/solver/include/multipolar/*.h |
    grep -v 'MPOL_API\|typedef' >"$tmp/plain"; then
    bad "public declarations without MPOL_API:"; head "$tmp/plain" >&2
else ok; fi
echo "exported: $(wc -l <"$tmp/exported") functions"
finish

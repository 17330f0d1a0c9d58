# Helpers for the install tests: source this file. The environment (tests/install/CMakeLists.txt):
# MPOL_SRC source root, MPOL_BUILD build tree, MPOL_PREFIX the test install prefix,
# MPOL_LIBDIR (lib or lib/<multiarch>), MPOL_SOVERSION, CMAKE and CPACK (the commands),
# MPOL_CC (the C compiler), MPOL_SHLIB (the built libmultipolar.so).
set -u
fails=0
checks=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { checks=$((checks + 1)); }
bad() {
    checks=$((checks + 1)); fails=$((fails + 1))
    echo "FAIL: $*" >&2
}
# check DESCRIPTION CMD...: runs CMD (output to $tmp/log), counts it as passed if it succeeds.
check() {
    local what=$1; shift
    if "$@" >"$tmp/log" 2>&1; then ok; else bad "$what"; sed 's/^/    /' "$tmp/log" | tail -25 >&2; fi
}
finish() {
    echo "$((checks - fails)) passed, $fails failed"
    [ "$fails" -eq 0 ]
}

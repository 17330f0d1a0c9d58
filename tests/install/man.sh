#!/usr/bin/env bash
# The man pages render without a groff warning (groff -man -ww), and multipolar(1) names
# every command of solver/cli/main.c and every long option of the CLI's getopt tables.
. "$(dirname "$0")/lib.sh"
for page in "$MPOL_SRC/man/multipolar.1" "$MPOL_SRC/man/multipolar-model.5"; do
    groff -man -Tutf8 -ww -z "$page" 2>"$tmp/warn"
    code=$?
    [ $code -eq 0 ] && [ ! -s "$tmp/warn" ] && ok ||
        { bad "groff warns on $page (exit $code):"; head "$tmp/warn" >&2; }
    if command -v man >/dev/null; then
        LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>"$tmp/warn" >/dev/null
        [ ! -s "$tmp/warn" ] && ok || { bad "man --warnings on $page:"; head "$tmp/warn" >&2; }
    fi
done
page=$MPOL_SRC/man/multipolar.1
# The text as rendered (hyphens plain), to look the names up in.
LC_ALL=C.UTF-8 groff -man -Tascii -P-cbou "$page" 2>/dev/null >"$tmp/text"
grep -ohE '^ *\{"[a-z]+", cmd_' "$MPOL_SRC"/solver/cli/main.c | grep -oE '"[a-z]+"' | tr -d '"' >"$tmp/cmds"
[ -s "$tmp/cmds" ] && ok || bad "no command table found in solver/cli/main.c"
while read -r c; do
    grep -qE "^ *multipolar $c( |$)" "$tmp/text" && ok || bad "multipolar(1) has no section for '$c'"
done <"$tmp/cmds"
grep -ohE '\{"[a-z][a-z-]*", *(no|required|optional)_argument' "$MPOL_SRC"/solver/cli/*.c |
    grep -oE '"[a-z-]+"' | tr -d '"' | sort -u >"$tmp/opts"
[ -s "$tmp/opts" ] && ok || bad "no long options found in solver/cli"
while read -r o; do
    grep -qE -- "--$o([^a-z-]|$)" "$tmp/text" && ok || bad "multipolar(1) does not document --$o"
done <"$tmp/opts"
echo "documented: $(wc -l <"$tmp/cmds") commands, $(wc -l <"$tmp/opts") long options"
finish

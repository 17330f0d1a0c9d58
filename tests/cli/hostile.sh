#!/usr/bin/env bash
# The table-driven hostile-input suite (docs/hardening.md): every line of tests/cli/hostile.tsv
#   id <TAB> command line <TAB> exit code <TAB> stderr regex [<TAB> stdout regex]
# runs `multipolar <command line>` (shell words; $D is tests/cli/data/hostile, $T a scratch
# folder with generated inputs, $MODELS the bundled models; "(none)": no arguments) and asserts, besides the exit
# code and the regexes (grep -E), the message rule of every failure: the first line of
# stderr is "FILE:LINE:COL: ..." or "multipolar[ CMD]: ...", no line names a library symbol
# (no "mpol_"), and nothing crashed (no signal, no sanitizer report, no timeout).
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
table=tests/cli/hostile.tsv
D=tests/cli/data/hostile
MODELS=models
T=$tmp/gen
mkdir -p "$T"

# ---- generated inputs: empty files, binary garbage, directories, long lines ----
for ext in yaml nfg efg tu txt csv; do
    : >"$T/empty.$ext"
    # fixed "random" bytes: an ELF-like header, NULs, high bytes, stray quotes and braces
    printf '\177ELF\002\001\001\000\000\000\377\376{"\000\n\211PNG\r\n\032\n\000\000\000\rIHDR}\377%%s%%n\n' >"$T/garbage.$ext"
    mkdir -p "$T/dir.$ext"
done
printf 'title: nul\000 inside\nkind: tu\n' >"$T/nul.yaml"
printf 'title: bom\nkind: tu\nplayers: [A]\nvalues: {A: 1}\n' | sed '1s/^/\xef\xbb\xbf/' >"$T/bom.yaml"
{ printf '3\n'; head -c 5000 /dev/zero | tr '\0' '1'; printf '\n'; } >"$T/long.csv"
{ printf 'title: deep\nkind: tu\nplayers: '; head -c 3000 /dev/zero | tr '\0' '['; printf '\n'; } >"$T/deep.yaml"
printf 'NFG 1 R "x" { "P1" "P2" } { 99999999999999999999 2 }\n' >"$T/overflow.nfg"

sanitizer='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|Segmentation fault|core dumped|Assertion .* failed'
rule='^(multipolar( [a-z]+)?( \(rank [0-9]+\))?: |[^ :][^:]*:[0-9]+:[0-9]+: )'
ncases=0
ids=" "
while IFS=$'\t' read -r id cmdline want errre outre || [ -n "$id" ]; do
    case "$id" in '' | '#'*) continue ;; esac
    ncases=$((ncases + 1))
    case "$ids" in *" $id "*) bad "$id: duplicate case id" ;; esac
    ids="$ids$id "
    if [ "$cmdline" = "(none)" ]; then set --; else eval "set -- $cmdline"; fi
    timeout 120 "$MPOL" "$@" >"$tmp/out" 2>"$tmp/err"
    code=$?
    if [ "$code" -ge 124 ]; then
        bad "$id: multipolar $cmdline: killed or timed out (exit $code)"
        continue
    fi
    [ "$code" -eq "$want" ] && ok || bad "$id: multipolar $cmdline: exit $code, expected $want"
    if [ -n "$errre" ] && [ "$errre" != "-" ]; then
        grep -qE -- "$errre" "$tmp/err" && ok || bad "$id: stderr lacks /$errre/"
    fi
    if [ -n "${outre:-}" ]; then
        grep -qE -- "$outre" "$tmp/out" && ok || bad "$id: stdout lacks /$outre/"
    fi
    if [ "$code" -ne 0 ]; then
        head -1 "$tmp/err" | grep -qE -- "$rule" && ok ||
            bad "$id: first line of stderr is neither FILE:LINE:COL: nor 'multipolar CMD:'"
    fi
    grep -qi 'mpol_' "$tmp/err" && bad "$id: stderr names a library symbol (mpol_)" || ok
    grep -qE -- "$sanitizer" "$tmp/err" && bad "$id: crash or sanitizer report" || ok
done <"$table"
echo "hostile: $ncases cases"
[ "$ncases" -ge 150 ] && ok || bad "only $ncases cases in $table (at least 150)"
finish

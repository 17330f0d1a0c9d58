#!/usr/bin/env bash
# Output files and standard output: every write checked (a full device fails with exit 1 and
# "NAME: No space left on device"), files replaced atomically (an old file survives a failed
# write, no temporary is left), unwritable paths refused before the work, and SIGINT/SIGTERM
# while sweeping or writing removing the temporary and ending with the signal's status.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"
# (print_suppressions=0: the exact stderr checks below stay exact under ASan.)
export LSAN_OPTIONS="suppressions=$MPOL_SRC/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
m=models/kazakhstan/hedging.yaml
small="--param ru_pressure=0:1:11 --quiet"
d="$tmp/d"
mkdir "$d"

# only_files DIR NAME...: DIR holds exactly these names (no temporary, nothing else).
only_files() {
    local dir=$1; shift
    [ "$(cd "$dir" && ls -A | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" ]
}
now_ms() { date +%s%3N; }

# ---- a full device: every command, every kind of output ----
# The convert and --plot targets need a suffix: links named .nfg/.yaml/.svg/.png to /dev/full.
for f in full.nfg full.yaml full.svg full.png; do ln -s /dev/full "$d/$f"; done
full='No space left on device'
"$MPOL" solve >/dev/full 2>"$tmp/err"; code=$?
expect_code 1 "solve to a full stdout"
expect_err_exact "multipolar solve: standard output: $full" "solve names stdout and the reason"
"$MPOL" solve --format json >/dev/full 2>"$tmp/err"; code=$?
expect_code 1 "solve --format json to a full stdout"
expect_err "^multipolar solve: standard output: $full\$" "solve json"
"$MPOL" check $m >/dev/full 2>"$tmp/err"; code=$?
expect_code 1 "check to a full stdout"
expect_err_exact "multipolar check: standard output: $full" "check names stdout"
"$MPOL" --help >/dev/full 2>"$tmp/err"; code=$?
expect_code 1 "--help to a full stdout"
"$MPOL" sweep $m $small >/dev/full 2>"$tmp/err"; code=$?
expect_code 1 "sweep rows to a full stdout"
expect_err_exact "multipolar sweep: standard output: $full" "sweep names stdout once"
run sweep $m $small -o /dev/full
expect_code 1 "sweep -o /dev/full"
expect_err_exact "multipolar sweep: /dev/full: $full" "sweep -o names the file"
run sweep $m $small -o /dev/full --format json
expect_code 1 "sweep -o /dev/full --format json"
expect_err_exact "multipolar sweep: /dev/full: $full" "sweep json names the file"
"$MPOL" sweep $m $small -o "$d/ok.csv" >/dev/full 2>"$tmp/err"; code=$?
expect_code 1 "sweep regime table to a full stdout"
expect_err "^multipolar sweep: standard output: $full\$" "the regime table's stdout"
rm -f "$d/ok.csv"
for p in svg png; do
    run sweep $m $small -o "$d/ok.csv" --plot "$d/full.$p"
    expect_code 1 "--plot to a full device ($p)"
    expect_err_exact "multipolar sweep: $d/full.$p: $full" "--plot $p names the file"
    rm -f "$d/ok.csv"
done
for f in full.nfg full.yaml; do
    run convert $m -o "$d/$f"
    expect_code 1 "convert -o $f on a full device"
    expect_err_exact "multipolar convert: $d/$f: $full" "convert names $f"
done
"$MPOL" convert $m -o - >/dev/full 2>"$tmp/err"; code=$?
expect_code 1 "convert -o - to a full stdout"
expect_err_exact "multipolar convert: standard output: $full" "convert names stdout"
# A closed standard output is a failure too, not silence.
"$MPOL" solve >&- 2>"$tmp/err"; code=$?
expect_code 1 "solve with stdout closed"
expect_err "^multipolar solve: standard output: Bad file descriptor\$" "closed stdout"
rm -f "$d"/full.*

# ---- atomic replacement: a write that fails (file size limit: EFBIG) keeps the old file ----
# SIGXFSZ ignored (inherited), so the write fails with "File too large" instead of killing.
limited() { (trap '' XFSZ; ulimit -f 4; "$MPOL" "$@" >"$tmp/out" 2>"$tmp/err"); code=$?; }
printf 'old csv\n' >"$d/x.csv"; cp "$d/x.csv" "$tmp/x.old"
limited sweep $m --quiet -o "$d/x.csv"
expect_code 1 "sweep -o over the size limit"
expect_err_exact "multipolar sweep: $d/x.csv: File too large" "the reason of the failed write"
cmp -s "$d/x.csv" "$tmp/x.old" && ok || bad "the old CSV was not kept"
only_files "$d" x.csv && ok || bad "a temporary was left: $(ls -A "$d")"
limited sweep $m --quiet -o "$d/x.csv" --format json
expect_code 1 "sweep json over the size limit"
cmp -s "$d/x.csv" "$tmp/x.old" && ok || bad "the old file was not kept (json)"
printf 'old svg\n' >"$d/p.svg"; cp "$d/p.svg" "$tmp/p.old"
limited sweep $m --quiet -o "$d/y.csv" --param ru_pressure=0:1:3 --plot "$d/p.svg"
expect_code 1 "--plot over the size limit"
expect_err_exact "multipolar sweep: $d/p.svg: File too large" "the plot's failed write"
cmp -s "$d/p.svg" "$tmp/p.old" && ok || bad "the old plot was not kept"
printf 'old nfg\n' >"$d/g.nfg"; chmod 640 "$d/g.nfg"; cp "$d/g.nfg" "$tmp/g.old"
(trap '' XFSZ; ulimit -f 0; "$MPOL" convert $m -o "$d/g.nfg" >"$tmp/out" 2>"$tmp/err"); code=$?
expect_code 1 "convert over the size limit"
cmp -s "$d/g.nfg" "$tmp/g.old" && ok || bad "the old .nfg was not kept"
only_files "$d" x.csv y.csv p.svg g.nfg && ok || bad "temporaries left: $(ls -A "$d")"
rm -f "$d/y.csv"
# A successful write replaces the file, keeps its mode, leaves no temporary; a symbolic link
# stays a link and its target is replaced.
run convert $m -o "$d/g.nfg"
expect_code 0 "convert over an old file"
head -1 "$d/g.nfg" | grep -q '^NFG 1 R' && ok || bad "the new .nfg"
[ "$(stat -c %a "$d/g.nfg")" = 640 ] && ok || bad "the file's mode was not kept"
ln -s g.nfg "$d/link.nfg"
run convert models/examples/rps.yaml -o "$d/link.nfg"
expect_code 0 "convert through a link"
[ -L "$d/link.nfg" ] && grep -q 'Rock' "$d/g.nfg" && ok || bad "the link's target was not replaced"
only_files "$d" x.csv p.svg g.nfg link.nfg && ok || bad "temporaries left: $(ls -A "$d")"
# A name too long to take the temporary's suffix (250 of NAME_MAX's 255) still works.
long=$(printf 'n%.0s' $(seq 1 246)).nfg
run convert $m -o "$d/$long"
expect_code 0 "a 250-character file name"
only_files "$d" x.csv p.svg g.nfg link.nfg "$long" && ok || bad "long name: $(ls -A "$d")"
rm -f "$d"/*

# A FIFO and /dev/stdout are written in place (no temporary beside them, the FIFO stays one).
mkfifo "$d/fifo.csv"
cat "$d/fifo.csv" >"$tmp/fifo.out" &
run sweep $m $small -o "$d/fifo.csv"
wait $!
expect_code 0 "sweep -o a FIFO"
[ "$(wc -l <"$tmp/fifo.out")" -eq 12 ] && [ -p "$d/fifo.csv" ] && ok || bad "rows through the FIFO"
"$MPOL" sweep $m $small -o /dev/stdout 2>/dev/null | grep -c '^[0-9.]*,' >"$tmp/n"
[ "$(cat "$tmp/n")" -eq 11 ] && ok || bad "sweep -o /dev/stdout into a pipe"
only_files "$d" fifo.csv && ok || bad "FIFO: left behind: $(ls -A "$d")"
rm -f "$d"/*

# ---- unwritable paths are refused before the work (a large sweep: ~1 s of solving) ----
big="--param ru_pressure=0:1:1000 --param cn_leverage=0:1:1000 --no-refine --quiet"
refused_fast() { # EXPECTED-MESSAGE DESCRIPTION ARGS...
    local msg=$1 what=$2; shift 2
    local t0; t0=$(now_ms)
    run "$@"
    local ms=$(($(now_ms) - t0))
    expect_code 1 "$what"
    expect_err_exact "$msg" "$what: message"
    [ "$ms" -lt 400 ] && ok || bad "$what: refused after $ms ms, not before the work"
}
refused_fast "multipolar sweep: $d/no/x.csv: No such file or directory" "-o in a missing folder" \
    sweep $m $big -o "$d/no/x.csv"
refused_fast "multipolar sweep: $d/no/p.svg: No such file or directory" "--plot in a missing folder" \
    sweep $m $big -o "$d/x.csv" --plot "$d/no/p.svg"
mkdir "$d/dir.csv" "$d/dir.svg"
refused_fast "multipolar sweep: $d/dir.csv: Is a directory" "-o names a folder" \
    sweep $m $big -o "$d/dir.csv"
refused_fast "multipolar sweep: $d/dir.svg: Is a directory" "--plot names a folder" \
    sweep $m $big --plot "$d/dir.svg"
touch "$d/file"
refused_fast "multipolar sweep: $d/file/x.csv: Not a directory" "-o under a file" \
    sweep $m $big -o "$d/file/x.csv"
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$d/ro"; chmod 555 "$d/ro"
    refused_fast "multipolar sweep: $d/ro/x.csv: Permission denied" "-o in a read-only folder" \
        sweep $m $big -o "$d/ro/x.csv"
    refused_fast "multipolar sweep: $d/ro/p.png: Permission denied" "--plot in a read-only folder" \
        sweep $m $big --plot "$d/ro/p.png"
    chmod 755 "$d/ro"
elif ! touch /sys/mpol-probe 2>/dev/null; then
    # root writes through permission bits; /sys refuses new files even to root.
    reason=$( (: >/sys/x.csv) 2>&1 | sed 's/.*: //')
    refused_fast "multipolar sweep: /sys/x.csv: $reason" "-o where even root cannot create" \
        sweep $m $big -o /sys/x.csv
fi
refused_fast "multipolar convert: $d/no/g.nfg: No such file or directory" "convert -o in a missing folder" \
    convert $m -o "$d/no/g.nfg"
only_files "$d" dir.csv dir.svg file $([ -d "$d/ro" ] && echo ro) && ok || bad "the checks left files: $(ls -A "$d")"
rm -rf "${d:?}"/*

# ---- SIGINT/SIGTERM: the old file is untouched, no temporary remains, signal status ----
# Background jobs of a script ignore SIGINT unless job control is on (and an ignored signal
# stays ignored): set -m gives the sweep its own process group with SIGINT at its default.
set -m
old() { head -c 100000 /dev/urandom >"$d/big.json"; cp "$d/big.json" "$tmp/big.old"; }
interrupted() { # SIGNAL STATUS DESCRIPTION
    expect_code "$2" "$3: status 128 + signal"
    expect_err "^multipolar sweep: interrupted\$" "$3: message"
    cmp -s "$d/big.json" "$tmp/big.old" && ok || bad "$3: the old file changed"
    only_files "$d" big.json && ok || bad "$3: left behind: $(ls -A "$d")"
}
# While writing: wait for the temporary to appear and grow, stop the process there, send the
# signal, let it continue (the JSON of 200,000 points takes about a second to write).
write_args="sweep $m --param ru_pressure=0:1:500 --param cn_leverage=0:1:400 --no-refine --quiet --format json -o $d/big.json"
for sig in INT TERM; do
    old
    "$MPOL" $write_args >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    caught=0
    for _ in $(seq 1 20000); do
        t=$(compgen -G "$d/.big.json.*.tmp" | head -1)
        if [ -n "$t" ] && [ -s "$t" ]; then
            kill -STOP "$pid" && caught=1
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.001
    done
    if [ "$caught" = 1 ]; then
        [ -s "$t" ] && ok || bad "SIG$sig: no temporary while writing"
        kill -"$sig" "$pid"; kill -CONT "$pid"
    fi
    # wait also returns when the job stops (128 + SIGSTOP): wait for its end.
    wait "$pid"; code=$?
    while [ "$code" -eq $((128 + $(kill -l STOP))) ]; do wait "$pid"; code=$?; done
    [ "$caught" = 1 ] && ok || bad "SIG$sig: the sweep was not caught while writing (code $code)"
    [ "$sig" = INT ] && want=130 || want=143
    interrupted "$sig" "$want" "SIG$sig while writing"
done
# While solving (before any output exists): the same status and message, nothing written.
old
"$MPOL" sweep $m $big -o "$d/big.json" >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.3
kill -INT "$pid"
wait "$pid"; code=$?
interrupted INT 130 "SIGINT while solving"
set +m
finish

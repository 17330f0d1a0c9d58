#!/usr/bin/env bash
# `mpirun -n K multipolar sweep ...` writes the same bytes as the serial run (CSV and JSON,
# regime table), for K = 2 and 3, on grids whose slices do not fall on block boundaries.
# Run by ctest only when configured with -DMPOL_MPI=ON; $MPIEXEC is mpirun.
. "$MPOL_SRC/tests/cli/lib.sh"
cd "$MPOL_SRC"
mpi=("${MPIEXEC:-mpirun}" --oversubscribe)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)

# compare NAME ARGS...: serial vs 2 and 3 ranks.
compare() {
    local name=$1 ext=$2
    shift 2
    "$MPOL" sweep "$@" -o "$tmp/$name.serial.$ext" --quiet >"$tmp/$name.serial.txt" 2>&1
    [ $? -eq 0 ] && ok || bad "$name: serial run failed: $(cat "$tmp/$name.serial.txt")"
    for k in 2 3; do
        "${mpi[@]}" -n $k "$MPOL" sweep "$@" -o "$tmp/$name.$k.$ext" --quiet \
            >"$tmp/$name.$k.txt" 2>"$tmp/$name.$k.err"
        [ $? -eq 0 ] && ok || bad "$name: mpirun -n $k failed: $(head -5 "$tmp/$name.$k.err")"
        cmp -s "$tmp/$name.serial.$ext" "$tmp/$name.$k.$ext" && ok ||
            bad "$name: output of $k ranks differs from the serial run"
        grep -q "on $k MPI ranks" "$tmp/$name.$k.txt" && ok || bad "$name: not run on $k ranks"
        # The regime table is the same apart from the timing line.
        diff <(tail -n +2 "$tmp/$name.serial.txt") <(tail -n +2 "$tmp/$name.$k.txt") >/dev/null &&
            ok || bad "$name: regime table of $k ranks differs"
    done
}

m=models/kazakhstan/hedging.yaml
compare hedging csv $m --param ru_pressure=0:1:301 --param cn_leverage=0:1:7
compare hedging17 csv $m --param ru_pressure=0:1:700 --digits 17
compare hedgingjson json $m --param cn_leverage=0:1:613 --format json
compare voting csv models/power/five_percent.yaml --param quota_share=0.3:0.9:333
finish

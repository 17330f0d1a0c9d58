#!/usr/bin/env bash
# normal-form --all (support enumeration) estimates its work first and refuses above the
# limit at once, exit 1, the estimate in the message: 5 players x 4 strategies
# (9.3e10 units, hours) and 6 x 3 (9.3e9), 3 x 8 and 4 x 6 (above max_supports); 3 x 3 is
# solved.
. "$(dirname "$0")/lib.sh"

# game N S FILE: an N-player game, S strategies each, payoffs (37 k mod 100).
game() {
    awk -v n="$1" -v s="$2" 'BEGIN {
        printf "NFG 1 R \"g\" {"; for (i = 1; i <= n; i++) printf " \"P%d\"", i
        printf " } {"; for (i = 1; i <= n; i++) printf " %d", s; printf " }\n\n"
        c = n; for (i = 1; i <= n; i++) c *= s
        for (k = 0; k < c; k++) printf "%d ", (37 * k + k * k % 13) % 100; printf "\n" }' >"$3"
}
for shape in "5 4" "6 3"; do
    f="$tmp/g${shape// /x}.nfg"
    game $shape "$f"
    start=$(date +%s%N)
    run solve "$f" --all
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    expect_code 1 "$shape refused"
    expect_err '^multipolar solve: estimated work [0-9.e+]+ \([0-9]+ support profiles x 6 starts x [0-9]+ cells x [0-9]+ strategies; about [0-9]+ s at .* a second\) exceeds the limit of 2e\+09$' "$shape message"
    [ "$ms" -lt 5000 ] && ok || bad "$shape refusal took $ms ms"
done
expect_err 'estimated work 9.3e\+09 \(117649 support profiles' "6 x 3 estimate"
# 3 x 8 and 4 x 6: above max_supports (10^6 support profiles), also refused at once, exit 1,
# the work estimate in the message.
for shape in "3 8" "4 6"; do
    f="$tmp/g${shape// /x}.nfg"
    game $shape "$f"
    run solve "$f" --all
    expect_code 1 "$shape refused"
    expect_err '^multipolar solve: [0-9]+ support profiles exceed max_supports = 1000000 \(estimated work [0-9.e+]+, about [0-9]+ s at 1\.5e\+07 a second\)$' "$shape message"
done
game 3 3 "$tmp/g3.nfg"
run solve "$tmp/g3.nfg" --all; expect_code 0 "3 x 3 solved"
finish

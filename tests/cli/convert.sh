#!/usr/bin/env bash
# YAML -> .nfg -> YAML round trips keep the game: the solutions agree.
. "$(dirname "$0")/lib.sh"
cd "$MPOL_SRC"

value() { python3 -c 'import json,sys; print("%.12f" % json.load(open(sys.argv[1]))["value"])' "$1"; }

for m in models/kazakhstan/hedging.yaml models/examples/rps.yaml models/examples/matching_pennies.yaml; do
    run convert "$m" -o "$tmp/g.nfg"; expect_code 0 "convert $m to nfg"
    run convert "$tmp/g.nfg" -o "$tmp/g.yaml"; expect_code 0 "nfg back to yaml"
    "$MPOL" solve "$m" --format json >"$tmp/a.json" && "$MPOL" solve "$tmp/g.nfg" --format json >"$tmp/b.json" \
        && "$MPOL" solve "$tmp/g.yaml" --format json >"$tmp/c.json" && ok || bad "solve the three forms of $m"
    a=$(value "$tmp/a.json"); b=$(value "$tmp/b.json"); c=$(value "$tmp/c.json")
    [ "$a" = "$b" ] && [ "$b" = "$c" ] && ok || bad "values differ for $m: $a $b $c"
done
# outcome version and a parameter override
run convert models/kazakhstan/hedging.yaml -o "$tmp/o.nfg" --outcome --set ru_pressure=0.9
expect_code 0 "outcome version"
grep -q '^{ "" ' "$tmp/o.nfg" && ok || bad "outcome lines"
run convert models/kazakhstan/hedging.yaml -o "$tmp/x.txt"; expect_code 2 "unknown output type"
finish

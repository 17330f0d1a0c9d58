#!/usr/bin/env bash
# Static checks: clang-format (the tree must be formatted with .clang-format) and cppcheck
# (warning, performance and portability checks over the compile database, suppressions in
# .cppcheck-suppressions or inline "// cppcheck-suppress ID"). Exits 1 on any finding.
# Usage: scripts/lint.sh [--fix]   (--fix reformats the files in place instead of checking)
# Environment: MPOL_LINT_JOBS (cppcheck jobs, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
bdir=build-lint
status=0

mapfile -d '' files < <(find solver tests bench fuzz \( -name '*.c' -o -name '*.h' \) -type f -print0 |
    sort -z)
if [ "${1:-}" = --fix ]; then
    clang-format -i "${files[@]}"
    echo "lint: reformatted ${#files[@]} files"
    exit 0
fi

echo "== lint: clang-format ($(clang-format --version | grep -oE '[0-9]+\.[0-9.]+' | head -1)," \
    "${#files[@]} files)"
if ! clang-format --dry-run --Werror "${files[@]}" 2>"$bdir.format.log"; then
    grep -E '^[^ ].*: (error|warning):' "$bdir.format.log" | cut -d: -f1 | sort | uniq -c >&2
    head -40 "$bdir.format.log" >&2
    echo "lint: clang-format: the files above are not formatted; run scripts/lint.sh --fix" >&2
    status=1
fi
rm -f "$bdir.format.log"

echo "== lint: cppcheck ($(cppcheck --version))"
# The compile database of a clang configuration with the fuzz targets, so that fuzz/ is
# checked too; the library's second (fuzz) compilation is dropped as a duplicate.
cmake -S . -B "$bdir" -DCMAKE_C_COMPILER=clang -DMPOL_FUZZ=ON -DMPOL_BUILD_TESTS=ON \
    -DMPOL_BUILD_BENCH=ON >/dev/null
python3 - "$bdir" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/compile_commands.json"))
d = [e for e in d if "multipolar_fuzz.dir" not in e.get("output", e.get("command", ""))]
json.dump(d, open(sys.argv[1] + "/compile_commands.lint.json", "w"), indent=1)
PY
if ! cppcheck --project="$bdir/compile_commands.lint.json" --std=c11 -q \
    --enable=warning,performance,portability --inline-suppr \
    --suppressions-list=.cppcheck-suppressions --error-exitcode=1 \
    -j"${MPOL_LINT_JOBS:-2}" --cppcheck-build-dir="$bdir" \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]'; then
    echo "lint: cppcheck found problems (above); fix them or suppress with a reason" >&2
    status=1
fi
[ $status -eq 0 ] && echo "lint: clean"
exit $status

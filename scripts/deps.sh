#!/usr/bin/env bash
# Installs the Debian packages Multipolar needs to build and test (idempotent; runs apt
# only when something is missing). Usage: scripts/deps.sh [extra-package ...]
set -euo pipefail
pkgs=(build-essential cmake pkg-config libglpk-dev libgsl-dev libcmocka-dev libfyaml-dev libplplot-dev plplot-driver-cairo
      python3-cffi python3-numpy python3-pytest python3-dev python3-jsonschema python3-scipy
      libgmp-dev lrslib glpk-utils libopenmpi-dev openmpi-bin python3
      clang libclang-rt-dev libomp-dev valgrind clang-format cppcheck time
      groff-base man-db dpkg-dev file "$@")  # fuzz, memcheck, lint; time: peak-RSS checks;
# python3-jsonschema: the json_schema test (skipped without it); python3-scipy: HiGHS, the
# benchmarks' LP baseline; groff-base, man-db: the man page tests; dpkg-dev (dpkg-shlibdeps), file: cpack -G DEB
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "installing: ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

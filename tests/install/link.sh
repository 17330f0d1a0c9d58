#!/usr/bin/env bash
# An outside program (tests/install/consumer) built against the installed tree twice, with
# pkg-config and with find_package(multipolar), each run with the installed shared library;
# then linked statically, with pkg-config --static and with the package's static component.
. "$(dirname "$0")/lib.sh"
P=$MPOL_PREFIX C=$MPOL_SRC/tests/install/consumer
L=$(realpath "$MPOL_PREFIX/$MPOL_LIBDIR")
model=$P/share/multipolar/models/kazakhstan/hedging.yaml
F=${MPOL_CONSUMER_FLAGS:-} # -fsanitize=... in a sanitizer build
solves() { "$1" "$model" | grep -q 'value 0.66678.*verified 1 (libmultipolar '; }
uses_installed_so() { ldd "$1" | grep -q "libmultipolar.so.$MPOL_SOVERSION => $L/"; }
no_so() { ! ldd "$1" | grep -q libmultipolar; }

# Only our .pc file: linking the shared library needs no other (no libgsl-dev etc.).
export PKG_CONFIG_LIBDIR=$L/pkgconfig
check "pkg-config finds multipolar" pkg-config --exists --print-errors multipolar
check "pkg-config build" bash -c "$MPOL_CC $F -std=c11 -Wall -Wextra -Werror -o '$tmp/pc' \
    '$C/consumer.c' \$(pkg-config --cflags --libs multipolar)"
export LD_LIBRARY_PATH=$L
check "pkg-config build solves" solves "$tmp/pc"
check "pkg-config build loads the installed libmultipolar.so" uses_installed_so "$tmp/pc"
unset LD_LIBRARY_PATH
check "pkg-config --static build" bash -c "$MPOL_CC $F -std=c11 -o '$tmp/pcs' '$C/consumer.c' \
    \$(pkg-config --cflags multipolar) '$L/libmultipolar.a' \
    \$(pkg-config --static --libs multipolar | sed 's/-lmultipolar//')"
check "pkg-config --static build solves" solves "$tmp/pcs"
check "pkg-config --static build needs no libmultipolar.so" no_so "$tmp/pcs"
unset PKG_CONFIG_LIBDIR

check "find_package(multipolar) configure" "$CMAKE" -S "$C" -B "$tmp/cm" \
    -DCMAKE_PREFIX_PATH="$P" -DCMAKE_C_COMPILER="$MPOL_CC" -DCMAKE_C_FLAGS="$F"
check "find_package(multipolar) build" "$CMAKE" --build "$tmp/cm"
check "find_package build solves" solves "$tmp/cm/consumer"
check "find_package build loads the installed libmultipolar.so" uses_installed_so "$tmp/cm/consumer"
check "find_package(... COMPONENTS static) configure" "$CMAKE" -S "$C" -B "$tmp/cms" \
    -DCMAKE_PREFIX_PATH="$P" -DCMAKE_C_COMPILER="$MPOL_CC" -DCMAKE_C_FLAGS="$F" \
    -DMPOL_CONSUMER_STATIC=ON
check "static component build" "$CMAKE" --build "$tmp/cms"
check "static component build solves" solves "$tmp/cms/consumer"
check "static component build needs no libmultipolar.so" no_so "$tmp/cms/consumer"
finish

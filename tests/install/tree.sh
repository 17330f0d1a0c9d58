#!/usr/bin/env bash
# Fixture of the install tests: `cmake --install BUILD --prefix PREFIX` into a fresh prefix,
# and the tree it writes: libraries (versioned SONAME), headers, CLI, pkg-config and CMake
# files, man pages, models, docs.
. "$(dirname "$0")/lib.sh"
rm -rf "$MPOL_PREFIX"
check "cmake --install" "$CMAKE" --install "$MPOL_BUILD" --prefix "$MPOL_PREFIX"
P=$MPOL_PREFIX L=$MPOL_PREFIX/$MPOL_LIBDIR
for f in bin/multipolar include/multipolar.h include/multipolar/common.h include/multipolar/zerosum.h \
         "$MPOL_LIBDIR/libmultipolar.a" "$MPOL_LIBDIR/libmultipolar.so.$MPOL_SOVERSION" \
         "$MPOL_LIBDIR/pkgconfig/multipolar.pc" "$MPOL_LIBDIR/cmake/multipolar/multipolarConfig.cmake" \
         "$MPOL_LIBDIR/cmake/multipolar/multipolarConfigVersion.cmake" \
         "$MPOL_LIBDIR/cmake/multipolar/multipolarTargets.cmake" \
         "$MPOL_LIBDIR/cmake/multipolar/multipolarStaticTargets.cmake" \
         share/multipolar/models/kazakhstan/hedging.yaml share/man/man1/multipolar.1 \
         share/man/man5/multipolar-model.5 share/doc/multipolar/README.md \
         share/doc/multipolar/LICENSE share/doc/multipolar/model-format.md; do
    [ -e "$P/$f" ] && ok || bad "not installed: $f"
done
[ "$(ls "$MPOL_SRC"/solver/include/multipolar/*.h | wc -l)" = "$(ls "$P"/include/multipolar/*.h | wc -l)" ] \
    && ok || bad "not every public header is installed"
[ -L "$L/libmultipolar.so" ] && ok || bad "no libmultipolar.so link for -lmultipolar"
soname=$(objdump -p "$L/libmultipolar.so" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = "libmultipolar.so.$MPOL_SOVERSION" ] && ok || bad "SONAME is '$soname'"
# No private header and no build path in the tree.
[ -z "$(find "$P" -name '*_internal.h')" ] && ok || bad "a private header is installed"
! grep -rq "$MPOL_BUILD" "$L/pkgconfig" "$L/cmake" && ok || bad "the build path is in an installed file"
echo "installed: $(find "$P" -type f | wc -l) files, $(du -sk "$P" | cut -f1) KiB"
finish

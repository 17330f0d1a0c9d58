#!/usr/bin/env bash
# `cpack -G DEB` builds a package with its dependencies declared (dpkg-shlibdeps) that holds
# the CLI, both libraries, headers, pkg-config and CMake files, man pages, models and docs;
# unpacked anywhere (dpkg-deb -x, no root needed), its multipolar solves the default model.
# Installing it for real (dpkg -i, as root) is in README.md, "Installing".
. "$(dirname "$0")/lib.sh"
check "cpack -G DEB" "$CPACK" -G DEB -B "$tmp/pkg" --config "$MPOL_BUILD/CPackConfig.cmake"
deb=$(ls "$tmp"/pkg/multipolar_*.deb 2>/dev/null | head -1)
[ -f "$deb" ] && ok || { bad "no .deb written"; finish; exit; }
dpkg-deb -I "$deb" >"$tmp/info"
depends=$(sed -n 's/^ Depends: //p' "$tmp/info")
for lib in libc6 libglpk libgsl libfyaml libgmp libgomp libplplot; do
    grep -q "$lib" <<<"$depends" && ok || bad "Depends lacks $lib: $depends"
done
grep -q "^ Package: multipolar$" "$tmp/info" && ok || bad "package name"
dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/files"
for f in ./usr/bin/multipolar "./usr/lib/libmultipolar.so.$MPOL_SOVERSION" ./usr/lib/libmultipolar.a \
         ./usr/include/multipolar.h ./usr/lib/pkgconfig/multipolar.pc \
         ./usr/lib/cmake/multipolar/multipolarConfig.cmake ./usr/share/man/man1/multipolar.1 \
         ./usr/share/man/man5/multipolar-model.5 ./usr/share/multipolar/models/kazakhstan/hedging.yaml \
         ./usr/share/doc/multipolar/README.md; do
    grep -qxF "$f" "$tmp/files" && ok || bad "the package lacks $f"
done
dpkg-deb -x "$deb" "$tmp/root"
(cd "$tmp" && "$tmp/root/usr/bin/multipolar" solve >"$tmp/out" 2>&1)
grep -q VERIFIED "$tmp/out" && grep -qF "$tmp/root/usr/share/multipolar/models/" "$tmp/out" && ok ||
    { bad "the unpacked multipolar solve:"; head "$tmp/out" >&2; }
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes, $(wc -l <"$tmp/files") entries"
finish

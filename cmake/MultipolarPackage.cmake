# SPDX-License-Identifier: GPL-3.0-or-later
# CPack: `cd build && cpack -G DEB` writes multipolar_<version>_<arch>.deb, installing into
# /usr. Its Depends are computed by dpkg-shlibdeps from what the CLI and libmultipolar.so
# link (GLPK, GSL, libfyaml, GMP, PLplot, libgomp, libc); the development packages that
# `pkg-config multipolar` and the static library need are Recommends.
set(CPACK_PACKAGE_NAME multipolar)
set(CPACK_PACKAGE_VENDOR "Multipolar")
set(MPOL_PACKAGE_CONTACT "Multipolar maintainers <multipolar@localhost>" CACHE STRING
    "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${MPOL_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "coalition-formation and hedging games, solved and independently verified")
set(CPACK_PACKAGE_DESCRIPTION
    "Multipolar encodes coalition-formation and hedging games as linear and matrix games and \
solves them for equilibria and cooperative solutions, checking every answer independently. \
This package holds the multipolar command, libmultipolar (shared and static), its headers, \
pkg-config and CMake files, man pages, the Python package, the bundled models and the \
documentation.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# The -dev packages serve programs built against the library; python3-cffi and python3-numpy
# the Python package (python3 -c 'import multipolar').
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "libglpk-dev, libgsl-dev, libfyaml-dev, libgmp-dev, pkg-config, python3-cffi, python3-numpy")
include(CPack)

# SPDX-License-Identifier: GPL-3.0-or-later
# install(): the libraries, public headers, the CLI, man pages, the bundled models and the
# docs, laid out by GNUInstallDirs, with multipolar.pc and a relocatable CMake package
# (multipolarConfig.cmake, its version file and the exported targets). Try it with
#   cmake --install build --prefix /tmp/mp && /tmp/mp/bin/multipolar solve
include(CMakePackageConfigHelpers)
set(MPOL_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/multipolar)
set(MPOL_MODELS_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/multipolar/models)

install(TARGETS multipolar_shared EXPORT multipolarTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS multipolar EXPORT multipolarStaticTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS mpol_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/solver/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/ DESTINATION ${MPOL_MODELS_INSTALL_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
    DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/man/multipolar.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/man/multipolar-model.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)

# pkg-config: the prefix is relative to the .pc file, so --prefix at install time works.
file(RELATIVE_PATH MPOL_PC_UP /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
string(REGEX REPLACE "/$" "" MPOL_PC_UP "${MPOL_PC_UP}")
set(MPOL_PC_OPENMP "${OpenMP_C_FLAGS}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/multipolar.pc.in
    ${PROJECT_BINARY_DIR}/multipolar.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/multipolar.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(EXPORT multipolarTargets NAMESPACE multipolar:: DESTINATION ${MPOL_CMAKE_INSTALL_DIR})
install(EXPORT multipolarStaticTargets NAMESPACE multipolar:: DESTINATION ${MPOL_CMAKE_INSTALL_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/multipolarConfig.cmake.in
    ${PROJECT_BINARY_DIR}/multipolarConfig.cmake
    INSTALL_DESTINATION ${MPOL_CMAKE_INSTALL_DIR}
    PATH_VARS CMAKE_INSTALL_INCLUDEDIR MPOL_MODELS_INSTALL_DIR)
# 0.x: a minor version may break the API, so only the same minor version is compatible.
if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(MPOL_COMPAT SameMinorVersion)
else()
    set(MPOL_COMPAT SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/multipolarConfigVersion.cmake
    COMPATIBILITY ${MPOL_COMPAT})
install(FILES ${PROJECT_BINARY_DIR}/multipolarConfig.cmake
    ${PROJECT_BINARY_DIR}/multipolarConfigVersion.cmake
    ${PROJECT_SOURCE_DIR}/cmake/FindGLPK.cmake ${PROJECT_SOURCE_DIR}/cmake/FindGMP.cmake
    DESTINATION ${MPOL_CMAKE_INSTALL_DIR})

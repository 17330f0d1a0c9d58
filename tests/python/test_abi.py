# SPDX-License-Identifier: GPL-3.0-or-later
"""The cffi declarations (python/multipolar/_cdef.py, ABI mode) match the C headers: every
struct's size and every field's offset, as the C compiler lays them out, and the values of
the enums the package uses."""

import os
import shutil
import subprocess

import pytest

from multipolar._cdef import STRUCTS
from multipolar._lib import ffi, lib
from conftest import ROOT

ENUMS = ["MPOL_EVERIFY", "MPOL_SOLVED", "MPOL_ITER_LIMIT", "MPOL_EMPTY_CORE",
         "MPOL_MODEL_HEDONIC", "MPOL_ZS_DENSE", "MPOL_BIMATRIX_ONE", "MPOL_ALLOC_PROPORTIONAL",
         "MPOL_HEDONIC_RANKED", "MPOL_POWER_SHAPLEY_SHUBIK", "MPOL_CSG_DP",
         "MPOL_MODEL_REPEATED", "MPOL_MODEL_KIND_COUNT", "MPOL_TREE_QRE", "MPOL_TREE_SUBGAME",
         "MPOL_BAYES_TREE", "MPOL_SG_FICTITIOUS", "MPOL_STACKELBERG_WEAK"]


def test_layout_matches_headers(tmp_path):
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler")
    lines = ["#include <stddef.h>", "#include <stdio.h>", "#include <multipolar.h>",
             "int main(void) {"]
    expected = []
    for s in STRUCTS:
        lines.append('printf("%%zu\\n", sizeof(%s));' % s)
        expected.append(("sizeof", s, ffi.sizeof(s)))
        for name, field in ffi.typeof(s).fields:
            lines.append('printf("%%zu\\n", offsetof(%s, %s));' % (s, name))
            expected.append(("offsetof", s + "." + name, field.offset))
    for e in ENUMS:
        lines.append('printf("%%zu\\n", (size_t)%s);' % e)
        expected.append(("enum", e, getattr(lib, e)))
    lines.append("return 0; }")
    src, exe = tmp_path / "abi.c", tmp_path / "abi"
    src.write_text("\n".join(lines) + "\n")
    subprocess.run([cc, "-std=c11", "-I", os.path.join(ROOT, "solver", "include"), "-o",
                    str(exe), str(src)], check=True)
    got = subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout.split()
    assert len(got) == len(expected)
    wrong = [(what, name, want, int(g)) for (what, name, want), g in zip(expected, got)
             if int(g) != want]
    assert wrong == []

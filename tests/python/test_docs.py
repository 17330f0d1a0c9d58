# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the code blocks of docs/python.md, in order and in one namespace, from the
repository root: the walk-through through the Kazakhstan models stays true."""

import contextlib
import io
import os
import re

from conftest import ROOT


def blocks():
    text = open(os.path.join(ROOT, "docs", "python.md"), encoding="utf-8").read()
    return re.findall(r"^```python\n(.*?)^```$", text, re.S | re.M)


def test_doc_code_blocks_run(monkeypatch):
    code = blocks()
    assert len(code) >= 10
    monkeypatch.chdir(ROOT)
    namespace = {"__name__": "python_md"}
    out = io.StringIO()
    for k, block in enumerate(code):
        with contextlib.redirect_stdout(out):
            exec(compile(block, "docs/python.md block %d" % (k + 1), "exec"), namespace)
    assert "MPOL_EPARSE pennies.yaml 10 1" in out.getvalue()

# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared set-up of the Python package's tests: the package from <src>/python (unless
PYTHONPATH already provides it), the library from MPOL_LIBRARY (ctest sets both), the
CLI binary from MPOL_CLI (or the build tree)."""

import os
import shutil
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))


def model_path(*parts):
    return os.path.join(ROOT, "models", *parts)


def random_zero_sum(m, n, seed):
    """A random m x n zero-sum model (integer payoffs in [-50, 50]) as YAML text."""
    A = np.random.default_rng(seed).integers(-50, 51, size=(m, n))
    rows = "".join("  - [%s]\n" % ", ".join(map(str, r)) for r in A)
    return ("title: random %dx%d\nkind: zero-sum\nplayers:\n"
            "  - name: R\n    strategies: [%s]\n  - name: C\n    strategies: [%s]\n"
            "payoffs:\n%s" % (m, n, ", ".join("r%d" % i for i in range(m)),
                              ", ".join("c%d" % j for j in range(n)), rows))


@pytest.fixture
def cli():
    """The multipolar CLI binary, or skip."""
    path = os.environ.get("MPOL_CLI")
    for cand in [path, os.path.join(ROOT, "build", "multipolar"), shutil.which("multipolar")]:
        if cand and os.access(cand, os.X_OK):
            return cand
    pytest.skip("no multipolar binary (set MPOL_CLI)")

# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the package finds the library: MPOL_LIBRARY first, then a library beside the
package (the installed layout), and a clear ImportError when there is none."""

import os
import shutil
import subprocess
import sys

import multipolar as mp
from conftest import ROOT

PROBE = "import multipolar; print(multipolar.library_path); print(multipolar.version())"


def _run(env, path):
    env = dict(env, PYTHONPATH=path, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                          text=True, cwd="/")


def test_library_beside_the_package(tmp_path):
    shutil.copytree(os.path.join(ROOT, "python", "multipolar"), tmp_path / "multipolar",
                    ignore=shutil.ignore_patterns("__pycache__"))
    real = os.path.realpath(mp.library_path)
    os.symlink(real, tmp_path / "multipolar" / "libmultipolar.so.0.1")
    env = {k: v for k, v in os.environ.items() if k != "MPOL_LIBRARY"}
    r = _run(env, str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [str(tmp_path / "multipolar" / "libmultipolar.so.0.1"),
                                mp.version()]


def test_mpol_library_wins_and_a_bad_one_says_so(tmp_path):
    env = dict(os.environ, MPOL_LIBRARY=str(tmp_path / "nothing.so"))
    r = _run(env, os.path.join(ROOT, "python"))
    assert r.returncode != 0
    assert "ImportError" in r.stderr and "set MPOL_LIBRARY" in r.stderr
    assert "nothing.so" in r.stderr

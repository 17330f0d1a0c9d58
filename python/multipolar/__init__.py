# SPDX-License-Identifier: GPL-3.0-or-later
"""multipolar: Python bindings of libmultipolar (docs/python.md).

The names follow the C API one to one: mpol_model_load_file is Model.load_file,
mpol_zs_solve is zs_solve, mpol_tu_shapley is tu_shapley, mpol_sweep_run is sweep_run, and
so on; results are dicts with numpy arrays, carrying the library's own verification
(verified, max_error, regrets, gaps, core checks). Failures raise multipolar.Error.

The library is called through cffi, which releases the GIL for the duration of every C
call: threads that solve at the same time run in parallel.
"""

from ._lib import Error, VerifyError, ffi, lib, library_path
from ._model import KINDS, Model
from ._solve import (
    DEFAULT_METHOD, balance_analyse, balance_capability_range, bimatrix_enumerate,
    bimatrix_lemke_howson, bimatrix_one, bimatrix_solve_game, core_solve, csg_solve,
    hedonic_check_partition, hedonic_list_stable, hedonic_search, kohlberg_check, least_core,
    methods,
    nash_fictitious, nash_logit, nash_pure, nash_replicator, nash_simpdiv, nash_support_enum,
    nucleolus, power_banzhaf, power_shapley_shubik, prenucleolus, solve, tu_banzhaf,
    tu_myerson, tu_owen, tu_partition_core, tu_shapley, tu_tau, wvg_minimal_winning,
    wvg_veto_players, zs_all, zs_solve,
)
from ._kinds import bayes_solve, bsg_solve, model_tree, rg_solve, sg_solve, tree_solve
from ._sweep import sweep_run

__version__ = "0.1.0"


def version():
    """mpol_version: the version of the loaded library."""
    return ffi.string(lib.mpol_version()).decode()


def model_load_file(path):
    """mpol_model_load_file (= Model.load_file)."""
    return Model.load_file(path)


def model_load_string(text, name="<string>"):
    """mpol_model_load_string (= Model.load_string)."""
    return Model.load_string(text, name)


def limit_parse(spec):
    """mpol_limit_parse: sets a process-wide limit, e.g. "tu-bytes=1Gi"."""
    from ._lib import check
    check(lib.mpol_limit_parse(spec.encode()))


__all__ = [
    "Error", "VerifyError", "Model", "KINDS", "DEFAULT_METHOD", "version", "library_path",
    "model_load_file", "model_load_string", "limit_parse", "solve", "methods", "sweep_run",
    "zs_solve", "zs_all", "bimatrix_solve_game", "bimatrix_enumerate", "bimatrix_lemke_howson",
    "bimatrix_one", "nash_pure", "nash_logit", "nash_simpdiv", "nash_support_enum",
    "nash_replicator", "nash_fictitious", "tu_shapley", "tu_banzhaf", "tu_tau", "tu_owen",
    "tu_myerson", "core_solve", "least_core", "kohlberg_check", "nucleolus", "prenucleolus",
    "csg_solve",
    "tu_partition_core", "power_shapley_shubik", "power_banzhaf", "wvg_veto_players",
    "wvg_minimal_winning", "balance_analyse", "balance_capability_range", "hedonic_search",
    "hedonic_check_partition", "hedonic_list_stable", "tree_solve", "model_tree",
    "bayes_solve", "sg_solve", "rg_solve", "bsg_solve",
]

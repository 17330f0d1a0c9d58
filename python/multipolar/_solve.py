# SPDX-License-Identifier: GPL-3.0-or-later
"""The solvers of libmultipolar, one Python function per C function (mpol_zs_solve ->
multipolar.zs_solve, ...). Each takes a Model, evaluates it at its current parameters the
way the C caller would (mpol_model_game, mpol_model_tu, mpol_model_wvg,
mpol_hedonic_from_model), calls the solver and returns a dict: numbers as floats and ints,
vectors as numpy arrays, and the library's own verification (verified, max_error and the
module's check fields) copied from the result, never recomputed here.

Options are keyword arguments named as the fields of the C options struct (mpol_zs_opts'
``tol``, ``eliminate``, ...); an unknown keyword is a TypeError. A result that fails the
library's check (MPOL_EVERIFY with a result) raises VerifyError carrying the result.
"""

import weakref

import numpy as np

from ._lib import Error, VerifyError, check, ffi, last_error, lib, string
from ._model import (_game, _hedonic, _tu, _wvg, array, members, nan_to_none, require_kind,
                     strings)


# Arrays that pointer options (e.g. mpol_nash_replicator_opts.start) point into, kept alive
# as long as the options struct.
_KEEP = weakref.WeakKeyDictionary()


def _opts(ctype, init, kwargs):
    o = ffi.new(ctype + " *")
    init(o)
    fields = dict(ffi.typeof(ctype).fields)
    for key, value in kwargs.items():
        if key not in fields:
            raise TypeError("multipolar: unknown option %r for %s (options: %s)"
                            % (key, ctype, ", ".join(fields)))
        ftype = fields[key].type
        if isinstance(value, bool):
            value = int(value)
        elif ftype.kind == "pointer" and not isinstance(value, ffi.CData):
            value = ffi.new(ftype.item.cname + "[]", [float(v) for v in np.ravel(value)])
            _KEEP.setdefault(o, []).append(value)
        setattr(o, key, value)
    return o


def _run(ctype, free, call, convert):
    """Calls call(out) for a ``ctype **out`` and returns convert(*out), freeing it. An
    MPOL_EVERIFY with a result raises VerifyError with the converted result."""
    out = ffi.new(ctype + " **")
    try:
        st = call(out)
        if st == lib.MPOL_EVERIFY and out[0] != ffi.NULL:
            msg = last_error()
            raise VerifyError(st, msg, convert(out[0]))
        check(st)
        return convert(out[0])
    finally:
        if out[0] != ffi.NULL:
            free(out[0])


def _parse(parse, ctype, name):
    m = ffi.new(ctype + " *")
    check(parse(m, name.encode()))
    return m[0]


# ---------------------------------------------------------------- zero-sum (zerosum.h)

def _matrix(game):
    A = ffi.new("double **")
    check(lib.mpol_game_bimatrix(game, A, ffi.NULL))
    m, n = game.nstrategies[0], game.nstrategies[1]
    try:
        return A[0], m, n, array(A[0], m * n).reshape(m, n)
    except BaseException:
        lib.mpol_free(A[0])
        raise


def _zs_dict(r, game):
    c = r.check
    return {
        "players": strings(game.player_names, 2),
        "strategies": [strings(game.strategy_names[p], game.nstrategies[p]) for p in (0, 1)],
        "value": r.value,
        "x": array(r.x, r.m),
        "y": array(r.y, r.n),
        "row_dominated": array(r.row_dominated, r.m, np.uint8).astype(bool),
        "col_dominated": array(r.col_dominated, r.n, np.uint8).astype(bool),
        "rows_removed": r.rows_removed,
        "cols_removed": r.cols_removed,
        "method": string(lib.mpol_zs_method_name(r.method)),
        "iterations": r.iterations,
        "check": {
            "row_payoff_best": c.row_payoff_best, "col_payoff_best": c.col_payoff_best,
            "gap": c.gap, "row_regret": c.row_regret, "col_regret": c.col_regret,
            "simplex_error": c.simplex_error, "scale": c.scale, "ok": bool(c.ok),
        },
        "gap": c.gap,
        "regrets": np.array([c.row_regret, c.col_regret]),
        "verified": bool(r.verified),
        "max_error": r.max_error,
    }


def zs_solve(model, method="auto", **opts):
    """mpol_zs_solve on a zero-sum model: value, optimal strategies x and y, dominance
    flags and the independent check (duality gap, regrets). Options: eliminate (0 none,
    1 pure, 2 mixed), tol, max_iter; method: auto, glpk, simplex, oracle, dense."""
    require_kind(model, "zero-sum")
    o = _opts("mpol_zs_opts", lib.mpol_zs_opts_init, opts)
    o.method = _parse(lib.mpol_zs_method_parse, "mpol_zs_method", method)
    with _game(model) as g:
        A, m, n, _ = _matrix(g)
        try:
            return _run("mpol_zs_result", lib.mpol_zs_result_free,
                        lambda out: lib.mpol_zs_solve(out, A, m, n, o),
                        lambda r: _zs_dict(r, g))
        finally:
            lib.mpol_free(A)


def _zs_all_dict(r, game):
    c = r.check
    d = {
        "players": strings(game.player_names, 2),
        "strategies": [strings(game.strategy_names[p], game.nstrategies[p]) for p in (0, 1)],
        "value": r.value,
        "value_exact": string(r.value_exact),
        "xs": array(r.xs, r.nx * r.m).reshape(r.nx, r.m),
        "ys": array(r.ys, r.ny * r.n).reshape(r.ny, r.n),
        "dim_x": r.dim_x, "dim_y": r.dim_y, "bases_x": r.bases_x, "bases_y": r.bases_y,
        "exact": bool(r.exact),
        "check": {"value_spread": c.value_spread, "simplex_error": c.simplex_error,
                  "min_separation": c.min_separation, "tol_abs": c.tol_abs, "ok": bool(c.ok)},
        "verified": bool(r.verified),
        "max_error": r.max_error,
    }
    if r.exact:
        d["xs_exact"] = [strings(r.xs_exact + i * r.m, r.m) for i in range(r.nx)]
        d["ys_exact"] = [strings(r.ys_exact + j * r.n, r.n) for j in range(r.ny)]
    return d


def zs_all(model, **opts):
    """mpol_zs_all: every extreme optimal strategy of both players (xs, ys: one per row).
    Options: exact (GMP rebuild; the model's exact payoffs are used when it has them), tol,
    max_bases."""
    require_kind(model, "zero-sum")
    o = _opts("mpol_zs_all_opts", lib.mpol_zs_all_opts_init, opts)
    with _game(model) as g:
        A, m, n, _ = _matrix(g)
        exact = None
        if o.exact and g.exact != ffi.NULL:
            # zero-sum games store (a, -a) per cell; the row player's exact payoffs:
            exact = ffi.new("mpol_rational[]", m * n)
            for i in range(m):
                for j in range(n):
                    exact[i * n + j] = g.exact[(i + m * j) * 2]
            o.A_exact = exact
        try:
            return _run("mpol_zs_all_result", lib.mpol_zs_all_result_free,
                        lambda out: lib.mpol_zs_all(out, A, m, n, o),
                        lambda r: _zs_all_dict(r, g))
        finally:
            lib.mpol_free(A)


# ---------------------------------------------------------------- bimatrix (bimatrix.h)

def _bimatrix_dict(r, game):
    m, n = r.m, r.n
    eqs = []
    for k in range(r.neq):
        e = r.eq[k]
        d = {
            "x": array(e.x, m), "y": array(e.y, n),
            "payoffs": np.array([e.payoff_row, e.payoff_col]),
            "regrets": np.array([e.regret_row, e.regret_col]),
            "xvertex": e.xvertex, "yvertex": e.yvertex, "component": e.component,
            "labels": array(e.labels, e.nlabels, np.uintp).tolist(),
        }
        if r.exact:
            d["x_exact"] = strings(e.x_exact, m)
            d["y_exact"] = strings(e.y_exact, n)
            d["payoffs_exact"] = [string(e.payoff_row_exact), string(e.payoff_col_exact)]
        eqs.append(d)
    cliques = [{"xs": array(c.xs, c.nx, np.uintp).tolist(),
                "ys": array(c.ys, c.ny, np.uintp).tolist(), "component": c.component}
               for c in (r.cliques[i] for i in range(r.ncliques))]
    return {
        "players": strings(game.player_names, 2),
        "strategies": [strings(game.strategy_names[p], game.nstrategies[p]) for p in (0, 1)],
        "exact": bool(r.exact),
        "equilibria": eqs,
        "xvert": array(r.xvert, r.nxvert * m).reshape(r.nxvert, m),
        "yvert": array(r.yvert, r.nyvert * n).reshape(r.nyvert, n),
        "cliques": cliques,
        "ncomponents": r.ncomponents,
        "max_regret": r.max_regret,
        "tol_abs": r.tol_abs,
        "pivots": r.pivots,
        "bases": (r.bases_p, r.bases_q),
        "verified": bool(r.verified),
        "max_error": r.max_error,
    }


def bimatrix_solve_game(model, method="enum", **opts):
    """mpol_bimatrix_solve_game on a bimatrix (or zero-sum) model; method enum (every
    extreme equilibrium, with cliques), lh-all (Lemke-Howson from every label) or lh (one
    equilibrium). Options: exact, tol, max_bases, cliques, lh_label, max_pivots, threads.
    Each equilibrium carries the library's regrets and payoffs."""
    require_kind(model, "bimatrix", "zero-sum")
    o = _opts("mpol_bimatrix_opts", lib.mpol_bimatrix_opts_init, opts)
    meth = _parse(lib.mpol_bimatrix_method_parse, "mpol_bimatrix_method", method)
    with _game(model) as g:
        return _run("mpol_bimatrix_result", lib.mpol_bimatrix_result_free,
                    lambda out: lib.mpol_bimatrix_solve_game(out, g, meth, o),
                    lambda r: _bimatrix_dict(r, g))


def bimatrix_enumerate(model, **opts):
    """mpol_bimatrix_enumerate: all extreme Nash equilibria and the maximal Nash subsets."""
    return bimatrix_solve_game(model, "enum", **opts)


def bimatrix_lemke_howson(model, **opts):
    """mpol_bimatrix_lemke_howson: Lemke-Howson from every label (or lh_label)."""
    return bimatrix_solve_game(model, "lh-all", **opts)


def bimatrix_one(model, **opts):
    """mpol_bimatrix_one: one verified equilibrium, fast."""
    return bimatrix_solve_game(model, "lh", **opts)


# ---------------------------------------------------------------- n players (nash.h)

# The verdict is the library's (mpol_nash_verify: every profile's regret recomputed from the
# payoff table against tol relative to the payoff range), for every method; replicator and
# fictitious play may end away from an equilibrium, and then verified is False.
NASH_TOL = 1e-9


def _nash_dict(r, game, method, tol=NASH_TOL):
    n = game.nplayers
    sizes = [game.nstrategies[p] for p in range(n)]
    prob = array(r.prob, r.count * r.nstrat_total).reshape(r.count, r.nstrat_total)
    off = array(r.offset, n + 1, np.uintp)
    pay = array(r.payoff, r.count * n).reshape(r.count, n)
    reg = array(r.regret, r.count * n).reshape(r.count, n)
    mr = array(r.max_regret, r.count)
    pure = array(r.pure, r.count * n, np.uintp).reshape(r.count, n) if r.pure != ffi.NULL \
        else None
    names = [strings(game.strategy_names[p], sizes[p]) for p in range(n)]
    profiles = []
    for e in range(r.count):
        d = {
            "strategies": [prob[e, off[p]:off[p + 1]].copy() for p in range(n)],
            "payoffs": pay[e].copy(),
            "regrets": reg[e].copy(),
            "max_regret": float(mr[e]),
        }
        if pure is not None:
            d["pure"] = tuple(names[p][pure[e, p]] for p in range(n))
        profiles.append(d)
    verdict = ffi.new("mpol_nash_verdict *")
    check(lib.mpol_nash_verify(verdict, game, r, tol))
    outcomes = {lib.MPOL_SOLVED: "solved", lib.MPOL_ITER_LIMIT: "iteration-limit"}
    return {
        "players": strings(game.player_names, n),
        "strategies": names,
        "method": method,
        "profiles": profiles,
        "outcome": outcomes.get(r.outcome, str(r.outcome)),
        "steps": r.steps,
        "lambda": getattr(r, "lambda"),
        "max_regret": float(mr.max()) if r.count else 0.0,
        "verified": bool(verdict.verified),
        "max_error": float(verdict.max_error),
        "tolerance": float(verdict.tol_abs),
    }


def _nash(method, fn, ctype, init):
    def solver(model, **opts):
        require_kind(model, "normal-form", "bimatrix", "zero-sum")
        o = _opts(ctype, init, opts)
        with _game(model) as g:
            return _run("mpol_nash_result", lib.mpol_nash_result_free,
                        lambda out: fn(out, g, o), lambda r: _nash_dict(r, g, method))
    solver.__name__ = "nash_" + {"support": "support_enum"}.get(method, method)
    return solver


nash_pure = _nash("pure", lib.mpol_nash_pure, "mpol_nash_pure_opts", lib.mpol_nash_pure_opts_init)
nash_pure.__doc__ = "mpol_nash_pure: every pure equilibrium (profiles[i]['pure'] names them)."
nash_logit = _nash("logit", lib.mpol_nash_logit, "mpol_nash_logit_opts",
                   lib.mpol_nash_logit_opts_init)
nash_logit.__doc__ = "mpol_nash_logit: one equilibrium by the logit QRE homotopy."
nash_simpdiv = _nash("simpdiv", lib.mpol_nash_simpdiv, "mpol_nash_simpdiv_opts",
                     lib.mpol_nash_simpdiv_opts_init)
nash_simpdiv.__doc__ = "mpol_nash_simpdiv: one equilibrium by simplicial subdivision."
nash_support_enum = _nash("support", lib.mpol_nash_support_enum, "mpol_nash_support_opts",
                          lib.mpol_nash_support_opts_init)
nash_support_enum.__doc__ = "mpol_nash_support_enum: equilibria by support enumeration."
nash_replicator = _nash("replicator", lib.mpol_nash_replicator, "mpol_nash_replicator_opts",
                        lib.mpol_nash_replicator_opts_init)
nash_replicator.__doc__ = "mpol_nash_replicator: the replicator dynamics' end point."
nash_fictitious = _nash("fictitious", lib.mpol_nash_fictitious, "mpol_nash_fictitious_opts",
                        lib.mpol_nash_fictitious_opts_init)
nash_fictitious.__doc__ = "mpol_nash_fictitious: fictitious play's empirical frequencies."


# ---------------------------------------------------------------- TU games (values.h, core.h)

def _value_dict(r, names):
    return {
        "players": names,
        "x": array(r.x, r.n),
        "efficient": bool(r.efficient),
        "target": r.target,
        "efficiency_error": nan_to_none(r.efficiency_error),
        "verified": bool(r.verified),
        "max_error": nan_to_none(r.max_error),
    }


def _value(fn):
    def solver(model, *args):
        require_kind(model, "tu")
        with _tu(model) as g:
            names = strings(g.names, g.n)
            return _run("mpol_value", lib.mpol_value_free, lambda out: fn(out, g, *args),
                        lambda r: _value_dict(r, names))
    return solver


def tu_shapley(model):
    """mpol_tu_shapley: the Shapley value with its efficiency check."""
    return _value(lib.mpol_tu_shapley)(model)


def tu_banzhaf(model, normalized=True):
    """mpol_tu_banzhaf: normalised (efficient) or raw Banzhaf value."""
    return _value(lib.mpol_tu_banzhaf)(model, int(bool(normalized)))


def tu_tau(model):
    """mpol_tu_tau: the tau-value (quasi-balanced games)."""
    return _value(lib.mpol_tu_tau)(model)


def tu_owen(model, unions=None):
    """mpol_tu_owen with the model's unions (or @p unions: one union index per player)."""
    u = model.tu_unions() if unions is None else np.asarray(unions, np.uintp)
    if u is None:
        raise Error(lib.MPOL_EINVAL, "%s: the Owen value needs a priori unions; the model "
                    "has no unions: key" % model.source)
    cu = ffi.new("size_t[]", [int(i) for i in u])
    return _value(lib.mpol_tu_owen)(model, cu)


def tu_myerson(model, edges=None):
    """mpol_tu_myerson with the model's graph (or @p edges: pairs of player indices)."""
    e = model.tu_graph() if edges is None else np.asarray(edges, np.uintp).reshape(-1, 2)
    if e is None:
        raise Error(lib.MPOL_EINVAL, "%s: the Myerson value needs a communication graph; "
                    "the model has no graph: key" % model.source)
    ce = ffi.new("size_t[]", [int(i) for i in e.ravel()] or 1)
    return _value(lib.mpol_tu_myerson)(model, ce, len(e))


def _coalitions(masks, n, names):
    return [members(int(masks[k]), names) for k in range(n)]


def _core_dict(r, names):
    return {
        "players": names,
        "nonempty": r.outcome == lib.MPOL_SOLVED,
        "outcome": "solved" if r.outcome == lib.MPOL_SOLVED else "empty-core",
        "min_cost": r.min_cost,
        "x": array(r.x, r.n),
        "balancing_weights": array(r.weights, r.nweights),
        "balancing_coalitions": _coalitions(r.masks, r.nweights, names),
        "max_violation": r.max_violation,
        "efficiency_error": r.efficiency_error,
        "balance_error": r.balance_error,
        "dual_gap": r.dual_gap,
        "verified": bool(r.verified),
        "max_error": r.max_error,
        "lp_solves": r.lp_solves,
    }


def _least_core_dict(r, names):
    return {
        "players": names,
        "eps": r.eps,
        "x": array(r.x, r.n),
        "weights": array(r.weights, r.nweights),
        "coalitions": _coalitions(r.masks, r.nweights, names),
        "max_excess": r.max_excess,
        "efficiency_error": r.efficiency_error,
        "dual_bound": r.dual_bound,
        "balance_error": r.balance_error,
        "verified": bool(r.verified),
        "max_error": r.max_error,
        "lp_solves": r.lp_solves,
    }


def _kohlberg_dict(k):
    if k == ffi.NULL:
        return None
    return {
        "prenucleolus": bool(k.prenucleolus),
        "passed": bool(k.passed),
        "levels": k.nlevels,
        "level_excess": array(k.level_excess, k.nlevels),
        "level_size": array(k.level_size, k.nlevels, np.uintp),
        "level_rank": array(k.level_rank, k.nlevels, np.uintp),
        "level_ok": array(k.level_ok, k.nlevels, np.uint8).astype(bool),
        "lps": k.nlps,
        "efficiency_error": k.efficiency_error,
        "imputation_violation": k.imputation_violation,
        "max_excess": k.max_excess,
        "tol_abs": k.tol_abs,
    }


def _nucleolus_dict(r, names):
    kd = _kohlberg_dict(r.check)
    return {
        "players": names,
        "prenucleolus": bool(r.prenucleolus),
        "x": array(r.x, r.n),
        "stage_excess": array(r.stage_excess, r.nstages),
        "lp_solves": r.lp_solves,
        "kohlberg": kd,
        "verified": bool(r.verified),
        "max_error": nan_to_none(r.max_error),
    }


def _core_family(ctype, free, fn, convert):
    def solver(model, **opts):
        require_kind(model, "tu")
        o = _opts("mpol_core_opts", lib.mpol_core_opts_init, opts)
        with _tu(model) as g:
            names = strings(g.names, g.n)
            return _run(ctype, free, lambda out: fn(out, g, o), lambda r: convert(r, names))
    return solver


core_solve = _core_family("mpol_core_result", lib.mpol_core_result_free, lib.mpol_core_solve,
                          _core_dict)
core_solve.__name__ = "core_solve"
core_solve.__doc__ = ("mpol_core_solve: a core point, or the balanced collection proving the "
                      "core empty. Options: tol, cg_min_players, cg_batch, max_lp_solves.")
least_core = _core_family("mpol_least_core_result", lib.mpol_least_core_result_free,
                          lib.mpol_least_core, _least_core_dict)
least_core.__name__ = "least_core"
least_core.__doc__ = "mpol_least_core: the least-core value eps and a least-core point."
nucleolus = _core_family("mpol_nucleolus_result", lib.mpol_nucleolus_result_free,
                         lib.mpol_nucleolus, _nucleolus_dict)
nucleolus.__name__ = "nucleolus"
nucleolus.__doc__ = "mpol_nucleolus: the nucleolus with its Kohlberg certificate."
prenucleolus = _core_family("mpol_nucleolus_result", lib.mpol_nucleolus_result_free,
                            lib.mpol_prenucleolus, _nucleolus_dict)
prenucleolus.__name__ = "prenucleolus"
prenucleolus.__doc__ = "mpol_prenucleolus: the prenucleolus with its Kohlberg certificate."


def kohlberg_check(model, x, prenucleolus=False, **opts):
    """mpol_kohlberg_check: is @p x (one payoff per player) the nucleolus (or, with
    @p prenucleolus, the prenucleolus) of the TU model? The Kohlberg criterion level by
    level; ``passed`` is the verdict."""
    require_kind(model, "tu")
    o = _opts("mpol_core_opts", lib.mpol_core_opts_init, opts)
    with _tu(model) as g:
        cx = ffi.new("double[]", [float(v) for v in np.ravel(x)])
        if len(cx) != g.n:
            raise Error(lib.MPOL_EDIM, "kohlberg_check: %d payoffs for %d players"
                        % (len(cx), g.n))
        return _run("mpol_kohlberg_result", lib.mpol_kohlberg_result_free,
                    lambda out: lib.mpol_kohlberg_check(out, g, cx, int(bool(prenucleolus)), o),
                    _kohlberg_dict)


def _masks(partition, names):
    """Masks of a partition given as lists of player names or indices."""
    out = []
    for part in partition:
        m = 0
        for p in part:
            if isinstance(p, (int, np.integer)):
                i = int(p)
            elif p in names:
                i = names.index(p)
            else:
                raise Error(lib.MPOL_EINVAL, "no player %r; the players are %s"
                            % (p, ", ".join(names)))
            m |= 1 << i
        out.append(m)
    return out


def csg_solve(model, method="idp", **opts):
    """mpol_csg_solve: an optimal coalition structure (parts by player names), with the
    value re-summed from the table (check_value). Options: max_bytes, cross_check, tol,
    threads, simd."""
    require_kind(model, "tu")
    o = _opts("mpol_csg_opts", lib.mpol_csg_opts_init, opts)
    o.method = _parse(lib.mpol_csg_method_parse, "mpol_csg_method", method)
    with _tu(model) as g:
        names = strings(g.names, g.n)

        def convert(r):
            return {
                "players": names, "parts": _coalitions(r.parts, r.nparts, names),
                "value": r.value, "check_value": r.check_value,
                "cross_checked": bool(r.cross_checked), "cross_value": nan_to_none(r.cross_value),
                "method": string(lib.mpol_csg_method_name(o.method)),
                "verified": bool(r.verified), "max_error": r.max_error,
            }
        return _run("mpol_csg_result", lib.mpol_csg_result_free,
                    lambda out: lib.mpol_csg_solve(out, g, o), convert)


def tu_partition_core(model, partition=None, rule="equal", values=None, tol=0.0):
    """mpol_tu_partition_core: is @p partition (lists of player names or indices; default
    the model's unions) with the allocation @p rule ("equal", "given": payoffs @p values,
    "proportional": weights @p values) core stable? Returns the allocation, its excesses
    and a blocking coalition."""
    require_kind(model, "tu")
    if partition is None:
        u = model.tu_unions()
        if u is None:
            raise Error(lib.MPOL_EINVAL, "%s: give a partition (the model has no unions: key)"
                        % model.source)
        partition = [[i for i in range(len(u)) if u[i] == k] for k in range(int(u.max()) + 1)]
    rules = {"given": lib.MPOL_ALLOC_GIVEN, "equal": lib.MPOL_ALLOC_EQUAL,
             "proportional": lib.MPOL_ALLOC_PROPORTIONAL}
    if rule not in rules:
        raise Error(lib.MPOL_EINVAL, "allocation rules are given, equal, proportional; not %r"
                    % rule)
    with _tu(model) as g:
        names = strings(g.names, g.n)
        parts = ffi.new("mpol_coalition[]", _masks(partition, names) or 1)
        vals = ffi.NULL if values is None else ffi.new("double[]", [float(v) for v in values])

        def convert(r):
            return {
                "players": names, "payoff": array(r.payoff, r.n),
                "efficiency_error": r.efficiency_error, "max_excess": r.max_excess,
                "blocking": members(r.blocking, names), "stable": bool(r.stable),
                "efficient": bool(r.efficient), "coalitions_checked": r.coalitions_checked,
            }
        return _run("mpol_tu_core_check", lib.mpol_tu_core_check_free,
                    lambda out: lib.mpol_tu_partition_core(out, g, parts, len(partition),
                                                           rules[rule], vals, tol), convert)


# ---------------------------------------------------------------- weighted voting (voting.h)

def _power_dict(r, names):
    d = {
        "players": names,
        "index": array(r.index, r.n),
        "absolute": array(r.absolute, r.n),
        "dummy": array(r.dummy, r.n, np.intc).astype(bool),
        "exact": bool(r.exact),
        "scaled_quota": r.scaled_quota, "scaled_total": r.scaled_total, "scale": r.scale,
        "check_error": r.check_error,
        "verified": bool(r.verified),
        "max_error": r.max_error,
    }
    if r.exact:
        d["counts"] = [int(c) for c in strings(r.counts, r.n)]
        d["denominator"] = int(string(r.denominator))
    return d


def _power(fn):
    def solver(model, **opts):
        require_kind(model, "weighted-voting")
        o = _opts("mpol_power_opts", lib.mpol_power_opts_init, opts)
        with _wvg(model) as g:
            names = strings(g.names, g.n)
            return _run("mpol_power_result", lib.mpol_power_result_free,
                        lambda out: fn(out, g, o), lambda r: _power_dict(r, names))
    return solver


def power_shapley_shubik(model, **opts):
    """mpol_power_shapley_shubik: the Shapley-Shubik index (options exact, max_cells,
    max_work)."""
    return _power(lib.mpol_power_shapley_shubik)(model, **opts)


def power_banzhaf(model, **opts):
    """mpol_power_banzhaf: normalised and absolute (Penrose) Banzhaf indices."""
    return _power(lib.mpol_power_banzhaf)(model, **opts)


def wvg_veto_players(model):
    """mpol_wvg_veto_players: the names of the veto players."""
    require_kind(model, "weighted-voting")
    with _wvg(model) as g:
        veto = ffi.new("int[]", g.n)
        check(lib.mpol_wvg_veto_players(veto, g))
        return [string(g.names[i]) for i in range(g.n) if veto[i]]


def wvg_minimal_winning(model, limit=0):
    """mpol_wvg_minimal_winning: the minimal winning coalitions (lists of names)."""
    require_kind(model, "weighted-voting")
    with _wvg(model) as g:
        names = strings(g.names, g.n)

        def convert(r):
            off = array(r.offsets, r.count + 1, np.uintp)
            mem = array(r.members, int(off[-1]) if r.count else 0, np.uintp)
            return {"players": names, "count": r.count,
                    "coalitions": [[names[i] for i in mem[off[c]:off[c + 1]]]
                                   for c in range(r.count)]}
        return _run("mpol_mwc_list", lib.mpol_mwc_list_free,
                    lambda out: lib.mpol_wvg_minimal_winning(out, g, limit), convert)


def balance_analyse(model, **opts):
    """mpol_balance_analyse: dominant, minimal winning and blocking coalitions, swings,
    balancers, Kaplan's rule 4 (options strict, tol)."""
    require_kind(model, "weighted-voting")
    o = _opts("mpol_balance_opts", lib.mpol_balance_opts_init, opts)
    with _wvg(model) as g:
        names = strings(g.names, g.n)

        def convert(b):
            return {
                "players": names, "total": b.total, "quota": b.quota, "strict": bool(b.strict),
                "nwinning": b.nwinning,
                "minimal_winning": _coalitions(b.mwc, b.nmwc, names),
                "minimal_blocking": _coalitions(b.mbc, b.nmbc, names),
                "swings": array(b.swings, b.n, np.uint64),
                "dominant_actor": None if b.dominant_actor < 0 else names[b.dominant_actor],
                "balancers": [names[i] for i in range(b.n) if b.balancer[i]],
                "holders": [names[i] for i in range(b.n) if b.holder[i]],
                "rule4": bool(b.rule4), "rule4_violations": b.rule4_violations,
                "rule4_witness": members(b.rule4_witness, names),
                "verified": bool(b.verified), "max_error": b.max_error,
            }
        return _run("mpol_balance", lib.mpol_balance_free,
                    lambda out: lib.mpol_balance_analyse(out, g, o), convert)


def balance_capability_range(model, actor, **opts):
    """mpol_balance_capability_range: the range of @p actor's capability (name or index)
    over which the minimal winning coalitions stay the same."""
    require_kind(model, "weighted-voting")
    o = _opts("mpol_balance_opts", lib.mpol_balance_opts_init, opts)
    with _wvg(model) as g:
        names = strings(g.names, g.n)
        k = actor if isinstance(actor, int) else names.index(actor)
        r = ffi.new("mpol_balance_range *")
        check(lib.mpol_balance_capability_range(r, g, k, o))
        return {"lo": r.lo, "hi": r.hi, "lo_closed": bool(r.lo_closed),
                "hi_closed": bool(r.hi_closed), "breakpoints": r.breakpoints}


# ---------------------------------------------------------------- hedonic (coalition.h)

CONCEPTS = {"nash": 1, "individual": 2, "core": 4}


def _concepts(which):
    if isinstance(which, int):
        return which
    if isinstance(which, str):
        which = [which]
    flags = 0
    for c in which:
        if c not in CONCEPTS:
            raise Error(lib.MPOL_EINVAL, "hedonic concepts are nash, individual, core; not %r"
                        % c)
        flags |= CONCEPTS[c]
    return flags


def _verdict(v):
    return None if v < 0 else bool(v)


def _check_dict(c, names, parts):
    d = {"nash": _verdict(c.nash), "individual": _verdict(c.individual),
         "core": _verdict(c.core), "deviations_examined": c.deviations_examined}
    target = (lambda t: "alone" if t < 0 else parts[t]) if parts is not None else (lambda t: t)
    if c.nash == 0:
        d["nash_deviation"] = (names[c.nash_player], target(c.nash_target))
    if c.individual == 0:
        d["individual_deviation"] = (names[c.is_player], target(c.is_target))
    if c.core == 0:
        d["blocking"] = members(c.blocking, names)
    return d


def hedonic_check_partition(model, partition=None, which=("nash", "individual", "core"),
                            tol=0.0):
    """mpol_hedonic_check_partition: stability of @p partition (lists of names; default the
    model's `partition:`) for the concepts @p which; verdicts True, False or None (not
    checked), with the deviation or blocking coalition that refutes one."""
    require_kind(model, "hedonic")
    with _hedonic(model) as g:
        names = strings(g.names, g.n)
        if partition is None:
            partition = model.hedonic_partition()
            if partition is None:
                raise Error(lib.MPOL_EINVAL, "%s: the model declares no partition: give one"
                            % model.source)
        masks = _masks(partition, names)
        parts = ffi.new("mpol_coalition[]", masks or 1)
        c = ffi.new("mpol_hedonic_check *")
        check(lib.mpol_hedonic_check_partition(c, g, parts, len(masks), _concepts(which), tol))
        return _check_dict(c, names, _coalitions(masks, len(masks), names))


def hedonic_search(model, concept="nash", **opts):
    """mpol_hedonic_search: a partition stable for @p concept (exact enumeration up to
    exact_max players, else better-response dynamics). Options: exact_max, starts,
    max_steps, seed, tol."""
    require_kind(model, "hedonic")
    o = _opts("mpol_hedonic_search_opts", lib.mpol_hedonic_search_opts_init, opts)
    o.concept = _concepts(concept)
    with _hedonic(model) as g:
        names = strings(g.names, g.n)

        def convert(r):
            parts = _coalitions(r.parts, r.nparts, names)
            return {
                "players": names, "concept": concept, "found": bool(r.found),
                "exact": bool(r.exact), "proven": bool(r.proven), "partition": parts,
                "welfare": r.welfare, "partitions_examined": r.partitions_examined,
                "stable_count": r.stable_count if r.exact else None,
                "check": _check_dict(r.check, names, parts),
                "verified": bool(r.verified), "max_error": r.max_error,
            }
        return _run("mpol_hedonic_search_result", lib.mpol_hedonic_search_result_free,
                    lambda out: lib.mpol_hedonic_search(out, g, o), convert)


def hedonic_list_stable(model, which=("nash", "individual", "core"), max_list=1000, tol=0.0):
    """mpol_hedonic_list_stable: every partition stable for some concept in @p which, with
    the counts per concept (n <= 10)."""
    require_kind(model, "hedonic")
    flags = _concepts(which)
    with _hedonic(model) as g:
        names = strings(g.names, g.n)

        def convert(r):
            off = array(r.offsets, r.nlisted + 1, np.uintp)
            listed = []
            for k in range(r.nlisted):
                parts = [members(r.parts[i], names) for i in range(off[k], off[k + 1])]
                listed.append({"partition": parts,
                               "stable": [c for c, f in CONCEPTS.items() if r.stable[k] & f],
                               "welfare": float(r.welfare[k])})
            return {"players": names, "partitions": r.partitions,
                    "count": {c: r.count[i] for i, c in enumerate(CONCEPTS)
                              if flags & CONCEPTS[c]},
                    "listed": listed, "truncated": bool(r.truncated)}
        return _run("mpol_hedonic_stable_list", lib.mpol_hedonic_stable_list_free,
                    lambda out: lib.mpol_hedonic_list_stable(out, g, flags, max_list, tol),
                    convert)


# ---------------------------------------------------------------- by kind

from . import _kinds  # noqa: E402  (it imports this module's helpers)

_NASH = {"logit": nash_logit, "simpdiv": nash_simpdiv, "support": nash_support_enum,
         "pure": nash_pure, "replicator": nash_replicator, "fictitious": nash_fictitious}
_TU = {"shapley": tu_shapley, "banzhaf": tu_banzhaf, "tau": tu_tau, "owen": tu_owen,
       "myerson": tu_myerson, "core": core_solve, "least-core": least_core,
       "nucleolus": nucleolus, "prenucleolus": prenucleolus, "coalition-structure": csg_solve,
       "partition-core": tu_partition_core}
_WVG = {"shapley-shubik": power_shapley_shubik, "banzhaf": power_banzhaf,
        "minimal-winning": wvg_minimal_winning, "balance": balance_analyse,
        "veto": wvg_veto_players}
DEFAULT_METHOD = {"zero-sum": "auto", "bimatrix": "enum", "normal-form": "logit",
                  "tu": "shapley", "weighted-voting": "shapley-shubik", "hedonic": "nash",
                  "tree": "auto", "bayesian": "auto", "stochastic": "auto", "repeated": None,
                  "bayesian-stackelberg": "milp"}


def methods(kind):
    """The method names solve() accepts for a kind."""
    return {
        "zero-sum": ["auto", "glpk", "simplex", "oracle", "dense", "all"] + list(_NASH),
        "bimatrix": ["enum", "lh-all", "lh"] + list(_NASH),
        "normal-form": list(_NASH),
        "tu": list(_TU),
        "weighted-voting": list(_WVG),
        "hedonic": ["nash", "individual", "core", "check", "list"],
        "tree": list(_kinds.TREE_METHODS),
        "bayesian": list(_kinds.BAYES_METHODS),
        "stochastic": list(_kinds.SG_METHODS),
        "repeated": [],
        "bayesian-stackelberg": ["milp"],
    }[kind]


def _unknown(model, method):
    return Error(lib.MPOL_EINVAL, "%s methods are %s; not '%s'" % (
        model.kind, ", ".join(methods(model.kind)), method))


def solve(model, method=None, **opts):
    """Solves @p model with @p method, by kind, as `multipolar solve --method` does
    (methods(kind) lists the names; None: the kind's default), passing @p opts to the
    solver function it dispatches to. A method that does not belong to the model's kind
    raises Error (MPOL_EINVAL)."""
    kind = model.kind
    if kind not in DEFAULT_METHOD:
        raise Error(lib.MPOL_EINVAL, "%s: the Python package cannot solve %s models yet"
                    % (model.source, kind))
    method = method or DEFAULT_METHOD[kind]
    if kind == "tree":
        if not _kinds.accepts(lib.mpol_tree_method_parse, "mpol_tree_method", method):
            raise _unknown(model, method)
        return _kinds.tree_solve(model, method, **opts)
    if kind == "bayesian":
        if not _kinds.accepts(lib.mpol_bayes_method_parse, "mpol_bayes_method", method):
            raise _unknown(model, method)
        return _kinds.bayes_solve(model, method, **opts)
    if kind == "bayesian-stackelberg":
        if method not in ("milp", "auto"):
            raise _unknown(model, method)
        return _kinds.bsg_solve(model, **opts)
    if kind == "repeated":
        if method is not None and method != "auto":
            raise Error(lib.MPOL_EINVAL, "repeated models have no methods (got '%s')" % method)
        return _kinds.rg_solve(model, **opts)
    if kind == "stochastic":
        if not _kinds.accepts(lib.mpol_sg_method_parse, "mpol_sg_method", method):
            raise _unknown(model, method)
        return _kinds.sg_solve(model, method, **opts)
    if kind == "zero-sum":
        if method == "all":
            return zs_all(model, **opts)
        if method in _NASH:
            return _NASH[method](model, **opts)
        if method not in methods(kind):
            raise _unknown(model, method)
        return zs_solve(model, method, **opts)
    if kind == "bimatrix":
        if method in _NASH:
            return _NASH[method](model, **opts)
        if method not in ("enum", "lh-all", "lh", "enumeration", "lemke-howson"):
            raise _unknown(model, method)
        return bimatrix_solve_game(model, method, **opts)
    table = {"normal-form": _NASH, "tu": _TU, "weighted-voting": _WVG}.get(kind)
    if table is not None:
        if method not in table:
            raise _unknown(model, method)
        return table[method](model, **opts)
    if method == "check":
        return hedonic_check_partition(model, **opts)
    if method == "list":
        return hedonic_list_stable(model, **opts)
    if method not in CONCEPTS:
        raise _unknown(model, method)
    return hedonic_search(model, method, **opts)

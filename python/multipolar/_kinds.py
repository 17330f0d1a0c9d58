# SPDX-License-Identifier: GPL-3.0-or-later
"""Solvers of the kinds added after the first six: tree (multipolar/tree.h), bayesian
(bayesian.h), stochastic (stochastic.h) and repeated (repeated.h). As in _solve.py, each
function takes a Model, evaluates it the way the C caller would (mpol_model_tree, ...),
calls the library's solver and returns a dict; verification fields are the library's."""

import math

import numpy as np

from ._lib import check, ffi, lib, string
from ._model import array, owned, require_kind, strings
from ._solve import _opts, _parse, _run


def _names(name, count):
    """The methods' names as the library spells them (mpol_*_method_name over the enum)."""
    return tuple(string(name(k)) for k in range(count))


def accepts(parse, ctype, method):
    """Whether the library's parser takes @p method (a listed name or an alias)."""
    if not isinstance(method, str):
        return False
    return parse(ffi.new(ctype + " *"), method.encode()) == lib.MPOL_OK


TREE_METHODS = _names(lib.mpol_tree_method_name, 7)    # MPOL_TREE_METHOD_COUNT
BAYES_METHODS = _names(lib.mpol_bayes_method_name, 5)  # auto .. MPOL_BAYES_TREE
SG_METHODS = _names(lib.mpol_sg_method_name, 5)        # auto .. MPOL_SG_FICTITIOUS


# ---------------------------------------------------------------- trees (tree.h)

def _tree_set_name(t, h):
    s = string(t.iset_label[h])
    return s if s else "set %d" % (h + 1)


def _tree_node_name(t, n):
    """A node's label, else the path of actions from the root ("In/Fight"; "root"), as
    the CLI names nodes."""
    s = string(t.label[n])
    if s:
        return s
    if n == 0:
        return "root"
    path = []
    while n != 0:
        path.append(string(t.action_name[t.action[n]]))
        n = t.parent[n]
    return "/".join(reversed(path))


def _tree_set_names(t):
    """Set names, made unique within each player (a repeated label gets " (set N)")."""
    names, seen = [], set()
    for h in range(t.ninfosets):
        name = _tree_set_name(t, h)
        key = (t.iset_player[h], name)
        if key in seen:
            name = "%s (set %d)" % (name, h + 1)
        seen.add(key)
        names.append(name)
    return names


# MPOL_TREE_NONE and MPOL_TREE_CHANCE: (size_t)-1
_NONE = (1 << (8 * ffi.sizeof("size_t"))) - 1


def _tree_node_names(t):
    """Node names, made unique (a repeated name gets " (node N)")."""
    names, seen = [], set()
    for n in range(t.nnodes):
        name = _tree_node_name(t, n)
        if name in seen:
            name = "%s (node %d)" % (name, n + 1)
        seen.add(name)
        names.append(name)
    return names


def _is_chance(t, h):
    return t.iset_player[h] == _NONE


def _tree_view(t):
    players = strings(t.players, t.nplayers)
    set_names = _tree_set_names(t)
    none = _NONE
    node_names = _tree_node_names(t)
    types = {0: "terminal", 1: "decision", 2: "chance"}
    exact = t.payoff_exact != ffi.NULL
    nodes = []
    for n in range(t.nnodes):
        d = {"index": n, "name": node_names[n], "label": string(t.label[n]),
             "type": types[t.type[n]],
             "parent": None if t.parent[n] == none else t.parent[n],
             "action": None if n == 0 else string(t.action_name[t.action[n]]),
             "infoset": None if t.infoset[n] == none else t.infoset[n]}
        if t.type[n] == 0:
            d["payoffs"] = array(t.payoff + n * t.nplayers, t.nplayers)
            if exact:
                d["payoffs_exact"] = [_rat(t.payoff_exact[n * t.nplayers + p])
                                      for p in range(t.nplayers)]
        if t.finalized:
            d["children"] = [t.child[k] for k in range(t.child_off[n], t.child_off[n + 1])]
        nodes.append(d)
    isets = []
    for h in range(t.ninfosets):
        lo, hi = t.iset_action_off[h], t.iset_action_off[h + 1]
        chance = _is_chance(t, h)
        d = {"index": h, "name": set_names[h], "label": string(t.iset_label[h]),
             "player": None if chance else players[t.iset_player[h]],
             "actions": [string(t.action_name[a]) for a in range(lo, hi)],
             "nodes": [t.iset_node[k] for k in range(t.iset_node_off[h], t.iset_node_off[h + 1])]
             if t.finalized else []}
        if chance:
            d["probs"] = array(t.action_prob + lo, hi - lo)
        isets.append(d)
    return {
        "title": string(t.title), "players": players, "nodes": nodes, "infosets": isets,
        "nactions": t.nactions, "perfect_information": bool(t.perfect_information),
        "constant_sum": bool(lib.mpol_tree_is_constant_sum(t)), "exact": exact,
        "payoff_range": (t.payoff_min, t.payoff_max),
    }


def _rat(q):
    return "%d" % q.num if q.den == 1 else "%d/%d" % (q.num, q.den)


def model_tree(model):
    """mpol_model_tree: the model's game tree at the current parameters, as a read-only
    description (a dict of copies): title, players, nodes (index, name, label, type,
    parent, action leading to it, infoset, payoffs of terminals, children), infosets
    (index, name, label, player or None for chance, actions, nodes, probs of chance sets),
    perfect_information, constant_sum, exact."""
    require_kind(model, "tree")
    with owned("mpol_tree", lib.mpol_tree_free) as out:
        check(lib.mpol_model_tree(out, model.ptr))
        return _tree_view(out[0])


def _by_set(t, players, set_names, values):
    """{player: {set name: {action: values[action]}}} over the players' sets."""
    d = {p: {} for p in players}
    for h in range(t.ninfosets):
        if _is_chance(t, h):
            continue
        lo, hi = t.iset_action_off[h], t.iset_action_off[h + 1]
        d[players[t.iset_player[h]]][set_names[h]] = {
            string(t.action_name[a]): values[a] for a in range(lo, hi)}
    return d


def _tree_dict(r, t):
    players = strings(t.players, t.nplayers)
    set_names = _tree_set_names(t)
    node_names = _tree_node_names(t)
    eqs = []
    for k in range(r.neq):
        e = r.eq[k]
        beh = array(e.behavior, r.nactions)
        bel = array(e.belief, r.nnodes)
        d = {
            "strategies": _by_set(t, players, set_names, beh.tolist()),
            "behavior": beh,
            "values": array(e.value, r.nplayers),
            "regrets": array(e.regret, r.nplayers),
            "beliefs": {node_names[n]: float(bel[n]) for n in range(r.nnodes)
                        if not math.isnan(bel[n])},
            "subgame_perfect": bool(e.subgame_perfect),
        }
        if r.exact and e.behavior_exact != ffi.NULL:
            d["strategies_exact"] = _by_set(t, players, set_names,
                                            strings(e.behavior_exact, r.nactions))
            d["values_exact"] = strings(e.value_exact, r.nplayers)
        eqs.append(d)
    return {
        "players": players,
        "method": string(lib.mpol_tree_method_name(r.method)),
        "equilibria": eqs,
        "complete": bool(r.complete),
        "exact": bool(r.exact),
        "work": r.work,
        "lambda": getattr(r, "lambda"),
        "max_regret": r.max_regret,
        "tol_abs": r.tol_abs,
        "verified": bool(r.verified),
        "max_error": r.max_error,
    }


def tree_solve(model, method="auto", **opts):
    """mpol_tree_solve on a tree model (or a .efg file): method auto, backward-induction,
    sequence-lp, sequence-lemke, sequence-enum, subgame-perfect or agent-qre; options the
    fields of mpol_tree_opts (exact, tol, seed, starts, max_equilibria, max_work,
    subgame_method (a method name), qre_lambda_max, threads). Per equilibrium: strategies
    {player: {information set: {action: probability}}}, values, regrets, beliefs {node name:
    belief} where Bayes' rule defines them, subgame_perfect, and with exact=True
    strategies_exact and values_exact ("p/q" strings)."""
    require_kind(model, "tree")
    sub = opts.pop("subgame_method", None)
    if "method" in opts:
        raise TypeError("multipolar: tree_solve() takes the method as its argument")
    o = _opts("mpol_tree_opts", lib.mpol_tree_opts_init, opts)
    o.method = _parse(lib.mpol_tree_method_parse, "mpol_tree_method", method)
    if sub is not None:
        o.subgame_method = _parse(lib.mpol_tree_method_parse, "mpol_tree_method", sub)
    with owned("mpol_tree", lib.mpol_tree_free) as tree:
        check(lib.mpol_model_tree(tree, model.ptr))
        t = tree[0]
        return _run("mpol_tree_solution", lib.mpol_tree_solution_free,
                    lambda out: lib.mpol_tree_solve(out, t, o),
                    lambda r: _tree_dict(r, t))




# ---------------------------------------------------------------- Bayesian games (bayesian.h)

def _bayes_dict(r, bg):
    g = bg.game
    players = strings(bg.player_names, g.nplayers)
    types, actions, off = [], [], 0
    for p in range(g.nplayers):
        types.append([string(bg.type_names[lib.mpol_bayes_type_index(ffi.addressof(g), p, t)])
                      for t in range(g.ntypes[p])])
        actions.append(strings(bg.action_names + off, g.nactions[p]))
        off += g.nactions[p]
    gp = ffi.addressof(bg, "game")
    marg = array(r.marginal, r.ntypes_total)

    def per_type(values):
        d = {}
        for p, name in enumerate(players):
            d[name] = {}
            for t, tname in enumerate(types[p]):
                o = lib.mpol_bayes_strategy_offset(gp, p, t)
                d[name][tname] = {a: values[o + i] for i, a in enumerate(actions[p])}
        return d

    def by_type(values):
        return {name: {tname: float(values[lib.mpol_bayes_type_index(gp, p, t)])
                       for t, tname in enumerate(types[p])} for p, name in enumerate(players)}

    eqs = []
    for k in range(r.neq):
        e = r.eq[k]
        strat = array(e.strategy, r.strategy_size)
        d = {
            "strategies": per_type(strat.tolist()),
            "strategy": strat,
            "interim_payoffs": by_type(array(e.interim_value, r.ntypes_total)),
            "interim_regrets": by_type(array(e.interim_regret, r.ntypes_total)),
            "ex_ante": array(e.ex_ante, r.nplayers),
        }
        if r.exact and e.strategy_exact != ffi.NULL:
            d["strategies_exact"] = per_type(strings(e.strategy_exact, r.strategy_size))
            d["ex_ante_exact"] = strings(e.ex_ante_exact, r.nplayers)
        eqs.append(d)
    return {
        "players": players, "types": types, "actions": actions,
        "priors": by_type(marg),
        "method": string(lib.mpol_bayes_method_name(r.method)),
        "equilibria": eqs,
        "complete": bool(r.complete), "exact": bool(r.exact),
        "form_strategies": r.form_strategies,
        "max_regret": r.max_regret, "tol_abs": r.tol_abs,
        "verified": bool(r.verified), "max_error": r.max_error,
    }




def bayes_solve(model, method="auto", **opts):
    """mpol_bayes_solve on a bayesian model: method auto, enumerate (two players, every
    extreme BNE), pure, logit or tree; options the fields of mpol_bayes_opts (exact, tol,
    tree_method (a tree method name), threads). Per equilibrium: strategies {player: {type:
    {action: probability}}}, interim_payoffs and interim_regrets {player: {type: value}},
    ex_ante payoffs; priors {player: {type: marginal probability}}."""
    require_kind(model, "bayesian")
    tm = opts.pop("tree_method", None)
    if "method" in opts:
        raise TypeError("multipolar: bayes_solve() takes the method as its argument")
    o = _opts("mpol_bayes_opts", lib.mpol_bayes_opts_init, opts)
    o.method = _parse(lib.mpol_bayes_method_parse, "mpol_bayes_method", method)
    if tm is not None:
        o.tree_method = _parse(lib.mpol_tree_method_parse, "mpol_tree_method", tm)
    with owned("mpol_bayes_game", lib.mpol_bayes_game_free) as bg:
        check(lib.mpol_model_bayesian(bg, model.ptr))
        b = bg[0]
        return _run("mpol_bayes_result", lib.mpol_bayes_result_free,
                    lambda out: lib.mpol_bayes_solve(out, ffi.addressof(b, "game"), o),
                    lambda r: _bayes_dict(r, b))


# ---------------------------------------------------------------- stochastic games (stochastic.h)

def _vec(ptr, n):
    return None if ptr == ffi.NULL else array(ptr, n)


def _sg_dict(r, sg):
    g = sg.game
    gp = ffi.addressof(sg, "game")
    players = strings(sg.player_names, g.nplayers)
    states = strings(sg.state_names, g.nstates)
    acts = strings(sg.action_names, r.strategy_size)
    strat = array(r.strategy, r.strategy_size)
    val = array(r.value, r.nstates * r.nplayers).reshape(r.nstates, r.nplayers)
    strategies, values = {}, {}
    for s, sname in enumerate(states):
        strategies[sname], values[sname] = {}, {}
        for p, pname in enumerate(players):
            o = lib.mpol_sg_strategy_offset(gp, s, p)
            k = g.nactions[s * g.nplayers + p]
            strategies[sname][pname] = {acts[o + i]: float(strat[o + i]) for i in range(k)}
            values[sname][pname] = float(val[s, p])
    c = r.check
    check_d = None
    if c != ffi.NULL:
        check_d = {
            "gap": _vec(c.gap, c.nstates), "residual": _vec(c.residual, c.nstates),
            "regret": None if c.regret == ffi.NULL
            else array(c.regret, c.nstates * c.nplayers).reshape(c.nstates, c.nplayers),
            "error": array(c.error, c.nstates), "max_error": c.max_error, "bound": c.bound,
            "scale": c.scale, "tol": c.tol, "ok": bool(c.ok),
        }
    return {
        "players": players, "states": states, "zero_sum": bool(r.zero_sum),
        "discount": g.discount, "found": bool(r.found),
        "values": values, "value": val, "strategies": strategies, "strategy": strat,
        "method": string(lib.mpol_sg_method_name(r.method)),
        "vi_iterations": r.vi_iterations, "vi_bound": r.vi_bound,
        "pi_iterations": r.pi_iterations, "fp_iterations": r.fp_iterations,
        "stage_solves": r.stage_solves, "warm_hits": r.warm_hits, "beta": r.beta,
        "check": check_d, "verified": bool(r.verified), "max_error": r.max_error,
    }




def sg_solve(model, method="auto", **opts):
    """mpol_sg_solve on a stochastic model: method auto, shapley, value-iteration,
    policy-iteration (zero-sum) or fictitious (general-sum); options the fields of
    mpol_sg_opts (tol, vi_tol, max_iter, warm, seed). values {state: {player: value}},
    strategies {state: {player: {action: probability}}} (stationary), found (general-sum:
    False when no equilibrium was found, the last iterate then), check (per state gap and
    residual (zero-sum) or regrets (general-sum), error, bound, ok), verified, max_error."""
    require_kind(model, "stochastic")
    if "method" in opts:
        raise TypeError("multipolar: sg_solve() takes the method as its argument")
    o = _opts("mpol_sg_opts", lib.mpol_sg_opts_init, opts)
    o.method = _parse(lib.mpol_sg_method_parse, "mpol_sg_method", method)
    with owned("mpol_sg_game", lib.mpol_sg_game_free) as sg:
        check(lib.mpol_model_stochastic(sg, model.ptr))
        b = sg[0]
        return _run("mpol_sg_result", lib.mpol_sg_result_free,
                    lambda out: lib.mpol_sg_solve(out, ffi.addressof(b, "game"), o),
                    lambda r: _sg_dict(r, b))


# ---------------------------------------------------------------- repeated games (repeated.h)

def _polygon(poly):
    return array(poly.v, 2 * poly.n).reshape(poly.n, 2)


def _nan_none(x):
    return None if math.isnan(x) else x


def _profile_names(g, cell):
    names = []
    for p in range(g.nplayers):
        k = g.nstrategies[p]
        names.append(string(g.strategy_names[p][cell % k]))
        cell //= k
    return names


def _rg_dict(r, g):
    n = r.nplayers
    mm = r.minmax
    punish = None
    if mm.punisher_offset != ffi.NULL:
        punish = [array(mm.punisher + mm.punisher_offset[i],
                        mm.punisher_offset[i + 1] - mm.punisher_offset[i]) for i in range(n)]
    minmax = {
        "pure": array(mm.pure, n), "mixed": array(mm.mixed, n),
        "pure_profiles": [_profile_names(g, mm.pure_cell[i]) for i in range(n)],
        "correlated": bool(mm.correlated), "punishers": punish,
        "verified": bool(mm.verified), "max_error": mm.max_error,
    }
    pay = array(r.payoff, r.ncells * n).reshape(r.ncells, n)
    profiles = []
    for k in range(r.ncells):
        profiles.append({
            "profile": _profile_names(g, r.cell[k]), "cell": r.cell[k], "payoffs": pay[k],
            "grim": _nan_none(r.grim[k]), "grim_sustained": bool(r.grim_sustained[k]),
            "penal": _nan_none(r.penal[k]),
            "penal_sustained": None if r.penal_sustained[k] < 0 else bool(r.penal_sustained[k]),
            "grim_error": r.grim_error[k], "penal_error": r.penal_error[k],
        })
    a = getattr(r, "as")
    as_d = None
    if a != ffi.NULL:
        c = a.check
        as_d = {
            "delta": a.delta, "vertices": _polygon(a.set),
            "worst": [_nan_none(a.worst[0]), _nan_none(a.worst[1])],
            "iterations": a.iterations, "distance": a.distance, "converged": bool(a.converged),
            "check": None if c == ffi.NULL else {
                "cells": [_profile_names(g, c.cell[i]) for i in range(c.n)],
                "continuation": array(c.continuation, 2 * c.n).reshape(c.n, 2),
                "error": array(c.error, c.n), "max_error": c.max_error, "scale": c.scale,
                "tol": c.tol, "ok": bool(c.ok)},
            "verified": bool(a.verified), "max_error": a.max_error,
        }
    return {
        "players": strings(g.player_names, n),
        "strategies": [strings(g.strategy_names[p], g.nstrategies[p]) for p in range(n)],
        "delta": r.delta, "minmax": minmax,
        "feasible": _polygon(r.feasible), "ir": _polygon(r.ir), "ir_pure": _polygon(r.ir_pure),
        "nash": [_profile_names(g, r.nash[k]) for k in range(r.nnash)],
        "profiles": profiles, "as": as_d,
        "verified": bool(r.verified), "max_error": r.max_error,
    }


_RG_AS = ("tol", "verify_tol", "max_iter", "reduce")


def rg_solve(model, delta=None, profiles=None, **opts):
    """mpol_rg_solve on a repeated model at its discount factor (or @p delta): the stage
    game's pure and mixed minmax values, the feasible and individually rational sets'
    vertices (feasible, ir, ir_pure: (n, 2) arrays, two players), the pure stage Nash
    equilibria, per stage profile (the model's `profiles`, or @p profiles: a list of
    action-name lists, or every profile) the grim-trigger and optimal-penal-code critical
    discount factors (None: not computed or no pure Nash equilibrium to revert to; inf:
    never sustained) and whether each sustains it at delta, and the Abreu-Sannikov set of
    pure-strategy SPE payoffs ("as"). Options: the fields of mpol_rg_opts (penal_code,
    spe_set, delta_tol) and of its Abreu-Sannikov options (tol, verify_tol, max_iter,
    reduce)."""
    require_kind(model, "repeated")
    o = ffi.new("mpol_rg_opts *")
    lib.mpol_rg_opts_init(o)
    as_opts = {k: opts.pop(k) for k in list(opts) if k in _RG_AS}
    for key in opts:
        if key not in ("penal_code", "spe_set", "delta_tol"):
            raise TypeError("multipolar: unknown option %r for mpol_rg_opts (options: %s)"
                            % (key, ", ".join(("penal_code", "spe_set", "delta_tol") + _RG_AS)))
    for key, value in opts.items():
        setattr(o, key, int(value) if isinstance(value, bool) else value)
    for key, value in as_opts.items():
        setattr(getattr(o, "as"), key, int(value) if isinstance(value, bool) else value)
    disc = ffi.new("double *")
    with owned("mpol_game", lib.mpol_game_free) as out:
        check(lib.mpol_model_repeated(out, disc, model.ptr))
        g = out[0]
        if profiles is None:
            cells = ffi.new("const size_t **")
            o.ncells = lib.mpol_model_repeated_profiles(model.ptr, cells)
            o.cells = cells[0] if o.ncells else ffi.NULL
        else:
            idx = [_cell_of(g, prof) for prof in profiles]
            keep = ffi.new("size_t[]", idx)
            o.cells, o.ncells = keep, len(idx)
        d = disc[0] if delta is None else float(delta)
        return _run("mpol_rg_result", lib.mpol_rg_result_free,
                    lambda res: lib.mpol_rg_solve(res, g, d, o),
                    lambda r: _rg_dict(r, g))


def _cell_of(g, profile):
    from ._lib import Error
    if len(profile) != g.nplayers:
        raise Error(lib.MPOL_EINVAL, "a profile names one action per player (%d), not %d"
                    % (g.nplayers, len(profile)))
    cell, stride = 0, 1
    for p, name in enumerate(profile):
        names = strings(g.strategy_names[p], g.nstrategies[p])
        if name not in names:
            raise Error(lib.MPOL_EINVAL, "player %s has no action '%s' (actions: %s)"
                        % (string(g.player_names[p]), name, ", ".join(names)))
        cell += names.index(name) * stride
        stride *= g.nstrategies[p]
    return cell


# ---------------------------------------------------------------- Bayesian Stackelberg (stackelberg.h)

def _bsg_dict(r, bg):
    types = strings(bg.type_names, r.ntypes)
    lead = strings(bg.leader_strategies, r.m)
    foll = strings(bg.follower_strategies, r.n)
    x = array(r.commitment, r.m)
    prior = array(bg.game.prior, r.ntypes)
    return {
        "leader": string(bg.leader_name), "follower": string(bg.follower_name),
        "types": types, "priors": dict(zip(types, prior.tolist())),
        "commitment": dict(zip(lead, x.tolist())), "x": x,
        "replies": {types[t]: foll[r.reply[t]] for t in range(r.ntypes)},
        "value": r.value,
        "type_values": dict(zip(types, array(r.type_value, r.ntypes).tolist())),
        "type_payoffs": dict(zip(types, array(r.type_payoff, r.ntypes).tolist())),
        "type_regrets": dict(zip(types, array(r.type_regret, r.ntypes).tolist())),
        "leader_value": r.leader_value, "value_error": r.value_error,
        "simplex_error": r.simplex_error, "milp_value": r.milp_value, "binaries": r.binaries,
        "tol_abs": r.tol_abs, "verified": bool(r.verified), "max_error": r.max_error,
    }


def bsg_solve(model, **opts):
    """mpol_stackelberg_bayes_solve on a bayesian-stackelberg model (the MILP; strong
    Stackelberg, ties broken for the leader): the leader's commitment {strategy:
    probability}, each type's reply, the leader's value, and the library's recomputed
    check (type_values, type_payoffs, type_regrets, leader_value, value_error). Options:
    tol, max_lps (fields of mpol_stackelberg_opts)."""
    require_kind(model, "bayesian-stackelberg")
    for key in opts:
        if key not in ("tol", "max_lps"):
            raise TypeError("multipolar: unknown option %r for the Bayesian Stackelberg "
                            "solver (options: tol, max_lps)" % key)
    o = _opts("mpol_stackelberg_opts", lib.mpol_stackelberg_opts_init, opts)
    with owned("mpol_bsg_game", lib.mpol_bsg_game_free) as bg:
        check(lib.mpol_model_bsg(bg, model.ptr))
        b = bg[0]
        return _run("mpol_bsg_result", lib.mpol_bsg_result_free,
                    lambda out: lib.mpol_stackelberg_bayes_solve(out, ffi.addressof(b, "game"), o),
                    lambda r: _bsg_dict(r, b))

# SPDX-License-Identifier: GPL-3.0-or-later
"""Bayesian games (kind bayesian) through multipolar.bayes_solve / Model.solve: the three
equilibria of resolve.yaml exactly, pure BNE by brute force on seeded random games, errors."""

import itertools

import numpy as np
import pytest

import multipolar as mp
from conftest import model_path


def test_resolve_three_equilibria_exact():
    m = mp.Model.load_file(model_path("kazakhstan", "resolve.yaml"))
    r = m.solve(exact=True)
    assert r["method"] == "enumerate" and r["complete"] and r["exact"] and r["verified"]
    assert r["types"] == [["resolved", "bluffing"], ["only"]]
    assert r["priors"]["Russia"] == {"resolved": pytest.approx(0.3), "bluffing": pytest.approx(0.7)}
    got = sorted((e["strategies_exact"]["Russia"]["bluffing"]["press"],
                  e["strategies_exact"]["Kazakhstan"]["only"]["align"], tuple(e["ex_ante_exact"]))
                 for e in r["equilibria"])
    assert got == [("0", "0", ("3/10", "11/20")), ("1", "1", ("33/20", "9/20")),
                   ("2/21", "2/3", ("29/30", "9/20"))]
    for e in r["equilibria"]:
        assert e["strategies"]["Russia"]["resolved"]["press"] == 1.0  # pressing dominates
        for types in e["interim_regrets"].values():
            assert all(0 <= v <= r["tol_abs"] for v in types.values())
    mixed = [e for e in r["equilibria"] if e["strategies_exact"]["Kazakhstan"]["only"]["align"] == "2/3"][0]
    assert mixed["interim_payoffs"]["Russia"]["resolved"] == pytest.approx(5 / 3)
    assert mixed["interim_payoffs"]["Kazakhstan"]["only"] == pytest.approx(0.45)


def _random_bayes(rng):
    pri = [rng.integers(1, 5, size=2) for _ in range(2)]
    pri = [p / p.sum() for p in pri]
    U = rng.integers(-9, 10, size=(2, 2, 2, 2, 2))  # [t0, t1, a0, a1, player]
    lines = ["title: random", "kind: bayesian", "players:"]
    for p in range(2):
        lines += ["  - name: P%d" % p, "    types: [t0, t1]",
                  "    prior: [%r, %r]" % tuple(float(x) for x in pri[p]),
                  "    strategies: [a, b]"]
    lines.append("payoffs:")
    for t0, t1, a0, a1 in itertools.product(range(2), repeat=4):
        lines.append("  - {types: [t%d, t%d], profile: [%s, %s], payoff: [%d, %d]}" % (
            t0, t1, "ab"[a0], "ab"[a1], U[t0, t1, a0, a1, 0], U[t0, t1, a0, a1, 1]))
    return "\n".join(lines) + "\n", pri, U


def _pure_bne(pri, U):
    """Every pure BNE (plans: an action per type), by checking every type's deviations."""
    out = set()
    for plan in itertools.product(range(2), repeat=4):
        s = [plan[0:2], plan[2:4]]
        ok = True
        for p, t in itertools.product(range(2), range(2)):
            def interim(a):
                v = 0.0
                for u in range(2):  # the other's type, independent prior
                    prof = [None, None]
                    prof[p], prof[1 - p] = a, s[1 - p][u]
                    tt = (t, u) if p == 0 else (u, t)
                    v += pri[1 - p][u] * U[tt[0], tt[1], prof[0], prof[1], p]
                return v
            if interim(1 - s[p][t]) > interim(s[p][t]) + 1e-12:
                ok = False
        if ok:
            out.add(plan)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_pure_bne_match_brute_force(seed):
    text, pri, U = _random_bayes(np.random.default_rng(100 + seed))
    m = mp.Model.load_string(text, "random.yaml")
    r = mp.bayes_solve(m, "pure")
    assert r["verified"] and r["complete"]
    got = set()
    for e in r["equilibria"]:
        st = e["strategies"]
        got.add(tuple(0 if st["P%d" % p]["t%d" % t]["a"] == 1.0 else 1
                      for p in range(2) for t in range(2)))
    assert got == _pure_bne(pri, U)
    # enumerate lists every extreme equilibrium: the pure ones among them
    r = mp.bayes_solve(m, "enumerate")
    assert r["verified"]
    pure = {tuple(int(round(e["strategies"]["P%d" % p]["t%d" % t]["b"])) for p in range(2)
                  for t in range(2)) for e in r["equilibria"]
            if all(v in (0.0, 1.0) for v in e["strategy"])}
    assert pure == got


def test_bayes_errors():
    m = mp.Model.load_file(model_path("kazakhstan", "resolve.yaml"))
    with pytest.raises(TypeError, match="unknown option 'bogus'"):
        m.solve(bogus=1)
    with pytest.raises(mp.Error, match="bayesian methods are .*not 'lh'"):
        m.solve("lh")
    with pytest.raises(mp.Error) as info:
        mp.bayes_solve(mp.Model.load_file(model_path("examples", "entry_deterrence.yaml")))
    assert info.value.status == "MPOL_EINVAL" and "a bayesian model" in info.value.message
    r = m.solve("tree", tree_method="sequence-lemke")
    assert r["method"] == "tree" and r["verified"]
    assert mp.methods("bayesian") == ["auto", "enumerate", "pure", "logit", "tree"]


def test_resolve_sweep_breakpoint():
    # the separating equilibrium (the bluffer concedes, Kazakhstan hedges) needs hedging to
    # pay: p * (1 - 1.5) + (1 - p) * 1 >= 0.45, i.e. p_resolve <= 0.55 / 1.5 = 11/30
    r = mp.Model.load_file(model_path("kazakhstan", "resolve.yaml")).sweep()
    assert r["verified"].all() and r["unverified"] == 0 and len(r["params"]) == 101
    assert [b["at"] for b in r["breakpoints"]] == [pytest.approx(11 / 30, abs=1e-8)]
    assert r["breakpoints"][0]["from_regime"].startswith("3 equilibria")

# SPDX-License-Identifier: GPL-3.0-or-later
"""Bayesian Stackelberg models (kind bayesian-stackelberg) through multipolar.bsg_solve /
Model.solve: the bundled model against the CLI's figures, seeded random games with two
leader strategies against an exact search over the breakpoints, errors."""

import itertools

import numpy as np
import pytest

import multipolar as mp
from conftest import model_path


def test_us_commitment():
    r = mp.Model.load_file(model_path("kazakhstan", "us_commitment_bayes.yaml")).solve()
    assert r["verified"] and r["leader"] == "US" and r["follower"] == "Kazakhstan"
    assert r["replies"] == {"russia_leaning": "align_russia", "balancer": "multi_vector"}
    assert sum(r["commitment"].values()) == pytest.approx(1.0, abs=1e-12)
    assert r["value"] == pytest.approx(sum(r["priors"][t] * r["type_values"][t]
                                           for t in r["types"]), abs=1e-12)
    assert all(v <= r["tol_abs"] for v in r["type_regrets"].values())


def _random(rng, n=3, ntypes=2):
    L = rng.integers(-9, 10, size=(ntypes, 2, n))
    F = rng.integers(-9, 10, size=(ntypes, 2, n))
    prior = rng.integers(1, 5, size=ntypes)
    prior = prior / prior.sum()
    lines = ["title: random", "kind: bayesian-stackelberg",
             "leader: {name: L, strategies: [u, d]}",
             "follower: {name: F, strategies: [%s]}" % ", ".join("f%d" % j for j in range(n)),
             "types:"]
    for t in range(ntypes):
        lines += ["  - name: t%d" % t, "    prior: %r" % float(prior[t]), "    payoffs:"]
        for i in range(2):
            lines.append("      - [%s]" % ", ".join("[%d, %d]" % (L[t, i, j], F[t, i, j])
                                                     for j in range(n)))
    return "\n".join(lines) + "\n", L, F, prior


def _best(L, F, prior):
    """The strong Stackelberg value with two leader strategies: the leader's payoff is
    piecewise linear in p = P(u) between the points where a type is indifferent, so the
    optimum is at 0, 1 or such a point, with ties broken for the leader."""
    ntypes, _, n = F.shape
    cands = {0.0, 1.0}
    for t in range(ntypes):
        for j, k in itertools.combinations(range(n), 2):
            # p F[t,0,j] + (1-p) F[t,1,j] = p F[t,0,k] + (1-p) F[t,1,k]
            a = (F[t, 0, j] - F[t, 1, j]) - (F[t, 0, k] - F[t, 1, k])
            if a != 0:
                p = (F[t, 1, k] - F[t, 1, j]) / a
                if 0 <= p <= 1:
                    cands.add(float(p))
    best = -np.inf
    for p in cands:
        x = np.array([p, 1 - p])
        v = 0.0
        for t in range(ntypes):
            fu, lu = x @ F[t], x @ L[t]
            tied = np.flatnonzero(fu >= fu.max() - 1e-12)
            v += prior[t] * lu[tied].max()
        best = max(best, v)
    return best


@pytest.mark.parametrize("seed", range(8))
def test_random_games_match_breakpoint_search(seed):
    text, L, F, prior = _random(np.random.default_rng(400 + seed))
    r = mp.bsg_solve(mp.Model.load_string(text, "random.yaml"))
    assert r["verified"]
    assert r["value"] == pytest.approx(_best(L, F, prior), abs=1e-7)


def test_bsg_errors():
    m = mp.Model.load_file(model_path("kazakhstan", "us_commitment_bayes.yaml"))
    with pytest.raises(TypeError, match="unknown option 'leader'"):
        m.solve(leader=1)
    with pytest.raises(mp.Error, match="bayesian-stackelberg methods are milp; not 'lp'"):
        m.solve("lp")
    with pytest.raises(mp.Error) as info:
        mp.bsg_solve(mp.Model.load_file(model_path("kazakhstan", "resolve.yaml")))
    assert info.value.status == "MPOL_EINVAL"

# SPDX-License-Identifier: GPL-3.0-or-later
"""Stochastic games (kind stochastic) through multipolar.sg_solve / Model.solve: the Big
Match's value and stationary strategies, seeded random zero-sum games checked here by a
policy evaluation and one-shot deviations (numpy), the methods' agreement, errors."""

import itertools

import numpy as np
import pytest

import multipolar as mp
from conftest import model_path


@pytest.mark.parametrize("delta", [0.5, 0.9, 0.99])
def test_big_match_value_and_strategies(delta):
    m = mp.Model.load_file(model_path("examples", "big_match.yaml"))
    m.set_param("delta", delta)
    r = m.solve()
    assert r["zero_sum"] and r["found"] and r["verified"] and r["check"]["ok"]
    # Blackwell-Ferguson: normalised value 1/2 for every discount factor
    assert r["values"]["play"]["Row"] * (1 - delta) == pytest.approx(0.5, abs=1e-8)
    assert r["values"]["play"]["Column"] == pytest.approx(-r["values"]["play"]["Row"])
    assert r["values"]["won"]["Row"] == pytest.approx(1 / (1 - delta), abs=1e-8)
    assert r["values"]["lost"]["Row"] == pytest.approx(0.0, abs=1e-12)
    s = r["strategies"]["play"]
    assert s["Row"]["stop"] == pytest.approx((1 - delta) / (2 - delta), abs=1e-8)
    assert s["Column"] == {"left": pytest.approx(0.5, abs=1e-8), "right": pytest.approx(0.5, abs=1e-8)}
    assert r["check"]["gap"].shape == (3,) and r["check"]["regret"] is None
    assert r["max_error"] <= 1e-9 * r["check"]["scale"]


def _random_sg(rng, nstates=3, k=2, delta=0.8):
    A = rng.integers(-5, 6, size=(nstates, k, k))
    P = rng.integers(0, 4, size=(nstates, k, k, nstates)) + 0.0
    P[..., 0] += 1  # every row has weight
    P /= P.sum(axis=-1, keepdims=True)
    lines = ["title: random", "kind: stochastic", "players: [R, C]", "discount: %r" % delta,
             "states:"]
    for s in range(nstates):
        lines += ["  - name: s%d" % s,
                  "    strategies: [[%s], [%s]]" % (", ".join("r%d" % i for i in range(k)),
                                                    ", ".join("c%d" % j for j in range(k))),
                  "    payoffs:"]
        for i, j in itertools.product(range(k), repeat=2):
            nxt = ", ".join("s%d: %r" % (t, float(P[s, i, j, t])) for t in range(nstates))
            lines.append("      - {profile: [r%d, c%d], payoff: %d, next: {%s}}"
                         % (i, j, A[s, i, j], nxt))
    return "\n".join(lines) + "\n", A, P, delta


def _check_equilibrium(r, A, P, delta, tol=1e-7):
    """Evaluates the stationary profile (a linear solve) and checks that no one-shot pure
    deviation in any state gains more than tol: then, by the one-shot deviation principle,
    the values are the game's."""
    n, k = A.shape[0], A.shape[1]
    x = np.array([[r["strategies"]["s%d" % s]["R"]["r%d" % i] for i in range(k)] for s in range(n)])
    y = np.array([[r["strategies"]["s%d" % s]["C"]["c%d" % j] for j in range(k)] for s in range(n)])
    rew = np.einsum("si,sij,sj->s", x, A, y)
    T = np.einsum("si,sijt,sj->st", x, P, y)
    v = np.linalg.solve(np.eye(n) - delta * T, rew)
    assert v == pytest.approx([r["values"]["s%d" % s]["R"] for s in range(n)], abs=tol)
    Q = A + delta * np.einsum("sijt,t->sij", P, v)  # stage games with v as continuation
    for s in range(n):
        assert (Q[s] @ y[s]).max() <= v[s] + tol   # the row player cannot gain
        assert (x[s] @ Q[s]).min() >= v[s] - tol   # nor the column player
    return v


@pytest.mark.parametrize("seed", range(6))
def test_random_zero_sum_games_by_policy_evaluation(seed):
    text, A, P, delta = _random_sg(np.random.default_rng(200 + seed))
    m = mp.Model.load_string(text, "random.yaml")
    values = []
    for method in ("shapley", "policy-iteration", "value-iteration"):
        r = mp.sg_solve(m, method)
        assert r["verified"] and r["method"] == method
        values.append(_check_equilibrium(r, A, P, delta, tol=1e-7 if method != "value-iteration" else 1e-5))
    assert values[0] == pytest.approx(values[1], abs=1e-7)
    assert values[0] == pytest.approx(values[2], abs=1e-5)


def test_world_orders_verifies():
    r = mp.Model.load_file(model_path("kazakhstan", "world_orders.yaml")).solve()
    assert r["verified"] and r["found"] and set(r["states"]) == set(r["values"])
    for s in r["states"]:
        for probs in r["strategies"][s].values():
            assert sum(probs.values()) == pytest.approx(1.0, abs=1e-12)


def test_stochastic_errors():
    m = mp.Model.load_file(model_path("examples", "big_match.yaml"))
    with pytest.raises(TypeError, match="unknown option 'nope'"):
        m.solve(nope=3)
    with pytest.raises(mp.Error, match="stochastic methods are .*not 'enum'"):
        m.solve("enum")
    with pytest.raises(mp.Error) as info:
        mp.sg_solve(mp.Model.load_file(model_path("examples", "matching_pennies.yaml")))
    assert info.value.status == "MPOL_EINVAL" and "a stochastic model" in info.value.message


def test_general_sum_repeated_dilemma_as_one_state():
    # a one-state stochastic game is a discounted repeated game: the stationary equilibrium
    # is stage Nash (defect, defect) every period, each player earning 1 / (1 - 0.5) = 2
    text = """title: gs
kind: stochastic
players: [A, B]
discount: 0.5
states:
  - name: s
    strategies: [[c, d], [c, d]]
    payoffs:
      - {profile: [c, c], payoff: [3, 3], next: s}
      - {profile: [c, d], payoff: [0, 5], next: s}
      - {profile: [d, c], payoff: [5, 0], next: s}
      - {profile: [d, d], payoff: [1, 1], next: s}
"""
    r = mp.Model.load_string(text, "gs.yaml").solve()
    assert r["method"] == "fictitious-play" and not r["zero_sum"]
    assert r["found"] and r["verified"]
    assert r["values"]["s"] == {"A": pytest.approx(2.0), "B": pytest.approx(2.0)}
    assert r["strategies"]["s"]["A"]["d"] == pytest.approx(1.0)
    assert r["check"]["regret"].shape == (1, 2) and r["check"]["gap"] is None
    assert mp.methods("stochastic")[-1] == "fictitious-play"
    assert mp.Model.load_file(model_path("examples", "big_match.yaml")).solve(
        "hoffman-karp")["method"] == "policy-iteration"  # an alias the library accepts

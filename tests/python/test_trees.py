# SPDX-License-Identifier: GPL-3.0-or-later
"""Tree models (kind tree, and .efg files) through multipolar.tree_solve / Model.solve and
Model.tree(): literature values, brute force on seeded random trees, and the error paths."""

import os

import numpy as np
import pytest

import multipolar as mp
from conftest import ROOT, model_path

KUHN = os.path.join(ROOT, "tests", "data", "trees", "kuhn.efg")


def test_kuhn_value_is_minus_one_eighteenth_exactly():
    m = mp.Model.load_file(KUHN)
    assert m.kind == "tree"
    r = m.solve(exact=True)
    assert r["method"] == "sequence-lp" and r["exact"] and r["verified"]
    e = r["equilibria"][0]
    assert e["values_exact"] == ["-1/18", "1/18"]
    assert e["values"][0] == pytest.approx(-1 / 18, abs=1e-12)
    assert r["max_error"] <= r["tol_abs"]
    # Player 2's equilibrium strategy is unique (Kuhn 1950): with the jack bluff 1/3 after
    # a check, with the queen call a bet 1/3, with the king always bet and call.
    s = e["strategies_exact"]["Player 2"]
    assert s["2:J:c"] == {"bet": "1/3", "check": "2/3"}
    assert s["2:Q:b"] == {"call": "1/3", "fold": "2/3"}
    assert s["2:K:b"] == {"call": "1", "fold": "0"} and s["2:K:c"]["bet"] == "1"
    assert s["2:J:b"]["fold"] == "1" and s["2:Q:c"]["check"] == "1"
    # player 1's probabilities at each set form a distribution
    for sets in e["strategies"].values():
        for probs in sets.values():
            assert sum(probs.values()) == pytest.approx(1.0, abs=1e-12)
    # beliefs by Bayes' rule: facing a bet with the queen, player 2 holds the jack's bet
    # (probability a) against the king's (3a, Kuhn's family): beliefs 1/4 and 3/4
    assert all(0.0 <= b <= 1.0 for b in e["beliefs"].values())
    t = m.tree()
    h = [h for h in t["infosets"] if h["name"] == "2:Q:b"][0]
    assert [t["nodes"][n]["name"] for n in h["nodes"]] == ["JQ/bet", "KQ/bet"]
    a = e["strategies"]["Player 1"]["1:J:"]["bet"]
    assert e["strategies"]["Player 1"]["1:K:"]["bet"] == pytest.approx(3 * a, abs=1e-9)
    if a > 0:
        assert e["beliefs"]["JQ/bet"] == pytest.approx(0.25, abs=1e-9)
        assert e["beliefs"]["KQ/bet"] == pytest.approx(0.75, abs=1e-9)


def test_entry_deterrence_spe_and_the_nash_equilibrium_that_is_not():
    m = mp.Model.load_file(model_path("examples", "entry_deterrence.yaml"))
    r = m.solve()
    assert r["method"] == "backward-induction" and r["complete"] and r["verified"]
    assert len(r["equilibria"]) == 1
    e = r["equilibria"][0]
    assert e["strategies"] == {"Entrant": {"root": {"Out": 0.0, "In": 1.0}},
                               "Incumbent": {"In": {"Fight": 0.0, "Accommodate": 1.0}}}
    assert e["values"].tolist() == [2.0, 2.0] and e["subgame_perfect"]
    assert e["regrets"].tolist() == [0.0, 0.0]
    # all extreme Nash equilibria: (Out, Fight) and (Out, 1/2 Fight) are not subgame perfect
    r = m.solve("sequence-enum")
    assert r["complete"] and r["verified"]
    got = sorted((e["strategies"]["Entrant"]["root"]["In"],
                  e["strategies"]["Incumbent"]["In"]["Fight"], tuple(e["values"]))
                 for e in r["equilibria"])
    assert got == [(0.0, 0.5, (1.0, 5.0)), (0.0, 1.0, (1.0, 5.0)), (1.0, 0.0, (2.0, 2.0))]
    # a cheap fight makes the threat credible: fight_cost < -2
    m.set_param("fight_cost", -3)
    e = m.solve()["equilibria"][0]
    assert e["strategies"]["Incumbent"]["In"]["Fight"] == 1.0
    assert e["strategies"]["Entrant"]["root"]["Out"] == 1.0 and e["values"].tolist() == [1, 5]


def test_tree_view():
    m = mp.Model.load_file(model_path("examples", "entry_deterrence.yaml"))
    t = m.tree()
    assert t["players"] == ["Entrant", "Incumbent"] and t["perfect_information"]
    assert not t["constant_sum"] and len(t["nodes"]) == 5 and t["nactions"] == 4
    assert [h["actions"] for h in t["infosets"]] == [["Out", "In"], ["Fight", "Accommodate"]]
    assert [h["player"] for h in t["infosets"]] == ["Entrant", "Incumbent"]
    leaves = {n["name"]: n["payoffs"].tolist() for n in t["nodes"] if n["type"] == "terminal"}
    assert leaves == {"Out": [1, 5], "In/Fight": [0, 0], "In/Accommodate": [2, 2]}
    assert t["nodes"][0]["children"] == [1, 2] and t["nodes"][2]["parent"] == 0
    k = mp.Model.load_file(KUHN).tree()
    assert len(k["nodes"]) == 55 and not k["perfect_information"] and k["constant_sum"]
    chance = [h for h in k["infosets"] if h["player"] is None]
    assert chance and sum(chance[0]["probs"]) == pytest.approx(1.0)
    assert sum(1 for h in k["infosets"] if h["player"] == "Player 1") == 6


def _random_tree(rng, depth, nplayers, counter):
    """A random perfect-information tree as YAML lines and, for brute force, nested
    tuples (player, [children]) or payoff lists."""
    if depth == 0 or (counter[0] > 1 and rng.random() < 0.25):
        pay = [int(v) for v in rng.permutation(1000)[:nplayers]]
        pay = [v + counter[0] * 1000 for v in pay]  # distinct everywhere: no ties
        counter[0] += 1
        return pay
    counter[0] += 1
    player = int(rng.integers(nplayers))
    k = int(rng.integers(2, 4))
    return (player, [_random_tree(rng, depth - 1, nplayers, counter) for _ in range(k)])


def _yaml(node, indent):
    pad = " " * indent
    out = [pad + "player: P%d" % node[0], pad + "actions:"]
    for i, c in enumerate(node[1]):
        if isinstance(c, list):
            out.append(pad + "  - {name: a%d, payoff: [%s]}" % (i, ", ".join(map(str, c))))
        else:
            out.append(pad + "  - name: a%d" % i)
            out.append(pad + "    node:")
            out.extend(_yaml(c, indent + 6))
    return out


def _backward(node):
    if isinstance(node, list):
        return node
    vals = [_backward(c) for c in node[1]]
    return max(vals, key=lambda v: v[node[0]])


@pytest.mark.parametrize("seed", range(6))
def test_backward_induction_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    nplayers = 2 + seed % 2
    root = _random_tree(rng, 4, nplayers, [0])
    if isinstance(root, list):
        root = (0, [root, [v + 1 for v in root]])
    text = ("title: random\nkind: tree\nplayers: [%s]\nroot:\n"
            % ", ".join("P%d" % p for p in range(nplayers))) + "\n".join(_yaml(root, 2)) + "\n"
    m = mp.Model.load_string(text, "random.yaml")
    r = mp.tree_solve(m, "backward-induction")
    assert r["verified"] and r["complete"] and len(r["equilibria"]) == 1
    assert r["equilibria"][0]["values"].tolist() == _backward(root)
    if nplayers == 2:  # Lemke on the sequence form finds a Nash equilibrium, checked too
        r = mp.tree_solve(m, "sequence-lemke")
        assert r["verified"] and max(r["equilibria"][0]["regrets"]) <= r["tol_abs"]


def test_pressure_response_solves_and_verifies():
    m = mp.Model.load_file(model_path("kazakhstan", "pressure_response.yaml"))
    r = m.solve()
    assert r["verified"] and r["equilibria"]
    for e in r["equilibria"]:
        assert max(e["regrets"]) <= r["tol_abs"]
        assert set(e["strategies"]) == set(r["players"])


def test_verify_error_carries_the_result():
    m = mp.Model.load_file(model_path("examples", "entry_deterrence.yaml"))
    with pytest.raises(mp.VerifyError) as info:
        m.solve("agent-qre", qre_lambda_max=0.5)  # stops far from the equilibrium
    e = info.value
    assert e.status == "MPOL_EVERIFY" and e.result["verified"] is False
    assert e.result["max_error"] > e.result["tol_abs"]


def test_tree_errors():
    m = mp.Model.load_file(model_path("examples", "entry_deterrence.yaml"))
    with pytest.raises(TypeError, match="unknown option 'foo'"):
        m.solve(foo=1)
    with pytest.raises(mp.Error, match="tree methods are .*not 'bogus'"):
        m.solve("bogus")
    with pytest.raises(mp.Error) as info:
        m.solve("sequence-lp")
    assert info.value.status == "MPOL_EINVAL" and "zero sum" in info.value.message
    with pytest.raises(mp.Error) as info:
        m.solve(subgame_method="nonsense")
    assert info.value.status == "MPOL_EINVAL"
    zs = mp.Model.load_file(model_path("examples", "matching_pennies.yaml"))
    for call in (lambda: mp.tree_solve(zs), zs.tree):
        with pytest.raises(mp.Error) as info:
            call()
        assert info.value.status == "MPOL_EINVAL" and "a tree model" in info.value.message
    assert mp.methods("tree")[0] == "auto"


def test_kinds_lists_every_kind_of_the_library():
    assert mp.KINDS == ("zero-sum", "bimatrix", "normal-form", "tu", "weighted-voting",
                        "hedonic", "bayesian-stackelberg", "stochastic", "tree", "bayesian",
                        "repeated")
    for name in ("pressure_response", "resolve", "world_orders", "eaeu_cooperation"):
        assert mp.Model.load_file(model_path("kazakhstan", name + ".yaml")).kind in mp.KINDS
    m = mp.Model.load_file(model_path("kazakhstan", "us_commitment_bayes.yaml"))
    assert m.kind == "bayesian-stackelberg" and m.solve()["verified"]

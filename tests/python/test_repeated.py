# SPDX-License-Identifier: GPL-3.0-or-later
"""Repeated games (kind repeated) through multipolar.rg_solve / Model.solve: the prisoners'
dilemma's critical discount factor (T-R)/(T-P) on seeded random dilemmas, minmax values,
the feasible and Abreu-Sannikov sets, profiles asked by name, errors."""

import numpy as np
import pytest

import multipolar as mp
from conftest import model_path


def _pd(T, R, P, S, delta):
    return ("title: pd\nkind: repeated\ndiscount: %r\nstage:\n  kind: bimatrix\n  players:\n"
            "    - {name: A, strategies: [c, d]}\n    - {name: B, strategies: [c, d]}\n"
            "  payoffs:\n    - [[%d, %d], [%d, %d]]\n    - [[%d, %d], [%d, %d]]\n"
            % (delta, R, R, S, T, T, S, P, P))


def test_bundled_pd():
    r = mp.Model.load_file(model_path("examples", "repeated_pd.yaml")).solve()
    assert r["verified"] and r["delta"] == 0.6
    cc = [p for p in r["profiles"] if p["profile"] == ["cooperate", "cooperate"]][0]
    assert cc["grim"] == pytest.approx(0.5, abs=1e-12) and cc["grim_sustained"]
    assert cc["penal"] == pytest.approx(0.5, abs=1e-8) and cc["penal_sustained"]
    assert r["nash"] == [["defect", "defect"]]
    assert r["minmax"]["pure"].tolist() == [1, 1] and r["minmax"]["mixed"].tolist() == [1, 1]
    assert sorted(map(tuple, r["feasible"].tolist())) == [(0, 5), (1, 1), (3, 3), (5, 0)]
    # AS set at delta = 0.6: the individually rational part of the feasible set
    assert r["as"]["verified"] and r["as"]["converged"]
    assert r["as"]["worst"] == [pytest.approx(1.0, abs=1e-8)] * 2
    got = sorted(map(tuple, np.round(r["as"]["vertices"], 6).tolist()))
    assert got == [(1, 1), (1, 4.333333), (3, 3), (4.333333, 1)]
    dc = [p for p in r["profiles"] if p["profile"] == ["defect", "cooperate"]][0]
    assert dc["grim"] == float("inf") and not dc["grim_sustained"]


@pytest.mark.parametrize("seed", range(8))
def test_random_dilemmas_critical_factor(seed):
    rng = np.random.default_rng(300 + seed)
    S, P, R, T = sorted(rng.choice(np.arange(-10, 20), size=4, replace=False).tolist())
    crit = (T - R) / (T - P)
    for delta in (crit - 0.05, crit + 0.05):
        if not 0 < delta < 1:
            continue
        r = mp.Model.load_string(_pd(T, R, P, S, delta), "pd.yaml").solve(
            profiles=[["c", "c"]], spe_set=False)
        assert r["verified"] and len(r["profiles"]) == 1
        cc = r["profiles"][0]
        assert cc["grim"] == pytest.approx(crit, abs=1e-12)
        assert cc["grim_sustained"] == (delta >= crit)
        assert r["as"] is None
        assert r["minmax"]["pure"].tolist() == [P, P]


def test_eaeu_cooperation_verifies():
    r = mp.Model.load_file(model_path("kazakhstan", "eaeu_cooperation.yaml")).solve()
    assert r["verified"] and r["as"]["verified"]
    for p in r["profiles"]:
        if p["grim"] is not None and p["grim"] != float("inf"):
            assert p["grim_sustained"] == (r["delta"] >= p["grim"] - 1e-12)
    assert r["ir"].shape[1] == 2 and len(r["nash"]) >= 1


def test_repeated_errors_and_delta_override():
    m = mp.Model.load_file(model_path("examples", "repeated_pd.yaml"))
    with pytest.raises(TypeError, match="unknown option 'bogus'"):
        m.solve(bogus=1)
    with pytest.raises(mp.Error, match="repeated models have no methods"):
        m.solve("enum")
    with pytest.raises(mp.Error, match="no action 'sing'"):
        m.solve(profiles=[["sing", "cooperate"]])
    with pytest.raises(mp.Error) as info:
        mp.rg_solve(mp.Model.load_file(model_path("examples", "big_match.yaml")))
    assert info.value.status == "MPOL_EINVAL" and "a repeated model" in info.value.message
    r = m.solve(delta=0.4, spe_set=False)
    cc = [p for p in r["profiles"] if p["profile"] == ["cooperate", "cooperate"]][0]
    assert r["delta"] == 0.4 and not cc["grim_sustained"]
    assert mp.methods("repeated") == []


def test_pd_sweep_breaks_at_the_critical_factor():
    r = mp.Model.load_file(model_path("examples", "repeated_pd.yaml")).sweep()
    assert r["verified"].all() and r["unverified"] == 0
    at = [b["at"] for b in r["breakpoints"]]
    assert pytest.approx(0.5, abs=1e-8) in at  # (T - R) / (T - P): cooperation sustained
    last = [b for b in r["breakpoints"] if abs(b["at"] - 0.5) < 1e-6][0]
    assert "(cooperate/cooperate)" in last["to_regime"]
    assert "(cooperate/cooperate)" not in last["from_regime"]

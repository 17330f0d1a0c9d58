# SPDX-License-Identifier: GPL-3.0-or-later
"""Sweeps return numpy arrays per grid point and the refined breakpoints (mpol_sweep_run)."""

import json
import subprocess

import numpy as np
import pytest

import multipolar as mp
from conftest import model_path


def test_sweep_matches_cli(cli):
    path = model_path("kazakhstan", "trade_security.yaml")
    doc = json.loads(subprocess.run([cli, "sweep", path, "-f", "json", "-q"], check=True,
                                    capture_output=True, text=True).stdout)
    s = mp.Model.load_file(path).sweep()
    n = doc["axes"][0]["steps"]
    assert s["params"].shape == (n, 1) and s["value"].shape == (n,)
    assert s["solution"].shape == (n, len(doc["columns"]))
    assert s["columns"] == doc["columns"]
    assert s["value_name"] == doc["value"] and s["certificate_name"] == doc["certificate"]
    assert s["verified"].all() and s["unverified"] == 0 and len(s["failed"]) == 0
    assert s["regimes"] == [r["structure"] for r in doc["regimes"]]
    np.testing.assert_array_equal(s["regime"], [p["regime"] for p in doc["points"]])
    np.testing.assert_allclose(s["solution"], [p["solution"] for p in doc["points"]],
                               rtol=1e-12, atol=1e-15)
    assert [b["at"] for b in s["breakpoints"]] == pytest.approx(
        [b["at"] for b in doc["breakpoints"]], abs=1e-12)
    assert [b["param"] for b in s["breakpoints"]] == ["hedge_cost"] * len(doc["breakpoints"])


def test_two_axis_sweep_and_threads():
    m = mp.Model.load_file(model_path("kazakhstan", "hedging.yaml"))
    assert m.nsweep == 2 and m.sweep_axis(0)["param"] == "ru_pressure"
    calls = []
    one = mp.sweep_run(m, threads=1, progress=lambda done, total: calls.append((done, total)))
    assert calls and all(total == 101 * 51 for _, total in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    many = mp.sweep_run(m, threads=0)
    assert one["params"].shape == (101 * 51, 2)
    assert one["param_names"] == ["ru_pressure", "cn_leverage"]
    for key in ("value", "solution", "certificate", "regime", "signature"):
        np.testing.assert_array_equal(one[key], many[key])
    assert one["verified"].all() and len(one["regimes"]) > 1 and one["breakpoints"]
    assert (one["certificate"] <= 1e-9).all()
    # the value at a grid point is the value of a solve at that point
    k = 1234
    for name, v in zip(one["param_names"], one["params"][k]):
        m.set_param(name, v)
    assert m.solve()["value"] == pytest.approx(one["value"][k], abs=1e-12)


def test_sweep_given_axes_and_no_refine():
    m = mp.Model.load_file(model_path("kazakhstan", "blocs.yaml"))
    s = mp.sweep_run(m, axes={"transit": {"from": 0, "to": 10, "steps": 5}}, refine=False)
    np.testing.assert_allclose(s["params"][:, 0], [0, 2.5, 5, 7.5, 10])
    assert s["verified"].all()
    with pytest.raises(mp.Error):
        mp.sweep_run(m, axes=[{"param": "nope", "from": 0, "to": 1, "steps": 3}])
    with pytest.raises(mp.Error):  # rps has no sweep: section
        mp.sweep_run(mp.Model.load_file(model_path("examples", "rps.yaml")))

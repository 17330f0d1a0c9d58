# SPDX-License-Identifier: GPL-3.0-or-later
"""Failures raise multipolar.Error with the library's status, message and location."""

import pytest

import multipolar as mp
from conftest import model_path

PENNIES = """title: t
kind: zero-sum
players:
  - name: A
    strategies: [a, b]
  - name: B
    strategies: [a, b]
payoffs:
  - [1, -1]
  - [-1, 1]
"""


def test_bad_key_has_file_line_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(PENNIES.replace("payoffs:", "payofs:"))
    with pytest.raises(mp.Error) as info:
        mp.Model.load_file(path)
    e = info.value
    assert e.status == "MPOL_EPARSE" and e.code == 4
    assert e.file == str(path) and e.line == 8 and e.column == 1
    assert 'unknown key "payofs"' in e.message and 'did you mean "payoffs"' in e.message
    assert str(e).startswith("MPOL_EPARSE: ")


def test_bad_string_names_its_source():
    with pytest.raises(mp.Error) as info:
        mp.Model.load_string(PENNIES.replace("[1, -1]", '["1 + q", -1]'), "mine.yaml")
    e = info.value
    assert (e.status, e.file, e.line, e.column) == ("MPOL_EPARSE", "mine.yaml", 9, 11)  # at the "q"
    assert 'unknown parameter "q"' in e.message


def test_yaml_syntax_error():
    with pytest.raises(mp.Error) as info:
        mp.Model.load_string("title: [t\nkind: zero-sum\n", "s.yaml")
    assert info.value.status == "MPOL_EPARSE" and info.value.line == 3


def test_numeric_error_at_solve_time():
    text = PENNIES.replace("kind: zero-sum", "kind: zero-sum\nparameters:\n  p: {default: 1}")
    m = mp.Model.load_string(text.replace("[1, -1]", '["1/p", -1]'), "d.yaml")
    assert m.solve()["verified"]
    m.set_param("p", 0)
    with pytest.raises(mp.Error) as info:
        m.solve()
    e = info.value
    assert e.status == "MPOL_ENUMERIC" and (e.file, e.line, e.column) == ("d.yaml", 11, 8)
    assert "division by zero" in e.message
    m.set_param("p", 2)
    assert m.solve()["verified"]


def test_missing_file():
    with pytest.raises(mp.Error) as info:
        mp.Model.load_file("/nonexistent/model.yaml")
    e = info.value
    assert e.status == "MPOL_EIO" and "cannot open" in e.message
    assert e.line is None and e.column is None


def test_bad_parameter_name():
    m = mp.Model.load_file(model_path("kazakhstan", "hedging.yaml"))
    with pytest.raises(mp.Error) as info:
        m.set_param("ru_presure", 1.0)
    assert info.value.status == "MPOL_EINVAL"
    assert 'unknown parameter "ru_presure"' in info.value.message
    with pytest.raises(mp.Error):
        m.param_value("nope")


def test_wrong_method_for_kind():
    zs = mp.Model.load_file(model_path("kazakhstan", "hedging.yaml"))
    with pytest.raises(mp.Error) as info:
        zs.solve("shapley")
    assert info.value.status == "MPOL_EINVAL" and "not 'shapley'" in info.value.message
    with pytest.raises(mp.Error) as info:
        mp.tu_shapley(zs)
    assert info.value.status == "MPOL_EINVAL"
    tu = mp.Model.load_file(model_path("examples", "glove.yaml"))
    for call in (mp.zs_solve, mp.nash_logit, mp.power_banzhaf, mp.hedonic_search,
                 mp.bimatrix_enumerate):
        with pytest.raises(mp.Error):
            call(tu)
    with pytest.raises(mp.Error) as info:
        mp.zs_solve(zs, "simplx")  # the library's method parser refuses it
    assert info.value.status == "MPOL_EINVAL"
    with pytest.raises(mp.Error) as info:
        mp.tu_owen(tu)  # the glove game declares no unions
    assert "unions" in info.value.message


def test_unknown_option_is_type_error():
    m = mp.Model.load_file(model_path("examples", "rps.yaml"))
    with pytest.raises(TypeError):
        mp.zs_solve(m, tolerance=1e-6)
    assert mp.zs_solve(m, tol=1e-6, eliminate=0)["verified"]


def test_error_is_per_call():
    """A later success is not disturbed by an earlier failure's message."""
    with pytest.raises(mp.Error):
        mp.Model.load_string("kind: nope\n", "k.yaml")
    m = mp.Model.load_file(model_path("examples", "rps.yaml"))
    assert m.solve()["verified"]


def test_failed_check_raises_verify_error_with_the_result():
    """A tolerance below rounding makes the library's own check fail: MPOL_EVERIFY with the
    result, which VerifyError carries (verified False, the measured error)."""
    m = mp.Model.load_file(model_path("kazakhstan", "hedging.yaml"))
    with pytest.raises(mp.VerifyError) as info:
        mp.zs_solve(m, tol=1e-300)
    e = info.value
    assert isinstance(e, mp.Error) and e.status == "MPOL_EVERIFY"
    assert "failed verification" in e.message
    assert e.result["verified"] is False and e.result["check"]["ok"] is False
    assert 0 < e.result["max_error"] < 1e-12
    assert abs(e.result["value"] - mp.zs_solve(m)["value"]) < 1e-12
    t = mp.Model.load_file(model_path("kazakhstan", "trade_security.yaml"))
    with pytest.raises(mp.VerifyError) as info:
        mp.bimatrix_enumerate(t, tol=1e-30)
    assert info.value.result["verified"] is False
    assert len(info.value.result["equilibria"]) == 3

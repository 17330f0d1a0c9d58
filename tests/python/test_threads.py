# SPDX-License-Identifier: GPL-3.0-or-later
"""cffi releases the GIL around every library call: solves in threads run in parallel and
give the answers of serial solves."""

import threading
import time

import numpy as np

import multipolar as mp
from conftest import model_path, random_zero_sum


def _solve_all(models):
    return [mp.zs_solve(m, "simplex", eliminate=0) for m in models]


def test_two_threads_solve_in_parallel_with_serial_answers():
    models = [mp.Model.load_string(random_zero_sum(120, 120, seed), "r%d.yaml" % seed)
              for seed in range(6)]
    t0 = time.perf_counter()
    serial = _solve_all(models)
    t_serial = time.perf_counter() - t0
    out = [None, None]

    def work(k):
        out[k] = _solve_all(models[k::2])

    threads = [threading.Thread(target=work, args=(k,)) for k in (0, 1)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t_threads = time.perf_counter() - t0
    parallel = [None] * len(models)
    parallel[0::2], parallel[1::2] = out
    for s, p in zip(serial, parallel):
        assert p["verified"] and s["verified"]
        assert p["value"] == s["value"]
        np.testing.assert_array_equal(p["x"], s["x"])
        np.testing.assert_array_equal(p["y"], s["y"])
    print("6 solves of 120x120: serial %.3f s, two threads %.3f s" % (t_serial, t_threads))


def test_threads_share_one_model():
    m = mp.Model.load_file(model_path("kazakhstan", "four_powers.yaml"))
    ref = mp.nash_support_enum(m)
    results = []

    def work():
        results.append(mp.nash_support_enum(m))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    for r in results:
        assert r["verified"] and len(r["profiles"]) == len(ref["profiles"])
        for p, q in zip(r["profiles"], ref["profiles"]):
            for a, b in zip(p["strategies"], q["strategies"]):
                np.testing.assert_array_equal(a, b)


def test_gil_is_released_during_a_solve():
    """While one thread is inside a long C call the main thread keeps running Python: the
    longest pause between its loop iterations is far shorter than the call."""
    m = mp.Model.load_string(random_zero_sum(400, 400, 7), "big.yaml")
    span = {}

    def work():
        span["start"] = time.perf_counter()
        span["result"] = mp.zs_solve(m, "simplex", eliminate=0)
        span["end"] = time.perf_counter()

    t = threading.Thread(target=work)
    stamps = []
    t.start()
    while t.is_alive():
        stamps.append(time.perf_counter())
    t.join()
    assert span["result"]["verified"]
    duration = span["end"] - span["start"]
    inside = [s for s in stamps if span["start"] <= s <= span["end"]]
    gaps = np.diff(inside) if len(inside) > 1 else np.array([duration])
    print("solve %.3f s; %d main-thread iterations during it; longest pause %.4f s"
          % (duration, len(inside), gaps.max()))
    assert len(inside) > 100
    assert gaps.max() < 0.5 * duration

# SPDX-License-Identifier: GPL-3.0-or-later
"""Every C object the package makes is freed: with counting allocation hooks installed
(mpol_set_allocator), loading, solving every kind, failing and sweeping leave no block of
the library's allocator behind."""

import gc

import cffi
import pytest

import multipolar as mp
from multipolar._lib import ffi, lib
from conftest import model_path

libc_ffi = cffi.FFI()
libc_ffi.cdef("void *malloc(size_t); void *realloc(void *, size_t); void free(void *);")
libc = libc_ffi.dlopen(None)


class Counting:
    def __init__(self):
        self.live = {}
        self.calls = 0

    def install(self):
        @ffi.callback("void *(size_t)")
        def c_malloc(size):
            p = ffi.cast("void *", libc.malloc(size))
            self.calls += 1
            self.live[int(ffi.cast("uintptr_t", p))] = size
            return p

        @ffi.callback("void *(void *, size_t)")
        def c_realloc(ptr, size):
            q = ffi.cast("void *", libc.realloc(ffi.cast("void *", ptr), size))
            if q != ffi.NULL:
                self.live.pop(int(ffi.cast("uintptr_t", ptr)), None)
                self.live[int(ffi.cast("uintptr_t", q))] = size
            self.calls += 1
            return q

        @ffi.callback("void (void *)")
        def c_free(ptr):
            self.live.pop(int(ffi.cast("uintptr_t", ptr)), None)
            libc.free(ffi.cast("void *", ptr))

        self.callbacks = (c_malloc, c_realloc, c_free)
        a = ffi.new("mpol_allocator *")
        a.malloc_fn, a.realloc_fn, a.free_fn = self.callbacks
        lib.mpol_set_allocator(a)

    def uninstall(self):
        lib.mpol_set_allocator(ffi.NULL)


def _exercise():
    for name in ("rps", "prisoners_dilemma", "three_powers", "glove", "unsc"):
        mp.Model.load_file(model_path("examples", name + ".yaml")).solve()
    for name in ("alliances", "balance", "blocs", "four_powers", "hedging", "trade_security"):
        m = mp.Model.load_file(model_path("kazakhstan", name + ".yaml"))
        for method in mp.methods(m.kind):
            try:
                m.solve(method)
            except mp.Error:
                pass  # e.g. hedonic "check" without a declared partition
    m = mp.Model.load_file(model_path("kazakhstan", "trade_security.yaml"))
    mp.bimatrix_enumerate(m, exact=True)
    mp.sweep_run(m, threads=1)
    mp.zs_all(mp.Model.load_file(model_path("examples", "rps.yaml")), exact=True)
    with pytest.raises(mp.Error):
        mp.Model.load_string("title: t\nkind: zero-sum\npayofs: 1\n", "bad.yaml")
    with mp.Model.load_file(model_path("examples", "glove.yaml")) as g:
        mp.tu_partition_core(g, [["L", "R1"], ["R2"]])
    for path in (model_path("kazakhstan", "pressure_response.yaml"),
                 model_path("kazakhstan", "resolve.yaml"),
                 model_path("kazakhstan", "world_orders.yaml"),
                 model_path("kazakhstan", "eaeu_cooperation.yaml"),
                 model_path("kazakhstan", "us_commitment_bayes.yaml"),
                 model_path("examples", "entry_deterrence.yaml"),
                 model_path("..", "tests", "data", "trees", "kuhn.efg")):
        m = mp.Model.load_file(path)
        for method in mp.methods(m.kind) or [None]:
            try:
                exact = {"exact": True} if path.endswith(("kuhn.efg", "resolve.yaml")) else {}
                m.solve(method, **exact)
            except mp.Error:
                pass  # a method that does not apply (sequence-lp on a general-sum tree)
        if m.kind == "tree":
            m.tree()
    with pytest.raises(mp.VerifyError):
        mp.Model.load_file(model_path("examples", "entry_deterrence.yaml")).solve(
            "agent-qre", qre_lambda_max=0.5)


def test_no_library_block_left_behind():
    _exercise()  # once without hooks: first-use allocations that live for the process
    gc.collect()
    counting = Counting()
    counting.install()
    try:
        _exercise()
        gc.collect()
    finally:
        counting.uninstall()
    assert counting.calls > 1000
    assert counting.live == {}, "%d blocks (%d bytes) not freed" % (
        len(counting.live), sum(counting.live.values()))

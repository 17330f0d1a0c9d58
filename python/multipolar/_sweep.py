# SPDX-License-Identifier: GPL-3.0-or-later
"""multipolar.sweep_run: mpol_sweep_run (multipolar/sweep.h) with numpy results."""

import numpy as np

from ._lib import check, ffi, lib, string
from ._model import array, strings
from ._solve import _run


def _grid(model, axes):
    g = ffi.new("mpol_sweep_grid *")
    if axes is None:
        check(lib.mpol_sweep_grid_from_model(g, model.ptr))
        return g
    if isinstance(axes, dict):
        axes = [dict(v, param=k) for k, v in axes.items()]
    if not 1 <= len(axes) <= 2:
        raise ValueError("multipolar: a sweep has one or two axes, not %d" % len(axes))
    g.naxes = len(axes)
    for i, a in enumerate(axes):
        g.param[i] = model.param_index(a["param"])
        getattr(g, "from")[i] = float(a["from"])
        g.to[i] = float(a["to"])
        g.steps[i] = int(a["steps"])
    return g


def _result(r, model):
    npts, nax, nc = r.npoints, r.nparams_out, r.ncols
    # MPOL_SWEEP_NO_REGIME ((size_t)-1, a failed point) becomes -1
    regime = array(r.regime, npts, np.uintp).astype(np.int64)
    breaks = []
    for k in range(r.nbreaks):
        b = r.breaks[k]
        breaks.append({
            "param": model.param_name(r.grid.param[b.axis]), "axis": b.axis, "point": b.point,
            "at": b.at, "lo": b.lo, "hi": b.hi, "other": b.other,
            "from_regime": string(b.from_regime), "to_regime": string(b.to_regime),
        })
    names = [model.param_name(r.grid.param[i]) for i in range(r.grid.naxes)]
    return {
        "param_names": names,
        "params": array(r.params, npts * nax).reshape(npts, nax),
        "value_name": string(r.value_name),
        "value": array(r.value, npts),
        "columns": strings(r.colnames, nc),
        "solution": array(r.solution, npts * nc).reshape(npts, nc),
        "certificate_name": string(r.certificate_name),
        "certificate": array(r.certificate, npts),
        "signature": array(r.signature, npts, np.uint64),
        "verified": array(r.verified, npts, np.intc).astype(bool),
        "regime": regime,
        "regimes": strings(r.regime_labels, r.nregimes),
        "breakpoints": breaks,
        "unverified": r.unverified,
        "failed": array(r.failed, r.nfailed, np.uintp),
    }


def sweep_run(model, axes=None, method=None, threads=0, refine=True, refine_tol=1e-9,
              progress=None):
    """mpol_sweep_run over the model's `sweep:` grid (or @p axes: a list of one or two
    {param, from, to, steps}, or a dict {param: {from, to, steps}}), solving every point with
    @p method (the kind's default if None) on @p threads threads (0: all cores; the answer
    does not depend on it). Returns numpy arrays per grid point (params, value, solution with
    its columns, certificate, verified, regime: an index into regimes or -1 for a failed
    point) and the breakpoints between regimes, refined by bisection to @p refine_tol.
    @p progress, if given, is called now and then as progress(done, total) from the calling
    thread (mpol_sweep_opts.progress)."""
    g = _grid(model, axes)
    o = ffi.new("mpol_sweep_opts *")
    lib.mpol_sweep_opts_init(o)
    o.threads = threads
    o.refine = int(bool(refine))
    o.refine_tol = refine_tol
    keep = ffi.new("char[]", method.encode()) if method else ffi.NULL
    o.method = keep
    if progress is not None:
        @ffi.callback("void(void *, size_t, size_t)")
        def report(userdata, done, total):
            progress(done, total)
        o.progress = report
    return _run("mpol_sweep_result", lib.mpol_sweep_result_free,
                lambda out: lib.mpol_sweep_run(out, model.ptr, g, o),
                lambda r: _result(r, model))

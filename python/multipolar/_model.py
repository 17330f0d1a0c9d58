# SPDX-License-Identifier: GPL-3.0-or-later
"""multipolar.Model: a loaded model (mpol_model of multipolar/model.h)."""

import contextlib
import math

import numpy as np

from ._lib import Error, check, ffi, lib, string

# Every kind of model the loaded library knows, in enum order (mpol_model_kind_name).
KINDS = tuple(string(lib.mpol_model_kind_name(k)) for k in range(lib.MPOL_MODEL_KIND_COUNT))


def array(ptr, n, dtype=np.float64):
    """A numpy copy of @p n C values at @p ptr (empty for n = 0 or NULL)."""
    dtype = np.dtype(dtype)
    if n == 0 or ptr == ffi.NULL:
        return np.zeros(0, dtype)
    return np.frombuffer(ffi.buffer(ptr, n * dtype.itemsize), dtype).copy()


def strings(ptr, n):
    return [string(ptr[i]) for i in range(n)]


@contextlib.contextmanager
def owned(ctype, free):
    """A ``ctype **`` out-parameter; the object it receives is freed on leaving."""
    out = ffi.new(ctype + " **")
    try:
        yield out
    finally:
        if out[0] != ffi.NULL:
            free(out[0])


class Model:
    """A model loaded and validated by the library (mpol_model). The C object is freed when
    the Model is garbage-collected, or at once by close() / leaving a ``with`` block.

    Evaluating and solving only read the model, so threads may solve one Model at once;
    set_param() changes it and must not run while another thread solves it."""

    def __init__(self, ptr):
        self._ptr = ffi.gc(ptr, lib.mpol_model_free)

    # ---- loading (mpol_model_load_file, mpol_model_load_string) ----

    @classmethod
    def load_file(cls, path):
        """mpol_model_load_file: a YAML model, or a .nfg/.efg/.tu/.txt/.csv file."""
        with owned("mpol_model", lib.mpol_model_free) as out:
            check(lib.mpol_model_load_file(out, str(path).encode()))
            ptr, out[0] = out[0], ffi.NULL
        return cls(ptr)

    @classmethod
    def load_string(cls, text, name="<string>"):
        """mpol_model_load_string: a YAML model from memory; @p name stands for the file
        name in error messages."""
        data = text.encode() if isinstance(text, str) else bytes(text)
        with owned("mpol_model", lib.mpol_model_free) as out:
            check(lib.mpol_model_load_string(out, data, len(data), name.encode()))
            ptr, out[0] = out[0], ffi.NULL
        return cls(ptr)

    def close(self):
        """Frees the C model now (mpol_model_free); the Model is unusable afterwards."""
        if self._ptr is not None:
            ffi.release(self._ptr)
            self._ptr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def ptr(self):
        if self._ptr is None:
            raise ValueError("multipolar: the model was closed")
        return self._ptr

    def __repr__(self):
        if self._ptr is None:
            return "<multipolar.Model (closed)>"
        return "<multipolar.Model %s %r from %r>" % (self.kind, self.title, self.source)

    # ---- description ----

    @property
    def kind(self):
        """The kind's name as model files spell it (mpol_model_get_kind, _kind_name)."""
        return string(lib.mpol_model_kind_name(lib.mpol_model_get_kind(self.ptr)))

    @property
    def title(self):
        return string(lib.mpol_model_title(self.ptr))

    @property
    def source(self):
        return string(lib.mpol_model_source(self.ptr))

    @property
    def description(self):
        return string(lib.mpol_model_description(self.ptr))

    # ---- parameters ----

    @property
    def nparams(self):
        return lib.mpol_model_nparams(self.ptr)

    def param_index(self, name):
        """mpol_model_param_index; Error (MPOL_EINVAL) for an unknown name."""
        if isinstance(name, int):
            if not 0 <= name < self.nparams:
                raise IndexError("multipolar: no parameter %d" % name)
            return name
        idx = ffi.new("size_t *")
        check(lib.mpol_model_param_index(self.ptr, name.encode(), idx))
        return idx[0]

    def param_name(self, i):
        return string(lib.mpol_model_param_name(self.ptr, self.param_index(i)))

    @property
    def param_names(self):
        return [string(lib.mpol_model_param_name(self.ptr, i)) for i in range(self.nparams)]

    def param_value(self, name):
        return lib.mpol_model_param_value(self.ptr, self.param_index(name))

    def param_default(self, name):
        return lib.mpol_model_param_default(self.ptr, self.param_index(name))

    def param_description(self, name):
        return string(lib.mpol_model_param_description(self.ptr, self.param_index(name)))

    def param_bounds(self, name):
        """(min, max); -inf / inf where the model declares none."""
        lo, hi = ffi.new("double *"), ffi.new("double *")
        check(lib.mpol_model_param_bounds(self.ptr, self.param_index(name), lo, hi))
        return lo[0], hi[0]

    @property
    def param_values(self):
        """The current parameter vector (a numpy copy, declaration order)."""
        return np.array([lib.mpol_model_param_value(self.ptr, i) for i in range(self.nparams)])

    @property
    def params(self):
        """{name: current value}."""
        return dict(zip(self.param_names, self.param_values.tolist()))

    def set_param(self, name, value):
        """mpol_model_set_param: later evaluations and solves use @p value."""
        check(lib.mpol_model_set_param(self.ptr, name.encode(), float(value)))

    # ---- sweep section ----

    @property
    def nsweep(self):
        return lib.mpol_model_nsweep(self.ptr)

    def sweep_axis(self, i):
        """mpol_model_sweep_axis: {param, from, to, steps} of the model's sweep axis i."""
        p, s = ffi.new("size_t *"), ffi.new("size_t *")
        lo, hi = ffi.new("double *"), ffi.new("double *")
        check(lib.mpol_model_sweep_axis(self.ptr, i, p, lo, hi, s))
        return {"param": self.param_name(p[0]), "from": lo[0], "to": hi[0], "steps": s[0]}

    # ---- evaluation ----

    def game(self):
        """mpol_model_game at the current parameters, as a dict: title, players,
        strategies (lists of names) and payoffs, an array of shape (s_1, ..., s_N, N):
        payoffs[k_1, ..., k_N, p] is player p's payoff at that profile."""
        with _game(self) as g:
            return game_dict(g)

    def tu(self):
        """mpol_model_tu: {players, v} with v[S] the value of coalition bitmask S."""
        with _tu(self) as g:
            return {"players": strings(g.names, g.n), "v": array(g.v, 1 << g.n)}

    def wvg(self):
        """mpol_model_wvg: {players, weights, quota}."""
        with _wvg(self) as g:
            return {"players": strings(g.names, g.n), "weights": array(g.weights, g.n),
                    "quota": g.quota}

    @property
    def tu_nplayers(self):
        return lib.mpol_model_tu_nplayers(self.ptr)

    @property
    def tu_rule(self):
        return string(lib.mpol_model_tu_rule(self.ptr))

    def tu_unions(self):
        """mpol_model_tu_unions: union index per player (numpy), or None without unions."""
        nu = ffi.new("size_t *")
        check(lib.mpol_model_tu_unions(self.ptr, ffi.NULL, nu))
        if nu[0] == 0:
            return None
        n = self.tu_nplayers
        u = ffi.new("size_t[]", n)
        check(lib.mpol_model_tu_unions(self.ptr, u, nu))
        return array(u, n, np.uintp)

    def tu_graph(self):
        """mpol_model_tu_graph: an (nedges, 2) array of player indices, or None."""
        e, ne = ffi.new("const size_t **"), ffi.new("size_t *")
        check(lib.mpol_model_tu_graph(self.ptr, e, ne))
        if e[0] == ffi.NULL:
            return None
        return array(e[0], 2 * ne[0], np.uintp).reshape(ne[0], 2)

    def hedonic_partition(self):
        """mpol_model_hedonic_partition: the declared partition (lists of player names),
        or None."""
        p, n = ffi.new("const mpol_coalition **"), ffi.new("size_t *")
        check(lib.mpol_model_hedonic_partition(self.ptr, p, n))
        if p[0] == ffi.NULL:
            return None
        with _hedonic(self) as g:
            names = strings(g.names, g.n)
        return [members(p[0][k], names) for k in range(n[0])]

    def tree(self):
        """mpol_model_tree: a read-only description of a tree model's game tree at the
        current parameters (multipolar.model_tree)."""
        from ._kinds import model_tree
        return model_tree(self)

    def solve(self, method=None, **opts):
        """Solves the model by its kind with @p method (the CLI's method names); see
        multipolar.solve."""
        from ._solve import solve
        return solve(self, method, **opts)

    def sweep(self, **opts):
        """multipolar.sweep_run on this model."""
        from ._sweep import sweep_run
        return sweep_run(self, **opts)


def members(mask, names):
    return [names[i] for i in range(len(names)) if mask >> i & 1]


def game_dict(g):
    n = g.nplayers
    s = [g.nstrategies[p] for p in range(n)]
    pay = array(g.payoff, g.ncells * n).reshape(tuple(reversed(s)) + (n,))
    pay = pay.transpose(tuple(reversed(range(n))) + (n,))
    return {
        "title": string(g.title),
        "players": strings(g.player_names, n),
        "strategies": [strings(g.strategy_names[p], s[p]) for p in range(n)],
        "payoffs": np.ascontiguousarray(pay),
    }


def _evaluated(ctype, make, free):
    @contextlib.contextmanager
    def cm(model):
        with owned(ctype, free) as out:
            check(make(out, model.ptr))
            yield out[0]
    return cm


_game = _evaluated("mpol_game", lib.mpol_model_game, lib.mpol_game_free)
_tu = _evaluated("mpol_tu_game", lib.mpol_model_tu, lib.mpol_tu_free)
_wvg = _evaluated("mpol_wvg", lib.mpol_model_wvg, lib.mpol_wvg_free)
_hedonic = _evaluated("mpol_hedonic", lambda out, m: lib.mpol_hedonic_from_model(out, m, ffi.NULL),
                      lib.mpol_hedonic_free)


def require_kind(model, *kinds):
    if model.kind not in kinds:
        raise Error(lib.MPOL_EINVAL, "%s: a %s model, not %s" % (
            model.source, " or ".join(kinds), model.kind))


def nan_to_none(x):
    return None if isinstance(x, float) and math.isnan(x) else x

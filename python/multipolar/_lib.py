# SPDX-License-Identifier: GPL-3.0-or-later
"""Loads libmultipolar through cffi (ABI mode) and turns its statuses into exceptions.

The library is looked for, in order: the file named by the environment variable
MPOL_LIBRARY; in an installed package, the library cmake --install put beside it
(_install.py names it); libmultipolar.so* in this package's folder; the system's
libmultipolar (ctypes.util.find_library, then the SONAMEs libmultipolar.so.0.x).

cffi releases the GIL around every call into the library, so a solve in one thread does not
block the other Python threads, and several threads can solve at once (the library keeps no
shared state a caller has to manage; its error message is thread-local).
"""

import ctypes.util
import glob
import os
import re

import cffi

from ._cdef import CDEF

ffi = cffi.FFI()
ffi.cdef(CDEF)


def _candidates():
    env = os.environ.get("MPOL_LIBRARY")
    if env:
        yield env
        return
    try:  # an installed package: cmake --install wrote the library's path
        from ._install import LIBRARY
        yield LIBRARY
    except ImportError:
        pass
    here = os.path.dirname(os.path.abspath(__file__))
    for pattern in ("libmultipolar.so", "libmultipolar.so.*"):
        for path in sorted(glob.glob(os.path.join(here, pattern))):
            yield path
    found = ctypes.util.find_library("multipolar")
    if found:
        yield found
    yield "libmultipolar.so.0"
    for minor in range(9, -1, -1):
        yield "libmultipolar.so.0.%d" % minor
    yield "libmultipolar.so"


def _load():
    errors = []
    for path in _candidates():
        try:
            return ffi.dlopen(path), path
        except OSError as e:
            errors.append(str(e).split(".  Additionally")[0])
    raise ImportError(
        "multipolar: cannot load libmultipolar (set MPOL_LIBRARY to the file): "
        + "; ".join(errors)
    )


lib, library_path = _load()

_LOCATED = re.compile(r"^(?P<file>[^\n]*?):(?P<line>\d+):(?:(?P<column>\d+):)? (?P<msg>.*)$",
                      re.S)


class Error(Exception):
    """A failure reported by libmultipolar.

    Attributes: ``status`` (the status name, e.g. ``"MPOL_EPARSE"``), ``code`` (its
    number), ``message`` (the library's message, mpol_last_error()), and ``file``, ``line``,
    ``column`` parsed from a message of the form ``FILE:LINE:COL: msg`` (None where the
    message does not have them; ``column`` is None for ``FILE:LINE: msg``)."""

    def __init__(self, code, message):
        self.code = int(code)
        self.status = ffi.string(lib.mpol_status_name(code)).decode()
        self.message = message
        self.file = self.line = self.column = None
        m = _LOCATED.match(message)
        if m:
            self.file = m.group("file")
            self.line = int(m.group("line"))
            if m.group("column") is not None:
                self.column = int(m.group("column"))
        super().__init__("%s: %s" % (self.status, message))


class VerifyError(Error):
    """MPOL_EVERIFY with a result: the answer failed the library's independent check. The
    result, as the function would have returned it (``verified`` False), is ``result``."""

    def __init__(self, code, message, result):
        super().__init__(code, message)
        self.result = result


def last_error():
    return ffi.string(lib.mpol_last_error()).decode("utf-8", "replace")


def check(status):
    """Raises Error for a status other than MPOL_OK."""
    if status != lib.MPOL_OK:
        raise Error(status, last_error())


def string(p):
    return None if p == ffi.NULL else ffi.string(p).decode("utf-8", "replace")

"""Implicit gathers made visible: the policy for ``__array__`` (and so ``np.asarray(x)`` and every library
that calls it) on a distributed array, and the count of the gathers it let through.

``__array__`` gathers the whole array to every rank. Called by the user on purpose that is fine; called
inside a library (xarray, a plotting package) it silently multiplies memory and traffic by the number of
ranks. The policy says what such a call does:

- ``"allow"`` (the default): it gathers;
- ``"warn"``: it gathers and warns (ImplicitGatherWarning) once per call site, the first line outside
  gingham and NumPy on the way to ``__array__``;
- ``"raise"``: it raises ImplicitGatherError on every rank, naming the call site and the size.

Set it with ``gg.set_implicit_gather(mode)`` on every rank alike, or the environment variable
``GINGHAM_IMPLICIT_GATHER`` before gingham is imported. Explicit gathers (``gg.to_numpy(x)``, printing,
``x.tolist()``) and arrays laid out to be held whole on every rank (replicated layouts: no axis distributed,
as 0-D results of reductions) are not implicit gathers; an array with a distributed axis is one on any
number of ranks, one rank included, so a script behaves alike at every rank count. ``implicit_gather_statistics()`` is the count and the bytes of the implicit gathers made
in this process (each rank counts the bytes it received: the whole array), read by the profile log.
"""

import os
import warnings

from . import _core
from ._call_site import outside_frame

MODES = ("allow", "warn", "raise")
ENVIRONMENT_VARIABLE = "GINGHAM_IMPLICIT_GATHER"


class ImplicitGatherWarning(UserWarning):
    """Warned (policy "warn") when ``__array__`` gathers a distributed gingham array."""


class ImplicitGatherError(RuntimeError):
    """Raised on every rank (policy "raise") instead of an implicit gather of a distributed gingham array."""


def _mode_of(value, where):
    if value not in MODES:
        raise ValueError(f"{where}: expected one of {MODES}, got {value!r}")
    return value


_state = {"mode": _mode_of(os.environ.get(ENVIRONMENT_VARIABLE, "allow").strip().lower() or "allow",
                           f"the environment variable {ENVIRONMENT_VARIABLE}"),
          "count": 0, "bytes": 0, "warned": set()}


def set_implicit_gather(mode):
    """Local (every rank must set the same). Sets what ``__array__`` of a distributed array does: "allow"
    (gather), "warn" (gather, and warn once per call site) or "raise" (ImplicitGatherError on every rank).
    Returns the previous mode, so a block can restore it."""
    previous = _state["mode"]
    _state["mode"] = _mode_of(mode, "set_implicit_gather")
    return previous


def implicit_gather():
    """Local. The current policy for implicit gathers: "allow", "warn" or "raise"."""
    return _state["mode"]


def implicit_gather_statistics():
    """Local. ``{"count": n, "bytes": b}``: the implicit gathers ``__array__`` made in this process and the
    bytes each delivered to this rank (the whole array's)."""
    return {"count": _state["count"], "bytes": _state["bytes"]}


def _call_site():
    """(file, line, function) of the first frame outside gingham and NumPy on the way here."""
    frame, _ = outside_frame()
    if frame is None:
        return "<unknown>", 0, "<unknown>"
    return frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name


def check_implicit_gather(x):
    """Local (the same decision on every rank: the policy and x's layout are alike everywhere). Before
    ``__array__`` gathers x: nothing for arrays every rank holds whole; otherwise counts the gather, or
    warns once per call site, or raises ImplicitGatherError, as the policy says. An array with a distributed
    axis counts on any number of ranks (on one rank too), so code behaves alike at every rank count."""
    if all(axis is None for axis in x.distribution.axes):  # 0-D or replicated: every rank holds it whole
        return
    size = x.size * x.dtype.itemsize
    mode = _state["mode"]
    if mode != "allow":
        filename, line, function = _call_site()
        what = (f"__array__ of a distributed gingham.Array of shape {x.shape} and dtype {x.dtype} ({size} bytes, "
                f"gathered whole to each of {x.device._impl.comm.size} ranks), called from {filename}:{line} in "
                f"{function}")
        if mode == "raise":
            raise ImplicitGatherError(f"implicit gather refused: {what}. Gather explicitly with gg.to_numpy(x), keep the "
                                      "work distributed, or allow it with gg.set_implicit_gather('allow')")
        if (filename, line) not in _state["warned"]:
            _state["warned"].add((filename, line))
            warnings.warn_explicit(f"implicit gather: {what}", ImplicitGatherWarning, filename, line)
    _state["count"] += 1
    _state["bytes"] += size
    _core.record_implicit_gather(size)  # the profile log's row (gingham/core/profile.hpp); free when it is off

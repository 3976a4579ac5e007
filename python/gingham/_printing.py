"""Printing: ``repr``/``str`` as NumPy's, ``format`` of 0-D arrays.

Only the printed elements travel. An array of at most ``np.get_printoptions()["threshold"]`` elements is
gathered whole (NumPy prints it whole); a larger one is summarized as NumPy does: along each axis longer
than 2 * ``edgeitems`` only the first and last ``edgeitems`` indices are printed, so only the elements at
those corners are read (one request-and-response exchange, gingham/kernels/element_access.hpp), whatever
the array's size, and NumPy formats them: the corners with one stand-in row in the middle of each
summarized axis are a small array that ``np.array2string`` (told to summarize) prints exactly as it would
print the whole array (the stand-ins are replaced by ``...`` and never formatted).

A 0-D or replicated array on a grid of all ranks prints without a message (every rank holds it whole);
other arrays print collectively, so call repr/str on every rank: a repr on one rank alone (a debugger, a
log line or a failed assertion's report on that rank) waits for the others.

``repr`` is NumPy's with gingham's two facts after the values: ``gingham.Array([0., 1.], dtype=float64,
distribution=gingham.Distribution(...))``; the dtype is always shown.
"""

import numpy as np

from . import _core


def printed_values(x):
    """Collective over x's communicator (a gather of at most ``threshold`` elements, or one exchange of the
    corners; no message for a 0-D or replicated array on a grid of all ranks). (values, summarized): a NumPy array
    holding what NumPy prints of x, and whether NumPy summarizes x. The summarizing is C++'s
    (gingham::printed_values, which C++'s ``operator<<`` uses too)."""
    options = np.get_printoptions()
    return _core.printed_values(x._impl, int(options["threshold"]), int(options["edgeitems"]))


def array_text(x, separator, prefix=""):
    """Collective over x's communicator (see printed_values). x's values as np.array2string prints them
    under the current print options (summarized for large arrays)."""
    values, summarized = printed_values(x)
    return np.array2string(values, separator=separator, prefix=prefix, **({"threshold": 0} if summarized else {}))


def array_repr(x):
    """Collective over x's communicator: the values NumPy's repr shows (only the printed elements move:
    at most ``threshold`` elements, or the ``edgeitems``-wide corners of a larger array), then the dtype and
    the distribution. Every rank gets the same text; call it on every rank (printing on rank 0 only is
    ``text = repr(x)`` everywhere, then ``if rank == 0: print(text)``)."""
    prefix = "gingham.Array("
    return f"{prefix}{array_text(x, ', ', prefix)}, dtype={x.dtype}, distribution={x.distribution!r})"


def array_str(x):
    """Collective over x's communicator (as repr): the values as NumPy's str shows them (a 0-D array as its
    NumPy scalar)."""
    if x.ndim == 0:
        return str(x._value_on_every_rank())
    return array_text(x, " ")


def array_format(x, format_spec):
    """Collective over x's communicator (as repr; local for a 0-D array on a grid of all ranks). A 0-D
    array formats its value as the Python scalar does (``f"{gg.sum(x):.3f}"``); other arrays take only an
    empty format spec (their str), as NumPy's arrays do; TypeError otherwise."""
    if x.ndim == 0:
        return format(x._value_on_every_rank().item(), format_spec)
    if format_spec:
        raise TypeError(f"unsupported format string {format_spec!r} passed to gingham.Array.__format__: only 0-D "
                        f"arrays take a format spec, got an array of shape {x.shape} (format its elements instead)")
    return array_str(x)

"""The checking mode: every collective call compares its arguments across ranks before it runs.

On (environment variable ``GINGHAM_CHECK_COLLECTIVES=1`` when gingham loads, or
``set_collective_checks(True)``), every public collective entry point of the C++ library (the functions
documented ``Collective over`` in gingham/{array,kernels,linalg,plans}, plan constructors and executions
included) first describes its arguments (shapes, dtypes, layouts, grids, keys, scalars, and host data by
its values or a 64-bit digest) and compares them across ranks (one MPI_Allreduce of three 64-bit integers
over the call's communicator; gingham/core/call_check.hpp). A call whose arguments differ between ranks
then raises ValueError on every rank, naming the operation, the first differing argument, rank 0's value
and a differing rank's value, instead of hanging or computing garbage. Off, each entry point reads one flag.

The check lives in C++ only, so C++ programs and this namespace get the same one: every collective
function of ``gingham._core`` reaches a checked C++ entry point (its bindings only convert arguments), so
nothing is wrapped here. Every rank must turn the mode on and off together.
"""

from . import _core


def collective_checks_enabled():
    """Local. Whether the checking mode is on (see gingham._checking)."""
    return _core.collective_checks_enabled()


def set_collective_checks(enabled):
    """Local (every rank must call it alike). Turns the checking mode on or off: with it on, every
    collective call compares its arguments across ranks first (one MPI_Allreduce each) and raises
    ValueError on every rank, naming the operation, the differing argument and rank, when they differ."""
    _core.set_collective_checks(bool(enabled))

"""A failure on one rank ends the whole job instead of hanging it.

An exception that escapes a script on one rank would leave the other ranks waiting in their next collective
until the job's wall time. When gingham is imported under more than one rank, it installs a ``sys.excepthook``
that prints the traceback (headed by the rank) and calls ``MPI_Abort`` on ``MPI.COMM_WORLD``, so the launcher
ends every rank within seconds, as ``python -m mpi4py script.py`` does. Exceptions caught by the code, by
pytest or by IPython (notebooks, ipyparallel engines) never reach the hook. The environment variable
``GINGHAM_ABORT_ON_EXCEPTION=0`` (or false/no/off) leaves ``sys.excepthook`` alone.
"""

import os
import sys
import traceback

from mpi4py import MPI

_OFF = ("0", "false", "no", "off")


def abort_on_exception_enabled():
    """Local. Whether an uncaught exception on one rank aborts the job: more than one rank in
    ``MPI.COMM_WORLD`` and ``GINGHAM_ABORT_ON_EXCEPTION`` not set to 0/false/no/off."""
    setting = os.environ.get("GINGHAM_ABORT_ON_EXCEPTION", "1").strip().lower()
    return MPI.COMM_WORLD.Get_size() > 1 and setting not in _OFF


def _abort_hook(kind, value, trace):
    """``sys.excepthook`` under several ranks: the traceback with the rank, then MPI_Abort of the world."""
    world = MPI.COMM_WORLD
    rank, size = world.Get_rank(), world.Get_size()
    lines = traceback.format_exception(kind, value, trace)
    header = (f"gingham: uncaught {kind.__name__} on rank {rank} of {size}; calling MPI_Abort so that the other "
              "ranks do not wait for it (GINGHAM_ABORT_ON_EXCEPTION=0 turns this off)\n")
    try:
        sys.stderr.write(header + "".join(f"[rank {rank}] {line}" for text in lines for line in text.splitlines(True)))
        sys.stderr.flush()
    finally:
        world.Abort(1)


def install_abort_on_exception():
    """Local. Installs the aborting ``sys.excepthook`` when ``abort_on_exception_enabled()``; returns whether it did.
    A hook installed by someone else before gingham is kept."""
    if not abort_on_exception_enabled() or sys.excepthook is not sys.__excepthook__:
        return False
    sys.excepthook = _abort_hook
    return True

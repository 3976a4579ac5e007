"""The profile log (a ``-log_view`` for gingham): per operation, its calls, time, bytes sent and messages to
other ranks, and communication plans built, aggregated over ranks and printed on rank 0.

Off by default. ``GINGHAM_PROFILE=1`` in the environment turns it on for the whole run and prints the log at
interpreter exit; ``with gg.profile():`` logs one block. The recording is C++'s (gingham/core/profile.hpp):
each collective entry point of the library is an operation, and what an operation's inner operations move
counts in it too. See docs/profiling.md.
"""

import atexit
import sys

from . import _core
from ._grid import default_grid


class profile:
    """Collective over the grid's communicator at both ends (every rank enters and leaves it alike).
    ``with gg.profile() as p:`` records the operations of the block (forgetting earlier figures) and at its
    end prints the log on rank 0 (to ``file``, default sys.stdout; ``print_log=False`` prints nothing) and
    keeps it as ``p.text`` (rank 0; '' elsewhere). ``p.statistics()`` is this rank's figures. A block left by
    an exception prints nothing (the other ranks may not be leaving it). Recording is put back as it was."""

    def __init__(self, *, grid=None, file=None, print_log=True):
        self._comm = (grid if grid is not None else default_grid())._impl.comm
        self._file, self._print_log = file, print_log
        self._was_on = False
        self._figures = {}
        self.text = ""

    def __enter__(self):
        self._was_on = _core.profiling()
        _core.reset_profile()
        _core.set_profiling(True)
        return self

    def __exit__(self, kind, value, traceback):
        _core.set_profiling(False)
        self._figures = _core.profile_snapshot()
        try:
            if kind is None:
                self.text = _core.profile_report(self._comm)
                if self.text and self._print_log:
                    print(self.text, end="", file=self._file if self._file is not None else sys.stdout, flush=True)
        finally:
            _core.set_profiling(self._was_on)
        return False

    def statistics(self):
        """Local. This rank's figures: {operation: {"calls", "seconds", "bytes_sent", "messages",
        "plan_builds"}}; inside the block, so far, afterwards, the block's."""
        return _core.profile_snapshot() if _core.profiling() else dict(self._figures)


def record_implicit_gather(nbytes):
    """Local. Counts an implicit gather of ``nbytes`` bytes to this rank (NumPy's ``__array__`` on a
    distributed array) in the profile log, as a call of "implicit gather (__array__)". Free when off."""
    _core.record_implicit_gather(int(nbytes))


def _report_at_exit():
    """Collective over MPI_COMM_WORLD at interpreter exit (GINGHAM_PROFILE=1): prints the run's log on rank 0."""
    text = _core.profile_report(_core.Comm.world())
    if text:
        print(text, end="", flush=True)


def report_at_exit_if_requested():
    """Local. With GINGHAM_PROFILE=1, registers the run's log to print at exit (before mpi4py finalizes MPI:
    gingham is imported after mpi4py, and exit functions run last registered first)."""
    if _core.profiling_requested_by_environment():
        atexit.register(_report_at_exit)

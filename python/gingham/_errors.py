"""Collective error agreement for Python code: a failure on one rank is raised on every rank."""

import contextlib

from . import _core
from ._grid import default_grid

_Kind = _core.ErrorKind

# Most specific first: NotImplementedError is a RuntimeError, so it must come before the fallback, and
# LinAlgError is a ValueError.
_KIND_OF_TYPE = (
    (_core.LinAlgError, _Kind.linalg),  # a ValueError: before it
    (TypeError, _Kind.type),
    (NotImplementedError, _Kind.not_implemented),
    (IndexError, _Kind.index),
    (ValueError, _Kind.value),
    (OverflowError, _Kind.overflow),
    (MemoryError, _Kind.memory),
    (FileNotFoundError, _Kind.file_not_found),
    (PermissionError, _Kind.permission),
    (IsADirectoryError, _Kind.is_a_directory),
    (OSError, _Kind.os),  # after its subclasses
)
_TYPE_OF_KIND = {kind: cls for cls, kind in _KIND_OF_TYPE}
_TYPE_OF_KIND[_Kind.runtime] = RuntimeError


def _kind_and_message(error):
    for cls, kind in _KIND_OF_TYPE:
        if isinstance(error, cls):
            return kind, str(error)
    if type(error) is RuntimeError:
        return _Kind.runtime, str(error)
    return _Kind.runtime, f"{type(error).__name__}: {error}"  # keep the original type's name


class _Agreement:
    """What a ``collective_errors`` block compares across ranks in its agreement (nothing by default)."""

    def __init__(self):
        self.arguments = None

    def compare(self, operation, **arguments):
        """Local. Compare these arguments of ``operation`` across ranks in the block's agreement: if they
        differ, every rank raises ValueError naming the first differing argument, rank 0's value and a
        differing rank's value (before any error the block raised). Values are compared as text."""
        self.arguments = (operation, [(name, str(value)) for name, value in arguments.items()])


@contextlib.contextmanager
def collective_errors(device=None):
    """Collective over the device's communicator: agree on errors raised by the local work in the block.

    If the block raises on any rank, every rank raises the same exception type with the same message
    (that of the lowest failing rank, suffixed " [raised on rank r of n]"); on the failing rank it is
    chained to the original. The block must not call collectives. ``with collective_errors() as agreement``
    lets the block call ``agreement.compare(operation, name=value, ...)`` (on every rank) to check its
    arguments across ranks in the same reduction. Cost: one MPI_Allreduce of three 64-bit integers.
    """
    grid = default_grid() if device is None else device
    comm = grid._impl.comm
    agreement = _Agreement()
    try:
        yield agreement
    except Exception as error:  # noqa: BLE001  (every error is agreed on, then raised again)
        kind, message = _kind_and_message(error)
        agreed = _core.agree_on_error(comm, kind, message, agreement.arguments)
        raise _TYPE_OF_KIND[agreed[0]](agreed[1]) from error
    agreed = _core.agree_on_error(comm, None, "", agreement.arguments)
    if agreed is not None:
        raise _TYPE_OF_KIND[agreed[0]](agreed[1])

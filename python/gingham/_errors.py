"""Collective error agreement for Python code: a failure on one rank is raised on every rank."""

import contextlib
import importlib
import sys

from . import _core
from ._grid import default_grid

_Kind = _core.ErrorKind

# Exceptions of exactly these types travel as their kind; NotImplementedError is a RuntimeError and LinAlgError a
# ValueError, but an exact type match needs no order.
_KIND_OF_TYPE = {
    _core.LinAlgError: _Kind.linalg,
    TypeError: _Kind.type,
    NotImplementedError: _Kind.not_implemented,
    IndexError: _Kind.index,
    ValueError: _Kind.value,
    OverflowError: _Kind.overflow,
    MemoryError: _Kind.memory,
    FileNotFoundError: _Kind.file_not_found,
    PermissionError: _Kind.permission,
    IsADirectoryError: _Kind.is_a_directory,
    OSError: _Kind.os,
    RuntimeError: _Kind.runtime,
}
_TYPE_OF_KIND = {kind: cls for cls, kind in _KIND_OF_TYPE.items()}
# Kinds only C++ code raises (std::domain_error, ...), as pybind11 translates them.
_TYPE_OF_KIND.update({_Kind.domain: ValueError, _Kind.length: ValueError, _Kind.range: ValueError,
                      _Kind.underflow: RuntimeError, _Kind.logic: RuntimeError})
_SEPARATOR = _core.NAMED_ERROR_SEPARATOR


class RemoteError(Exception):
    """An exception raised on another rank whose type this rank could not rebuild.

    ``collective_errors`` raises the failing rank's exception type on every rank. When a rank cannot rebuild
    that type (it is defined inside a function, its module cannot be imported there, or it cannot be built
    from a message alone), it raises a class derived from both RemoteError and the nearest base class it can
    rebuild (at worst Exception), so ``except ValueError`` still catches a lost ValueError subclass.
    ``type_name`` is the original type's ``module.qualified_name``.
    """

    type_name = None


_remote_classes = {}


def _remote_class(base, type_name):
    """A class derived from RemoteError and ``base``, for an exception of type ``type_name`` (cached)."""
    key = (base, type_name)
    if key not in _remote_classes:
        name = f"RemoteError[{type_name}]"
        _remote_classes[key] = type(name, (RemoteError, base), {"type_name": type_name, "__module__": __name__})
    return _remote_classes[key]


def _type_name(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def _kind_and_message(error):
    """The kind and message that carry ``error`` to the other ranks: its own kind for the types above, else
    kind ``named`` with the names of the type and its bases (most derived first) before the message."""
    text = str(error.args[0]) if len(error.args) == 1 else str(error)  # KeyError's str() would add quotes
    kind = _KIND_OF_TYPE.get(type(error))
    if kind is not None:
        return kind, text
    names = [_type_name(cls) for cls in type(error).__mro__ if issubclass(cls, BaseException)]
    return _Kind.named, ",".join(names) + _SEPARATOR + text


def _resolve(type_name):
    """The exception class called ``type_name`` ("module.qualified.name") if this rank can import it, else None."""
    parts = type_name.split(".")
    for split in range(len(parts) - 1, 0, -1):  # the longest module name first
        module_name, qualified = ".".join(parts[:split]), parts[split:]
        try:
            found = sys.modules.get(module_name) or importlib.import_module(module_name)
        except Exception:  # noqa: BLE001  (a module this rank cannot import: try a shorter module name)
            continue
        for part in qualified:
            found = getattr(found, part, None)
        if isinstance(found, type) and issubclass(found, BaseException):
            return found
    return None


def _rebuild(kind, message):
    """The exception to raise for an agreed (kind, message): the original type where this rank can build it."""
    if kind != _Kind.named:
        return _TYPE_OF_KIND[kind](message)
    names, _, text = message.partition(_SEPARATOR)
    names = names.split(",")
    for position, name in enumerate(names):
        cls = _resolve(name)
        if cls is None:
            continue
        try:
            return (cls if position == 0 else _remote_class(cls, names[0]))(text)
        except Exception:  # noqa: BLE001  (a type that cannot be built from a message alone: try its base)
            continue
    return _remote_class(Exception, names[0])(text)


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
    chained to the original. Every exception type is kept (builtins, gingham's, NumPy's, the script's own),
    except one that a rank cannot rebuild from its name and message alone: there it is a ``RemoteError``
    that is also an instance of the nearest base class that can be rebuilt. The block must not call collectives. ``with collective_errors() as agreement``
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
        raise _rebuild(*agreed) from error
    agreed = _core.agree_on_error(comm, None, "", agreement.arguments)
    if agreed is not None:
        raise _rebuild(*agreed)

"""The checking mode: every collective entry point of the C++ core compares its arguments across ranks.

On (environment variable ``GINGHAM_CHECK_COLLECTIVES=1`` when gingham loads, or
``set_collective_checks(True)``), each function and method of ``gingham._core`` whose documentation
says it is collective first describes its arguments (shapes, dtypes, layouts, grids, host keys and
scalars) and hands them to the C++ check (``require_same_arguments``: one MPI_Allreduce of three 64-bit
integers over the call's communicator). A call whose arguments differ between ranks then raises
ValueError on every rank, naming the operation, the first differing argument and a differing rank,
instead of hanging or computing garbage. Off, the entry points are the C++ ones themselves: no cost.

The hook is in one place: this module wraps the core's collective entry points when the mode turns on
and puts the originals back when it turns off. Every rank must turn it on and off together.
"""

import functools
import hashlib
import re

import numpy as np

from . import _core

_SMALL = 16  # host arrays of at most this many elements are shown whole in messages
_ORIGINALS = []  # (owner, name, original attribute) of every wrapped entry point
_SIGNATURE = re.compile(r"^\s*(?:\d+\.\s*)?\w+\((.*?)\)\s*->", re.MULTILINE)
# Classes whose methods are wrapped; Comm is left alone (its constructors make the communicator).
_CLASSES = ("Array", "RedistributionPlan", "HaloPlan")
# Parameters whose values are each rank's own (from_local's shard): only their dtype must agree.
_PER_RANK = {"shard"}
# Parameters that only the root of a scatter passes (None elsewhere): not compared.
_ROOT_ONLY = {"root_whole", "root_dtype", "root_shape"}


def _comms_of(value, found):
    """Appends to ``found`` the gingham communicators of an argument (and of the items of a list)."""
    if isinstance(value, _core.Comm):
        found.append(value)
    elif isinstance(value, _core.ProcessGrid):
        found.append(value.comm)
    elif isinstance(value, _core.Array):
        found.append(value.grid.comm)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _comms_of(item, found)
    return found


def _comm_of(values):
    """The one communicator the arguments live on, or None: none, or several (arrays on communicators of
    other ranks are the function's own error to report, and a check over one of them could not agree)."""
    found = _comms_of(values, [])
    return found[0] if found and all(comm == found[0] for comm in found[1:]) else None


def _describe(value):
    """An argument as text every rank gives alike when the arguments agree (never an address)."""
    if isinstance(value, _core.Array):
        return (f"{value.dtype} array of shape {tuple(value.global_shape)} laid out as "
                f"{value.layout.describe()}")
    if isinstance(value, _core.ProcessGrid):
        return value.describe()
    if isinstance(value, _core.Comm):
        return f"a communicator of {value.size} ranks"
    if isinstance(value, np.ndarray):
        if value.size <= _SMALL:
            return f"{value.dtype} {value.shape} {value.tolist()}"
        digest = hashlib.blake2b(np.ascontiguousarray(value).tobytes(), digest_size=8).hexdigest()
        return f"{value.dtype} array of shape {value.shape} (digest {digest})"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_describe(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_describe(v)}" for k, v in sorted(value.items(), key=repr)) + "}"
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes, np.generic, slice)):
        return repr(value)
    describe = getattr(value, "describe", None)
    if callable(describe):
        return describe()
    if hasattr(type(value), "__members__"):  # a pybind11 enum
        return str(value)
    return type(value).__name__


def _describe_per_rank(value):
    """A rank's own data (a shard): what must agree is its dtype and number of dimensions."""
    value = np.asarray(value)
    return f"{value.dtype} data of {value.ndim} dimensions"


def _parameter_names(original):
    """The parameter names from a pybind11 signature line (the first overload's), or []."""
    found = _SIGNATURE.search(original.__doc__ or "")
    if not found:
        return []
    return [part.split(":")[0].strip() for part in re.split(r",\s*(?=\w+:)", found.group(1)) if part.strip()]


def _checked(operation, original, bound):
    names = _parameter_names(original)
    if bound and names and names[0] == "self":
        names = names[1:]

    @functools.wraps(original)
    def entry(*args, **kwargs):
        values = list(args[1:] if bound else args) + list(kwargs.values())
        comm = _comm_of(list(args) + list(kwargs.values()))
        if comm is not None and comm.size > 1:
            labels = [names[k] if k < len(names) else f"argument {k + 1}" for k in range(len(values) - len(kwargs))]
            labels += list(kwargs)
            arguments = [(label, _describe_per_rank(value) if label in _PER_RANK else _describe(value))
                         for label, value in zip(labels, values) if label not in _ROOT_ONLY]
            if bound:
                arguments.insert(0, ("self", _describe(args[0])))
            _core.require_same_arguments(comm, operation, arguments)
        return original(*args, **kwargs)

    return entry


def _is_collective(attribute):
    return callable(attribute) and "Collective" in (getattr(attribute, "__doc__", None) or "")


def _install():
    for name, attribute in list(vars(_core).items()):
        if not name.startswith("_") and not isinstance(attribute, type) and _is_collective(attribute) \
                and name != "require_same_arguments" and name != "agree_on_error":
            _ORIGINALS.append((_core, name, attribute))
            setattr(_core, name, _checked(name, attribute, bound=False))
    for class_name in _CLASSES:
        cls = getattr(_core, class_name, None)
        if cls is None:
            continue
        for name, attribute in list(vars(cls).items()):
            if name.startswith("__"):
                continue
            if isinstance(attribute, staticmethod) and _is_collective(attribute.__func__):
                _ORIGINALS.append((cls, name, attribute))
                setattr(cls, name, staticmethod(_checked(f"{class_name}.{name}", attribute.__func__, bound=False)))
            elif not isinstance(attribute, (staticmethod, property)) and _is_collective(attribute):
                _ORIGINALS.append((cls, name, attribute))
                setattr(cls, name, _checked(f"{class_name}.{name}", attribute, bound=True))


def _uninstall():
    while _ORIGINALS:
        owner, name, attribute = _ORIGINALS.pop()
        setattr(owner, name, attribute)


def collective_checks_enabled():
    """Local. Whether the checking mode is on (see gingham._checking)."""
    return _core.collective_checks_enabled()


def set_collective_checks(enabled):
    """Local (every rank must call it alike). Turns the checking mode on or off: with it on, every
    collective call compares its arguments across ranks first (one MPI_Allreduce each) and raises
    ValueError on every rank, naming the differing rank and argument, when they differ."""
    enabled = bool(enabled)
    _core.set_collective_checks(enabled)
    if enabled and not _ORIGINALS:
        _install()
    elif not enabled:
        _uninstall()


if _core.collective_checks_enabled():  # GINGHAM_CHECK_COLLECTIVES was set when the core loaded
    _install()

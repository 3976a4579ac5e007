"""The Array API's 67 elementwise functions (38 unary, 28 binary, and clip), computed by the C++ kernels.

Every function is collective over its arrays' communicator. A unary function sends no messages. A
binary function broadcasts its operands to the result's shape and aligns them to the result's layout
(the layout of the first distributed array operand of the result's shape; else the default layout when an
operand is distributed; with replicated operands only, the first of the result's shape), which moves only
the elements each rank needs: a replicated operand or one already in the result's layout moves
nothing. Operands may be gingham arrays, Python scalars (bool, int, float, complex, which take the
array's dtype as the standard says) and host arrays (NumPy arrays, NumPy scalars, nested sequences),
which become replicated arrays on the other operand's device: so a host operand never decides the
result's layout, on whichever side it is (``np_array + x`` is laid out as ``x``).
"""

import numpy as np

from . import _core
from ._array import Array, require_array
from ._dtypes import python_scalar
from ._creation import asarray
from ._layouts import Distribution

_UNARY_NAMES, _BINARY_NAMES = _core.elementwise_names()
_PYTHON_SCALARS = (bool, int, float, complex)


def _host_array(value, device, function):
    """A host operand (NumPy array or scalar, nested sequence) as a replicated array on ``device``."""
    try:
        whole = np.asarray(value)
    except Exception as error:  # noqa: BLE001  (whatever NumPy refuses is a TypeError here)
        raise TypeError(f"{function}: cannot use an operand of type {type(value).__name__}") from error
    if whole.dtype.kind not in "biufc":
        raise TypeError(f"{function}: expected a numeric or bool operand, got dtype {whole.dtype}")
    return asarray(whole, distribution=Distribution.replicated(whole.shape, grid=device))._impl


def _on_every_rank_of(x, device):
    """Local. Whether x's grid spans the communicator of ``device``'s grid, so every rank holds x's shard."""
    comm = device._impl.comm
    return x.device._impl.comm == comm and x.device.size == comm.size


def _operand(value, device, function):
    """The C++ operand for ``value``: an array's core, a Python scalar, or a host array made replicated. A 0-D
    array on another grid spanning the same communicator (``asarray(2.0)`` made on the default grid, as xarray
    does) holds its value on every rank, so it counts as a host operand of its dtype (no messages)."""
    if isinstance(value, Array):
        if device is not None and value.ndim == 0 and value.device != device and _on_every_rank_of(value, device):
            return _host_array(value.local, device, function)
        return value._impl
    if isinstance(value, _PYTHON_SCALARS) and not isinstance(value, np.generic):
        return python_scalar(value, function)
    if device is None:
        raise TypeError(f"{function}: expected at least one gingham.Array operand, got {type(value).__name__}")
    return _host_array(value, device, function)


def _binary(name, x1, x2, out=None):
    """Collective. The binary function ``name`` of two operands, at least one of them a gingham.Array."""
    device = x1.device if isinstance(x1, Array) else x2.device if isinstance(x2, Array) else None
    if device is None:
        raise TypeError(f"{name}: expected at least one gingham.Array operand, got {type(x1).__name__} and "
                        f"{type(x2).__name__}")
    impl = _core.binary(name, _operand(x1, device, name), _operand(x2, device, name),
                        None if out is None else out._impl)
    return out if out is not None else Array._new(impl)


def _make_unary(name):
    def function(x, /):
        return Array._new(_core.unary(name, require_array(x, name)._impl))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"Collective over x.device (no messages). The Array API's ``{name}``, elementwise, "
                        "with the standard's dtypes and special cases; the result has x's layout.")
    return function


def _make_binary(name):
    def function(x1, x2, /):
        return _binary(name, x1, x2)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"Collective over the arrays' communicator. The Array API's ``{name}``, elementwise, "
                        "after broadcasting; operands in another layout move only the elements needed.")
    return function


_FUNCTIONS = {name: _make_unary(name) for name in _UNARY_NAMES}
_FUNCTIONS.update({name: _make_binary(name) for name in _BINARY_NAMES})
globals().update(_FUNCTIONS)


def clip(x, /, min=None, max=None):  # noqa: A002  (the Array API's parameter names)
    """Collective over x.device. x limited to [min, max] elementwise (bounds: None, Python scalars or
    arrays broadcasting to x's shape); the result has x's dtype and layout."""
    require_array(x, "clip")
    bounds = [None if b is None else _operand(b, x.device, "clip") for b in (min, max)]
    return Array._new(_core.clip(x._impl, *bounds))


def where(condition, x1, x2, /):
    """Collective over the arrays' communicator. Elements of x1 where condition is true, else of x2
    (broadcast together; x1 and x2 may be Python scalars)."""
    require_array(condition, "where")
    return Array._new(_core.where(condition._impl, _operand(x1, condition.device, "where"),
                             _operand(x2, condition.device, "where")))


__all__ = sorted(_FUNCTIONS) + ["clip", "where"]


def matmul_operand(value, device):
    """The array operand of @ (a host array becomes a replicated array on ``device``), or None to refuse."""
    if isinstance(value, Array):
        return value
    if isinstance(value, (np.ndarray, list, tuple)):
        return Array._new(_host_array(value, device, "matmul"))
    return None

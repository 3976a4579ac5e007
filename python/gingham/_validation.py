"""Argument checks shared by the namespace's functions, in one place (the array type's own guard,
``require_array``, is in _array beside the type, which this module sits below). Every check here is
Local and sees only what every rank sees alike (types, values, shapes, axes), so every rank raises the
same exception; the C++ core checks what needs the array (axes against ndim, shapes against layouts)."""

import numbers
import operator

from ._grid import ProcessGrid, default_grid


def integer(value, what, minimum=None):
    """``value`` as a Python int (not a bool); TypeError if it is no integer, ValueError if below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what}: expected an integer, got {value!r}")
    value = operator.index(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{what}: expected an integer >= {minimum}, got {value}")
    return value


def integer_argument(value, name, function):
    """``value`` as a Python int (not a bool), else TypeError naming the parameter ``name`` of ``function``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{function}: expected {name} to be an integer, got {value!r}")
    return operator.index(value)


def optional_axes(axis, function):
    """``axis`` (None, an int or a tuple of ints) as None or a list of ints; the C++ core checks the bounds."""
    if axis is None:
        return None
    items = axis if isinstance(axis, tuple) else (axis,)
    for a in items:
        if isinstance(a, bool) or not isinstance(a, numbers.Integral):
            raise TypeError(f"{function}: expected axis to be None, an int or a tuple of ints, got {axis!r}")
    return [operator.index(a) for a in items]


def integer_axes(axis, function):
    """``axis`` (an int or a tuple of ints) as a list of ints; the C++ core checks the bounds."""
    items = axis if isinstance(axis, tuple) else (axis,)
    for a in items:
        if isinstance(a, bool) or not isinstance(a, numbers.Integral):
            raise TypeError(f"{function}: expected integer axes, got {axis!r}")
    return [operator.index(a) for a in items]


def normalize_shape(shape, function):
    """A shape (an int or a sequence of ints) as a tuple of non-negative ints."""
    if type(shape) is int and shape >= 0:  # the common cases first, without the numbers ABC checks
        return (shape,)
    if type(shape) is tuple and all(type(e) is int and e >= 0 for e in shape):
        return shape
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise TypeError(f"{function}: expected a shape (an int or a tuple of ints), got {shape!r}") from None
    for extent in shape:
        if isinstance(extent, bool) or not isinstance(extent, numbers.Integral):
            raise TypeError(f"{function}: expected a shape (an int or a tuple of ints), got {shape!r}")
        if extent < 0:
            raise ValueError(f"{function}: expected non-negative extents, got shape {shape}")
    return tuple(int(e) for e in shape)


def grid_or_default(grid, function):
    """``grid`` when it is a ProcessGrid, the default grid for None, else TypeError."""
    if grid is None:
        return default_grid()
    if not isinstance(grid, ProcessGrid):
        raise TypeError(f"{function}: expected grid=None or a gingham.ProcessGrid, got {grid!r}")
    return grid

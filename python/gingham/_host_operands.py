"""Operands of the NumPy-facing functions (gingham._numpy_functions, _einsum, _histogram): host data
among gingham arrays, and the one refusal those functions raise for what gingham does not run."""

import numpy as np

from ._array import Array
from ._creation import asarray
from ._layouts import Distribution


def refuse(what):
    """Local. TypeError for a NumPy function or option gingham does not run distributed (nothing is
    gathered silently): the message names it and says how to gather explicitly."""
    raise TypeError(f"gingham.Array does not support {what}; convert explicitly with np.asarray(x) (a "
                    "collective gather of the whole array to every rank) if that is what you want")


def first_array(values):
    """Local. The first gingham.Array among ``values`` (NumPy's dispatcher guarantees one)."""
    return next(v for v in values if isinstance(v, Array))


def host_like(value, model):
    """Collective over model's communicator (no messages). ``value`` as a gingham.Array on model's device:
    itself when it is one; host data (every rank passes the same) laid out like ``model`` (its axis
    layouts and grid axes) when it has model's number of axes, else in the default layout of model's
    device. So a host operand never decides a layout."""
    if isinstance(value, Array):
        return value
    whole = np.asarray(value)
    layout = model.distribution
    if whole.ndim == model.ndim and whole.ndim:
        return asarray(whole, distribution=Distribution(whole.shape, layout.axes, grid=model.device,
                                                        grid_axes=layout.grid_axes))
    return asarray(whole, device=model.device)

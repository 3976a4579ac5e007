"""fromfunction: an array whose elements are a function of their global indices (numpy.fromfunction),
computed where they are stored, so no rank ever holds more than its own shard."""

import numpy as np

from ._creation import _layout, empty
from ._dtypes import float64, resolve
from ._errors import collective_errors
from ._validation import normalize_shape


def fromfunction(function, shape, *, dtype=None, device=None, distribution=None, halo=None, **kwargs):
    """Collective over the device's communicator. The array of ``shape`` whose element at global index
    (i0, i1, ...) is ``function(i0, i1, ..., **kwargs)``, as ``numpy.fromfunction``, without the whole array
    anywhere: each rank of the grid calls ``function`` once, with index arrays shaped like its own shard
    holding the GLOBAL indices of the elements it stores (for block-cyclic layouts, the cartesian product
    of the per-axis indices it holds, in ``distribution.owned_indices()`` order), in ``dtype`` (float64
    unless given) as numpy.fromfunction passes them, except that a bool array gets int64 indices (NumPy
    cannot count past 1 in bool and raises). The result is broadcast to the shard's shape and cast
    to ``dtype``. Ranks holding copies of replicated axes compute their own copies; ranks off the grid do
    not call ``function``. A 0-D array calls it with no arguments. A result that does not broadcast to the
    shard's shape, or any exception ``function`` raises on one rank, raises on every rank (the same type
    and message). The layout is ``distribution``, or the default layout on ``device``; ``halo`` adds ghost
    cells (zeros until the first halo exchange).
    """
    if not callable(function):
        raise TypeError(f"fromfunction: expected a callable, got {type(function).__name__}")
    shape = normalize_shape(shape, "fromfunction")
    dtype = resolve(float64 if dtype is None else dtype, "fromfunction")
    layout = _layout(shape, device, distribution, "fromfunction")
    x = empty(shape, dtype=dtype, distribution=layout, halo=halo)
    with collective_errors(device=layout.grid):
        if layout.grid.coords is not None:
            index_dtype = np.int64 if dtype == np.bool_ else dtype
            axes = [indices.astype(index_dtype) for indices in layout.owned_indices()]
            result = np.asarray(function(*np.meshgrid(*axes, indexing="ij"), **kwargs))
            try:
                values = np.broadcast_to(result, x.local.shape)
            except ValueError:
                raise ValueError(f"fromfunction: expected the function to return this rank's shard of shape "
                                 f"{x.local.shape} (or an array that broadcasts to it), got shape "
                                 f"{result.shape}") from None
            x.local[...] = values.astype(dtype, copy=False)
    return x

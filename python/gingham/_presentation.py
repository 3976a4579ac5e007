"""Installs on gingham.Array and gingham.Distribution what shows and moves them outside computations:
printing (gingham._printing), element reads and iteration (gingham._element_reads), pickling
(gingham._pickling) and the owner maps and notebook views (gingham._layout_view)."""

from . import _element_reads, _layout_view, _pickling, _printing
from ._array import Array
from ._layouts import Distribution


def _install(cls, function, name=None):
    setattr(cls, name or function.__name__, function)
    return function


def __repr__(self):
    """Collective over the communicator: NumPy's repr of the values (only the printed elements move:
    at most ``np.get_printoptions()["threshold"]`` of them, or the ``edgeitems``-wide corners of a larger
    array, so printing a 10^9-element array is cheap), then the dtype and the distribution:
    ``gingham.Array([0., 1., 2.], dtype=float64, distribution=gingham.Distribution(...))``. Call it on every
    rank (to print on one rank: ``text = repr(x)`` everywhere, then print on that rank); a 0-D or replicated
    array on a grid of all ranks prints without a message."""
    return _printing.array_repr(self)


def __str__(self):
    """Collective over the communicator (as repr): the values as NumPy's str prints them."""
    return _printing.array_str(self)


def __format__(self, format_spec):
    """Collective over the communicator (local for a 0-D array on a grid of all ranks). ``f"{x:.3f}"``
    formats a 0-D array's value as the Python scalar does; other arrays take only an empty spec (str), as
    NumPy arrays do, and raise TypeError otherwise."""
    return _printing.array_format(self, format_spec)


def __iter__(self):
    """Collective over the communicator; every rank must iterate as far as the others. Over a 1-D array,
    its elements as 0-D arrays, read 4096 at a time from their owners (one exchange per block, not one per
    element); over an N-D array, ``x[i]`` for each i of the first axis (a redistribution each), as NumPy.
    TypeError for a 0-D array. To loop over many elements, ``np.asarray(x)`` (one gather) or ``x.local``
    (this rank's shard, no message) is cheaper."""
    if self.ndim == 0:
        raise TypeError("iteration over a 0-D gingham.Array (as over a 0-D NumPy array) is not possible")
    return _element_reads.iterate(self)


def __reduce__(self):
    """Local (no message). A 0-D or replicated array pickles as its NumPy data and unpickles onto the
    default grid; a distributed one pickles as this rank's shard and its layout and unpickles only at the
    same grid coordinates of the same job (pickle.UnpicklingError elsewhere, naming gg.to_numpy and
    gg.save). See gingham._pickling."""
    return _pickling.reduce_array(self)


def _repr_html_(self):
    """Local (no message, no element read). The notebook view: an SVG of the blocks coloured by owning rank
    and a table of shape, dtype, layout and each rank's shard shape and bytes."""
    return _layout_view.html_view(self.distribution, self.dtype)


for _function in (__repr__, __str__, __format__, __iter__, __reduce__, _repr_html_):
    _install(Array, _function)


def owner_map(self):
    """Local. A text map of the grid rank owning each element, for layouts of at most 10000 elements (rows:
    the second-last axis, columns: the last; one map per index of leading axes; the primary copy's rank
    where grid axes hold copies). ValueError for larger layouts."""
    return _layout_view.owner_map(self)


def local_shapes(self):
    """Local. {grid rank: the shape of its shard} for every rank of the grid."""
    return _layout_view.local_shapes(self)


def _distribution_html(self):
    """Local. The notebook view: an SVG of the blocks coloured by owning rank and the per-rank shapes."""
    return _layout_view.html_view(self)


_install(Distribution, owner_map)
_install(Distribution, local_shapes)
_install(Distribution, _distribution_html, "_repr_html_")

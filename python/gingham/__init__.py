"""gingham: distributed block-cyclic arrays for MPI clusters.

``import gingham as gg`` works under ``mpirun``/``srun`` and in a plain ``python3`` or notebook
(MPI's singleton mode). MPI is initialised through mpi4py, which also finalises it at exit.

Foundation scope: 0-D and 1-D arrays of float64 and int64, ``arange``, ``full``, ``zeros``, ``sum``.
"""

from mpi4py import MPI as _MPI  # noqa: F401  (initialises MPI before the C++ core is loaded)

from . import _core  # noqa: F401
from ._array import Array
from ._creation import arange, full, zeros
from ._dtypes import float64, int64
from ._errors import collective_errors
from ._grid import ProcessGrid, default_grid
from ._reductions import sum  # noqa: A004  (the Array API name)

__version__ = "0.1.0"

__all__ = [
    "Array",
    "ProcessGrid",
    "arange",
    "collective_errors",
    "default_grid",
    "float64",
    "full",
    "int64",
    "sum",
    "zeros",
]

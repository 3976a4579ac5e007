"""gingham: distributed block-cyclic arrays for MPI clusters.

``import gingham as gg`` works under ``mpirun``/``srun`` and in a plain ``python3`` or notebook
(MPI's singleton mode). MPI is initialised through mpi4py, which also finalises it at exit.
"""

from mpi4py import MPI as _MPI  # noqa: F401  (initialises MPI before the C++ core is loaded)

from . import _core  # noqa: F401
from ._array import Array
from ._creation import arange, asarray, full, zeros
from ._dtypes import (bool, complex64, complex128, float32, float64, int8, int16, int32, int64,  # noqa: A004
                      uint8, uint16, uint32, uint64)
from ._errors import collective_errors
from ._grid import ProcessGrid, default_grid
from ._layouts import Block, BlockCyclic, Cyclic, Distribution, Halo
from ._redistribute import redistribute
from ._reductions import (all, any, argmax, argmin, count_nonzero, cumulative_prod, cumulative_sum,  # noqa: A004
                          deterministic, diff, max, mean, min, prod, set_deterministic, std, sum, var)

__version__ = "0.1.0"

__all__ = [
    "Array", "Block", "BlockCyclic", "Cyclic", "Distribution", "Halo", "ProcessGrid",
    "arange", "asarray", "collective_errors", "default_grid", "full", "redistribute", "zeros",
    "all", "any", "argmax", "argmin", "count_nonzero", "cumulative_prod", "cumulative_sum", "diff", "max", "mean",
    "min", "prod", "std", "sum", "var", "deterministic", "set_deterministic",
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128",
]

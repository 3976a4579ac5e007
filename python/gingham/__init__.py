"""gingham: distributed block-cyclic arrays for MPI clusters.

``import gingham as gg`` works under ``mpirun``/``srun`` and in a plain ``python3`` or notebook
(MPI's singleton mode). MPI is initialised through mpi4py, which also finalises it at exit.
"""

import math as _math

from mpi4py import MPI as _MPI  # noqa: F401  (initialises MPI before the C++ core is loaded)

from . import _core  # noqa: F401
from ._array import Array
from ._creation import (arange, asarray, empty, empty_like, eye, from_dlpack, from_local, full, full_like, linspace,
                        meshgrid, ones, ones_like, tril, triu, zeros, zeros_like)
from ._data_type_functions import astype, can_cast, finfo, iinfo, isdtype, result_type
from ._dtypes import (bool, complex64, complex128, float32, float64, int8, int16, int32, int64,  # noqa: A004
                      uint8, uint16, uint32, uint64)
from ._elementwise import *  # noqa: F403  (the 67 elementwise functions and where; see _elementwise.__all__)
from ._elementwise import __all__ as _elementwise_names
from ._checking import collective_checks_enabled, set_collective_checks
from ._errors import RemoteError, collective_errors
from ._grid import ProcessGrid, default_grid
from ._io import load, save
from ._take import take, take_along_axis
from ._root_io import to_numpy
from ._fromfunction import fromfunction
from ._info import __array_namespace_info__
from ._profile import profile, record_implicit_gather
from . import _profile
from ._searching import nonzero, searchsorted
from ._layouts import Block, BlockCyclic, Cyclic, Distribution, Halo
from ._moves import to_device
from ._manipulation import (broadcast_arrays, broadcast_shapes, broadcast_to, concat, expand_dims, flip,
                            matrix_transpose, moveaxis, permute_dims, repeat, reshape, roll, squeeze, stack, tile,
                            unstack)
from ._redistribute import (RedistributionPlan, clear_plan_cache, plan_cache_statistics, redistribute,
                            set_plan_cache_capacity)
from ._sets import isin, unique_all, unique_counts, unique_inverse, unique_values
from ._sorting import argsort, sort
from . import linalg
from . import random
from .linalg import matmul, tensordot, vecdot
from . import fft
from ._reductions import (all, any, argmax, argmin, count_nonzero, cumulative_prod, cumulative_sum,  # noqa: A004
                          deterministic, diff, max, mean, min, prod, set_deterministic, std, sum, var)
from ._implicit_gather import (ImplicitGatherError, ImplicitGatherWarning, implicit_gather,
                               implicit_gather_statistics, set_implicit_gather)
from ._nan_functions import (nanargmax, nanargmin, nancumprod, nancumsum, nanmax, nanmean, nanmedian, nanmin,
                             nanpercentile, nanprod, nanquantile, nanstd, nansum, nanvar)
from . import _operators  # noqa: F401,E402  (installs Array's operators and computing methods: last)
from . import _methods  # noqa: F401,E402  (installs NumPy's ndarray methods: mean, reshape, item, sort, ...)
from . import _presentation  # noqa: F401,E402  (installs printing, iteration, pickling and layout views)
from . import _abort
from ._abort import abort_on_exception_enabled
from . import _machine
from ._machine import num_threads, set_num_threads

_abort.install_abort_on_exception()  # under several ranks, an uncaught exception aborts the job (see _abort)
_machine.warn_about_generic_blas()  # once, on rank 0: OpenBLAS running generic kernels on a CPU it does not know
_core.follow_blas_threads()  # OpenBLAS uses num_threads() threads per rank unless OPENBLAS_NUM_THREADS says otherwise

__version__ = _core.version()  # the library's, from the top-level VERSION file (one source)
_profile.report_at_exit_if_requested()  # GINGHAM_PROFILE=1: the run's profile log at exit, on rank 0
__array_api_version__ = "2025.12"

e, inf, nan, pi = _math.e, _math.inf, _math.nan, _math.pi
newaxis = None

__all__ = [
    "Array", "Block", "BlockCyclic", "Cyclic", "Distribution", "Halo", "ProcessGrid", "RedistributionPlan",
    "RemoteError", "abort_on_exception_enabled", "arange", "asarray", "collective_checks_enabled", "collective_errors", "default_grid", "empty", "empty_like", "eye", "from_dlpack", "from_local",
    "full", "full_like", "linspace", "meshgrid", "ones", "ones_like", "redistribute", "tril", "triu", "zeros",
    "clear_plan_cache", "plan_cache_statistics", "set_plan_cache_capacity",
    "fromfunction", "to_numpy",
    "random",
    "zeros_like",
    "all", "any", "argmax", "argmin", "count_nonzero", "cumulative_prod", "cumulative_sum", "diff", "max", "mean",
    "min", "prod", "std", "sum", "var", "deterministic", "set_collective_checks", "set_deterministic",
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128",
    "astype", "can_cast", "finfo", "iinfo", "isdtype", "result_type", "__array_namespace_info__",
    "e", "inf", "nan", "newaxis", "pi",
    "broadcast_arrays", "broadcast_shapes", "broadcast_to", "expand_dims", "flip", "matrix_transpose", "moveaxis",
    "permute_dims", "squeeze", "concat", "stack", "unstack", "repeat", "reshape", "roll", "tile", "take", "take_along_axis",
    "searchsorted", "nonzero", "argsort", "sort", "isin", "unique_all", "unique_counts", "unique_inverse",
    "unique_values", "linalg", "matmul", "tensordot", "vecdot",
    "profile", "record_implicit_gather",
    "load", "save", "to_device",
    "fft",
    "num_threads", "set_num_threads",
    "nanargmax", "nanargmin", "nancumprod", "nancumsum", "nanmax", "nanmean", "nanmedian", "nanmin", "nanpercentile",
    "nanprod", "nanquantile", "nanstd", "nansum", "nanvar",
    "ImplicitGatherError", "ImplicitGatherWarning", "implicit_gather", "implicit_gather_statistics",
    "set_implicit_gather",
] + list(_elementwise_names)

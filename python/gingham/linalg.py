"""gingham.linalg: the Array API's linear algebra extension, on ScaLAPACK (PBLAS, BLACS).

So far: ``matmul`` (also ``gingham.matmul`` and ``x @ y``). The other functions of the extension
(cholesky, solve, qr, svd, eigh, ...) come next (issue 6) and are not here yet.

How arrays reach ScaLAPACK (gingham/linalg/descriptor.hpp): a 2-D array is used in place, without a
copy, when every grid axis of extent > 1 spreads one of its axes and its shard is dense along one axis.
A column-major shard is the matrix itself; a row-major shard (gingham's default) is, byte for byte, the
column-major shard of the transpose, so such operands are multiplied as the transposed problem
C^T = B^T A^T on the transposed BLACS grid. gingham's default layouts (Block rows on a 1-D grid, Block x
Block on a 2-D grid) are therefore always used in place, and the product comes back in the same default
layout. Other operands are redistributed, visibly, to a row-major BlockCyclic(64) layout: one
redistribution per moved operand, about its size in bytes sent and received in total.
"""

from . import _core
from ._array import Array

__all__ = ["matmul"]


def _require_array(x, function):
    if not isinstance(x, Array):
        raise TypeError(f"{function}: expected a gingham.Array, got {type(x).__name__}")
    return x


def matmul(x1, x2, /):
    """Collective over the arrays' communicator. The matrix product x1 @ x2 (the Array API's matmul).

    2-D @ 2-D is one PBLAS ?GEMM (float32, float64, complex64, complex128). A 1-D x1 is a row vector and
    a 1-D x2 a column vector, the added axis removed from the result (vector @ vector gives a 0-D,
    replicated array). Stacks of matrices (more than 2 axes) broadcast their leading axes; the matrices
    of the stack are multiplied one after another (each moved to a BlockCyclic(64) layout first) and
    joined. The result dtype is result_type(x1, x2); its layout is the 2-D block-cyclic one PBLAS wrote
    (for default-layout operands, the default layout). ValueError for 0-D operands, mismatched inner
    extents or stacks that do not broadcast; TypeError for bool; NotImplementedError for integer dtypes
    (PBLAS has no integer product and gingham has no distributed one yet: cast with astype).
    """
    _require_array(x1, "matmul")
    _require_array(x2, "matmul")
    return Array(_core.matmul(x1._impl, x2._impl))

"""gingham.linalg: the Array API's linear algebra extension, on ScaLAPACK (PBLAS, BLACS).

So far: ``matmul`` (also ``gingham.matmul`` and ``x @ y``), ``tensordot`` (permute, reshape, matmul),
``vecdot`` (elementwise product and sum: no ScaLAPACK needed), ``matrix_transpose`` (no data moves
between ranks), and the factorizations ``cholesky`` (P?POTRF), ``solve`` (P?GETRF + P?GETRS), ``inv``
(P?GETRF + P?GETRI), ``det`` and ``slogdet`` (P?GETRF). A matrix they cannot handle (singular, not
positive definite) raises ``LinAlgError`` on every rank: a ValueError that is also a
``numpy.linalg.LinAlgError``.

How arrays reach ScaLAPACK (gingham/linalg/descriptor.hpp): a 2-D array is used in place, without a
copy, when every grid axis of extent > 1 spreads one of its axes and its shard is dense along one axis.
A column-major shard is the matrix itself; a row-major shard (gingham's default) is, byte for byte, the
column-major shard of the transpose, so such operands are multiplied as the transposed problem
C^T = B^T A^T on the transposed BLACS grid. gingham's default layouts (Block rows on a 1-D grid, Block x
Block on a 2-D grid) are therefore always used in place, and the product comes back in the same default
layout. Other operands are redistributed, visibly, to a row-major BlockCyclic(64) layout: one
redistribution per moved operand, about its size in bytes sent and received in total.
"""

import math
import numbers
import operator

from . import _core
from ._array import Array
from ._manipulation import matrix_transpose

__all__ = ["matmul", "matrix_transpose", "tensordot", "vecdot"]
__all__ += ["LinAlgError", "cholesky", "det", "inv", "slogdet", "solve"]


def _require_array(x, function):
    if not isinstance(x, Array):
        raise TypeError(f"{function}: expected a gingham.Array, got {type(x).__name__}")
    return x


def matmul(x1, x2, /):
    """Collective over the arrays' communicator. The matrix product x1 @ x2 (the Array API's matmul).

    2-D @ 2-D is one PBLAS ?GEMM (float32, float64, complex64, complex128). A 1-D x1 is a row vector and
    a 1-D x2 a column vector, the added axis removed from the result (vector @ vector gives a 0-D,
    replicated array; a 1-D result that would be replicated is spread in the default layout). Stacks of matrices (more than 2 axes) broadcast their leading axes; the matrices
    of the stack are multiplied one after another (each moved to a BlockCyclic(64) layout first) and
    joined. The result dtype is result_type(x1, x2); its layout is the 2-D block-cyclic one PBLAS wrote
    (for default-layout operands, the default layout). ValueError for 0-D operands, mismatched inner
    extents or stacks that do not broadcast; TypeError for bool; NotImplementedError for integer dtypes
    (PBLAS has no integer product and gingham has no distributed one yet: cast with astype).
    """
    _require_array(x1, "matmul")
    _require_array(x2, "matmul")
    return Array(_core.matmul(x1._impl, x2._impl))


def vecdot(x1, x2, /, *, axis=-1):
    """Collective over the arrays' communicator. The dot product sum(conj(x1) * x2) along ``axis`` (a
    negative axis, counted from the end of each array), the other axes broadcast: one elementwise product
    (operands aligned to the result's layout as for any binary function) and one sum (local sums, then
    one allreduce along the grid axis of ``axis``). The result dtype is result_type(x1, x2). ValueError
    when ``axis`` is not in [-min(x1.ndim, x2.ndim), -1] or the two extents along it differ; TypeError
    for bool operands."""
    from ._data_type_functions import result_type
    from ._elementwise import conj, multiply
    from ._reductions import sum as sum_

    _require_array(x1, "vecdot")
    _require_array(x2, "vecdot")
    if x1.dtype == _bool_dtype() or x2.dtype == _bool_dtype():
        raise TypeError(f"vecdot: expected numeric arrays, got {x1.dtype} and {x2.dtype}")
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"vecdot: expected an integer axis, got {axis!r}")
    n = min(x1.ndim, x2.ndim)
    if not -n <= axis <= -1:
        raise ValueError(f"vecdot: axis must be in [-{n}, -1] for shapes {x1.shape} and {x2.shape}, got {axis}")
    if x1.shape[axis] != x2.shape[axis]:
        raise ValueError(f"vecdot: shapes {x1.shape} and {x2.shape} have {x1.shape[axis]} and {x2.shape[axis]} "
                         f"elements along axis {axis}")
    dtype = result_type(x1, x2)
    product = multiply(conj(x1) if x1.dtype.kind == "c" else x1, x2)
    return sum_(product, axis=axis, dtype=dtype)


def _bool_dtype():
    from ._dtypes import bool as bool_

    return bool_


def _tensordot_axes(x1, x2, axes):
    if isinstance(axes, numbers.Integral) and not isinstance(axes, bool):
        count = operator.index(axes)
        if count < 0 or count > min(x1.ndim, x2.ndim):
            raise ValueError(f"tensordot: axes={count} must be in [0, {min(x1.ndim, x2.ndim)}] for shapes "
                             f"{x1.shape} and {x2.shape}")
        return list(range(x1.ndim - count, x1.ndim)), list(range(count))
    try:
        first, second = axes
        first, second = [operator.index(a) for a in first], [operator.index(a) for a in second]
    except (TypeError, ValueError) as error:
        raise TypeError(f"tensordot: expected an integer or two sequences of axes, got {axes!r}") from error
    if len(first) != len(second):
        raise ValueError(f"tensordot: {len(first)} axes of x1 but {len(second)} of x2 in {axes!r}")

    def normalise(ax, ndim, which):
        out = []
        for a in ax:
            if not -ndim <= a < ndim:
                raise ValueError(f"tensordot: axis {a} is out of range for {which} of {ndim} dimensions")
            out.append(a % ndim)
        if len(set(out)) != len(out):
            raise ValueError(f"tensordot: repeated axis in {ax!r} for {which}")
        return out

    return normalise(first, x1.ndim, "x1"), normalise(second, x2.ndim, "x2")


def tensordot(x1, x2, /, *, axes=2):
    """Collective over the arrays' communicator. The tensor contraction of x1 and x2 over ``axes`` (an
    integer n: the last n axes of x1 with the first n of x2; or two sequences of axes, paired). Computed
    as one matmul: x1's free axes then its contracted axes are permuted and reshaped into a matrix
    (M, K), x2's into (K, N), multiplied, and the product reshaped to x1's free shape + x2's free shape.
    Each reshape is up to three redistributions (see reshape), so the cost is a few moves of each
    operand plus the PDGEMM. ValueError when paired axes differ in extent; dtypes as matmul (integer
    dtypes raise NotImplementedError)."""
    from ._manipulation import permute_dims, reshape

    _require_array(x1, "tensordot")
    _require_array(x2, "tensordot")
    first, second = _tensordot_axes(x1, x2, axes)
    for a, b in zip(first, second):
        if x1.shape[a] != x2.shape[b]:
            raise ValueError(f"tensordot: axis {a} of x1 {x1.shape} has {x1.shape[a]} elements, axis {b} of x2 "
                             f"{x2.shape} has {x2.shape[b]}")
    free1 = [a for a in range(x1.ndim) if a not in first]
    free2 = [b for b in range(x2.ndim) if b not in second]
    contracted = math.prod(x1.shape[a] for a in first)
    shape1 = tuple(x1.shape[a] for a in free1)
    shape2 = tuple(x2.shape[b] for b in free2)

    def as_matrix(x, order, rows, cols):
        if tuple(order) != tuple(range(x.ndim)):
            x = permute_dims(x, tuple(order))
        return x if x.shape == (rows, cols) else reshape(x, (rows, cols))

    left = as_matrix(x1, free1 + first, math.prod(shape1), contracted)
    right = as_matrix(x2, second + free2, contracted, math.prod(shape2))
    product = matmul(left, right)
    return product if product.shape == shape1 + shape2 else reshape(product, shape1 + shape2)


# ---- Factorizations (gingham/linalg/factorizations.hpp) ----------------------------------------------

LinAlgError = _core.LinAlgError

_FACTORIZATION_NOTES = """
    Floating-point dtypes only (float32, float64, complex64, complex128): integer and bool arrays raise
    TypeError (cast with astype). ScaLAPACK overwrites the matrix it factorizes, so x is first copied
    (one redistribution): into its own layout when ScaLAPACK can read it in place with square blocks of
    at most 256 (a local copy), else into a row-major BlockCyclic(64) layout (x's BLACS view, or 1xP on a
    1-D grid): one matrix of extra memory per rank; x is never changed. Stacks (more than two axes) are
    computed one matrix after the other and joined. Errors are raised on every rank alike: ValueError
    for fewer than two axes or non-square matrices."""


def cholesky(x, /, *, upper=False):
    """Collective over x's communicator. The Cholesky factor of each Hermitian (real symmetric) positive
    definite matrix of x (shape (..., n, n)): lower L with x = L L^H, or, with ``upper=True``, upper U = L^H
    with x = U^H U. Only the lower (upper) triangle of x is read; the other triangle of the result is zero.
    P?POTRF (n^3/3 flops); a row-major copy is factorized as its transpose (uplo flipped, exact because x
    is Hermitian). LinAlgError when a matrix is not positive definite.""" + _FACTORIZATION_NOTES
    _require_array(x, "cholesky")
    return Array(_core.cholesky(x._impl, bool(upper)))


def solve(x1, x2, /):
    """Collective over the arrays' communicator. The solution X of x1 X = x2 for each square matrix of x1
    (shape (..., M, M)), as the Array API standard defines it: a 1-D x2 of shape (M,) is one right-hand
    side for every matrix and the result has shape x1.shape[:-1]; otherwise x2 has shape (..., M, K), its
    stack axes broadcast with x1's, and the result has shape (broadcast stack, M, K). The dtype is
    result_type(x1, x2). LU with partial pivoting: P?GETRF (2M^3/3 flops; a 2-D x1 is factorized once for
    all of x2's stack) and P?GETRS (what P?GESV does), with x2 copied column-major in the factors' row
    layout; the result is that copy. LinAlgError when a matrix is exactly singular; ValueError when x2's
    shape does not fit.""" + _FACTORIZATION_NOTES
    _require_array(x1, "solve")
    _require_array(x2, "solve")
    return Array(_core.solve(x1._impl, x2._impl))


def inv(x, /):
    """Collective over x's communicator. The inverse of each square matrix of x (shape (..., n, n)):
    P?GETRF then P?GETRI (about 2n^3 flops, plus P?GETRI's workspace). LinAlgError when a matrix is
    exactly singular.""" + _FACTORIZATION_NOTES
    _require_array(x, "inv")
    return Array(_core.inv(x._impl))


def det(x, /):
    """Collective over x's communicator. The determinant of each square matrix of x (shape (..., n, n)), as
    sign * exp(logabsdet) of slogdet (NumPy's method): 0 for a singular matrix, no error. The result has
    shape x.shape[:-2] and x's dtype (0-D and replicated for one matrix).""" + _FACTORIZATION_NOTES
    _require_array(x, "det")
    return Array(_core.det(x._impl))


class SlogdetResult(tuple):
    """slogdet's result: the pair (sign, logabsdet), also readable as attributes."""

    __slots__ = ()
    _fields = ("sign", "logabsdet")

    def __new__(cls, sign, logabsdet):
        return super().__new__(cls, (sign, logabsdet))

    sign = property(lambda self: self[0], doc="The sign of the determinant (x's dtype).")
    logabsdet = property(lambda self: self[1], doc="The natural logarithm of |det| (x's real dtype).")

    def __repr__(self):
        return f"SlogdetResult(sign={self[0]!r}, logabsdet={self[1]!r})"


def slogdet(x, /):
    """Collective over x's communicator. The sign and the natural logarithm of the absolute value of the
    determinant of each square matrix of x (shape (..., n, n)), from its LU factors (P?GETRF): U's diagonal
    is spread over the ranks, so each rank sums the logs and phases of its entries and counts its row
    interchanges, and one allreduce adds them up. Returns a namedtuple-like ``(sign, logabsdet)``: sign has
    x's dtype (+-1, or a complex number of modulus 1), logabsdet the real dtype of the same precision, both
    of shape x.shape[:-2]. A singular matrix gives sign 0 and logabsdet -inf (no error).""" + _FACTORIZATION_NOTES
    _require_array(x, "slogdet")
    sign, logabsdet = _core.slogdet(x._impl)
    return SlogdetResult(Array(sign), Array(logabsdet))

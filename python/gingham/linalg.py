"""gingham.linalg: the Array API's linear algebra extension, on ScaLAPACK (PBLAS, BLACS).

So far: ``matmul`` (also ``gingham.matmul`` and ``x @ y``), ``tensordot`` (permute, reshape, matmul),
``vecdot`` (elementwise product and sum: no ScaLAPACK needed) and ``matrix_transpose`` (no data moves
between ranks); composed of the distributed kernels without a ScaLAPACK call of their own
(gingham/linalg/matrix_functions.hpp): ``diagonal`` and ``trace`` (each diagonal element read from its
owner), ``outer``, ``cross``, ``vector_norm``, ``matrix_norm`` (reductions; orders 2, -2 and 'nuc' take
``svdvals``) and ``matrix_power`` (repeated squaring with matmul; n < 0 takes ``inv``); and the
factorizations ``cholesky`` (P?POTRF), ``solve`` (P?GETRF + P?GETRS), ``inv`` (P?GETRF + P?GETRI), ``det``
and ``slogdet`` (P?GETRF). A matrix they cannot handle (singular, not positive definite) raises
``LinAlgError`` on every rank: a ValueError that is also a ``numpy.linalg.LinAlgError``. The
decompositions ``qr``, ``eigh``, ``eigvalsh``, ``svd``, ``svdvals``, ``pinv``, ``matrix_rank``, ``eig`` and
``eigvals`` (gingham/linalg/decompositions.hpp) are below.

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

__all__ = ["matmul", "matrix_transpose", "tensordot", "vecdot", "cross", "diagonal", "matrix_norm", "matrix_power",
           "outer", "trace", "vector_norm"]
__all__ += ["LinAlgError", "cholesky", "det", "inv", "slogdet", "solve"]
__all__ += ["qr", "eigh", "eigvalsh", "svd", "svdvals", "pinv", "matrix_rank", "eig", "eigvals",
            "QRResult", "EighResult", "SVDResult", "EigResult"]


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
    extents or stacks that do not broadcast; TypeError for bool. Integer dtypes (PBLAS has no integer
    product) are multiplied by SUMMA on the redistribution engine, in the default layout of the result,
    wrapping as NumPy's integer matmul does.
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
    _require_array(x1, "vecdot")
    _require_array(x2, "vecdot")
    return Array(_core.vecdot(x1._impl, x2._impl, _integer(axis, "axis", "vecdot")))


def _tensordot_axes(axes):
    """``axes`` as an integer count or two lists of integers; the C++ core checks ranges and extents."""
    if isinstance(axes, numbers.Integral) and not isinstance(axes, bool):
        return operator.index(axes), None

    def as_list(ax):  # NumPy also takes a bare integer for one axis on each side: axes=(1, 0)
        return [operator.index(ax)] if isinstance(ax, numbers.Integral) and not isinstance(ax, bool) else ax

    try:
        first, second = axes
        return [operator.index(a) for a in as_list(first)], [operator.index(a) for a in as_list(second)]
    except (TypeError, ValueError) as error:
        raise TypeError(f"tensordot: expected an integer or two sequences of axes, got {axes!r}") from error


def tensordot(x1, x2, /, *, axes=2):
    """Collective over the arrays' communicator. The tensor contraction of x1 and x2 over ``axes`` (an
    integer n: the last n axes of x1 with the first n of x2; or two sequences of axes, paired, or two
    integers). Computed as one matmul: x1's free axes then its contracted axes are permuted and reshaped
    into a matrix (M, K), x2's into (K, N), multiplied, and the product reshaped to x1's free shape +
    x2's free shape. Each reshape is up to three redistributions (see reshape), so the cost is a few
    moves of each operand plus the PDGEMM. ValueError when paired axes differ in extent or an axis is
    out of range or repeated; dtypes as matmul (integer dtypes raise NotImplementedError)."""
    _require_array(x1, "tensordot")
    _require_array(x2, "tensordot")
    first, second = _tensordot_axes(axes)
    if second is None:
        return Array(_core.tensordot(x1._impl, x2._impl, first))
    return Array(_core.tensordot_axes(x1._impl, x2._impl, first, second))


def _integer(value, name, function):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{function}: expected an integer {name}, got {value!r}")
    return operator.index(value)


def diagonal(x, /, *, offset=0):
    """Collective over x.device. The ``offset``-th diagonal (column - row == offset) of each matrix in the
    last two axes of x: shape (..., L), x's dtype, the default layout of that shape. Each rank reads its
    elements from their owners (integer-array indexing with one key per axis), one read per element; x
    does not move. ValueError when x has fewer than 2 axes."""
    _require_array(x, "diagonal")
    return Array(_core.diagonal(x._impl, _integer(offset, "offset", "diagonal")))


def trace(x, /, *, offset=0, dtype=None):
    """Collective over x.device. The sum of the ``offset``-th diagonal of each matrix in the last two axes:
    shape (...), a 0-D replicated array for one matrix. ``dtype`` as sum's: by default int64 for signed
    integers, uint64 for unsigned, x's dtype for floating point. Cost: diagonal, then one sum along
    its last axis. ValueError when x has fewer than 2 axes; TypeError for bool x or a bad dtype."""
    from ._dtypes import resolve

    _require_array(x, "trace")
    offset = _integer(offset, "offset", "trace")
    return Array(_core.trace(x._impl, offset, None if dtype is None else resolve(dtype, "trace")))


def outer(x1, x2, /):
    """Collective over the arrays' device. The outer product result[i, j] = x1[i] * x2[j] of two 1-D
    numeric arrays, dtype result_type(x1, x2), in the default layout of (N, M): each rank receives the
    parts of x1 and x2 its block needs (one redistribution each) and multiplies locally. ValueError for
    operands that are not 1-D; TypeError for bool."""
    _require_array(x1, "outer")
    _require_array(x2, "outer")
    return Array(_core.outer(x1._impl, x2._impl))


def cross(x1, x2, /, *, axis=-1):
    """Collective over the arrays' device. The cross product of the 3-element vectors along ``axis``
    (in [-min(x1.ndim, x2.ndim), -1], counted from the end of each array), the other axes broadcast; dtype
    result_type(x1, x2). Computed as take(a, [1, 2, 0]) * take(b, [2, 0, 1]) - take(a, [2, 0, 1]) *
    take(b, [1, 2, 0]) along the axis (each take keeps its operand's layout). IndexError for an axis out
    of that range; ValueError when an extent along it is not 3 or the other axes do not broadcast;
    TypeError for bool operands."""
    _require_array(x1, "cross")
    _require_array(x2, "cross")
    return Array(_core.cross(x1._impl, x2._impl, _integer(axis, "axis", "cross")))


def _order(ord, function):
    if isinstance(ord, bool) or not isinstance(ord, (numbers.Integral, numbers.Real)):
        raise TypeError(f"{function}: expected ord to be an int or a float, got {ord!r}")
    return float(ord)


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """Collective over x.device. The vector norm of x over ``axis`` (None: all elements; an int or a tuple
    of ints), kept with extent 1 when ``keepdims``. ord: 2 sqrt(sum |x|^2), 1 sum |x|, inf max |x|, -inf
    min |x|, 0 the count of nonzero elements, any other p (sum |x|^p)^(1/p) (negative p too). Floating
    x only (TypeError otherwise); the result has the real dtype of x's precision. One elementwise pass and
    one reduction (one MPI_Allgather of partials over the reduced grid axes). ValueError for ord=+-inf
    over no elements or ord=nan."""
    from ._reductions import _axes

    _require_array(x, "vector_norm")
    return Array(_core.vector_norm(x._impl, _axes(axis, "vector_norm"), bool(keepdims), _order(ord, "vector_norm")))


_MATRIX_ORDERS = {1.0: "1", -1.0: "-1", 2.0: "2", -2.0: "-2", math.inf: "inf", -math.inf: "-inf"}


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """Collective over x.device. The norm of each matrix in the last two axes of x: shape (...), or
    (..., 1, 1) with ``keepdims``; the real dtype of x's precision (floating x only: TypeError otherwise).
    ord 'fro' (default), 1 and -1 (extreme column sum of |x|), inf and -inf (extreme row sum) are one
    elementwise pass and one or two reductions; 2, -2 (extreme singular value) and 'nuc' (their sum) take
    linalg.svdvals (NotImplementedError while gingham is built without it). ValueError for other orders
    and for ord=+-1/+-inf/+-2 on empty matrices; ValueError for fewer than 2 axes."""
    _require_array(x, "matrix_norm")
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise ValueError(f"matrix_norm: ord must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, got {ord!r}")
        name = ord
    else:
        name = _MATRIX_ORDERS.get(_order(ord, "matrix_norm"))
        if name is None:
            raise ValueError(f"matrix_norm: ord must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, got {ord!r}")
    return Array(_core.matrix_norm(x._impl, bool(keepdims), name))


def matrix_power(x, n, /):
    """Collective over x.device. x^n for each square matrix of x (..., M, M), floating x only (TypeError
    otherwise). n = 0: the identity in x's layout; n = 1: a copy of x; n > 1: repeated squaring, floor(log2 n) squarings and
    popcount(n) - 1 more products, each one matmul; n < 0: inv(x)^(-n) (LinAlgError for a singular matrix).
    ValueError for non-square matrices or fewer than 2 axes."""
    _require_array(x, "matrix_power")
    return Array(_core.matrix_power(x._impl, _integer(n, "n", "matrix_power")))
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
# ---- Decompositions on ScaLAPACK (gingham/linalg/decompositions.hpp) -------------------------------------
#
# Common rules: x is a matrix or a stack of matrices (the last two axes) of a floating dtype; integer and
# bool arrays raise TypeError (the standard requires floating-point input; cast with astype), fewer than 2
# axes ValueError. ScaLAPACK overwrites its input, so each matrix is first copied (the user's array is
# never touched): a local copy when x is usable in place with square blocks of 6..256 and the storage
# order the routine needs, else a redistribution to a BlockCyclic(64) layout, which is the copy (memory:
# one more matrix). Stacks are a loop over the matrices, results joined. Non-convergence raises
# RuntimeError on every rank (gingham has no LinAlgError yet). Results are in the layout ScaLAPACK wrote;
# eigenvalues and singular values in the default layout.

from typing import NamedTuple


class QRResult(NamedTuple):
    Q: Array
    R: Array


class EighResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class SVDResult(NamedTuple):
    U: Array
    S: Array
    Vh: Array


class EigResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


def _wrap(impls):
    return [Array(impl) for impl in impls]


def qr(x, /, *, mode="reduced"):
    """Collective. QRResult(Q, R) with x = Q R for each matrix (m x n, k = min(m, n)): mode 'reduced' gives
    Q (m x k) with orthonormal columns and R (k x n) upper triangular (zeros below the diagonal);
    'complete' gives Q (m x m) and R (m x n). P?GEQRF on a column-major copy (a row-major x is
    redistributed: that is the copy), R copied out, then P?ORGQR / P?UNGQR forms Q in place of the copy.
    ValueError for another mode."""
    _require_array(x, "qr")
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete', got {mode!r}")
    return QRResult(*_wrap(_core.qr(x._impl, mode)))


def eigh(x, /):
    """Collective. EighResult(eigenvalues, eigenvectors) of each Hermitian (symmetric) matrix, reading its
    lower triangle: eigenvalues ascending, of the real dtype; eigenvectors as orthonormal columns, x's
    dtype. P?SYEVD / P?HEEVD (a row-major shard is solved as S = x^T = conj(x), eigenvectors conjugated
    back). ValueError for non-square matrices."""
    _require_array(x, "eigh")
    return EighResult(*_wrap(_core.eigh(x._impl)))


def eigvalsh(x, /):
    """Collective. The eigenvalues of each Hermitian matrix, ascending, of the real dtype: P?SYEV / P?HEEV
    with JOBZ='N' (no eigenvectors)."""
    _require_array(x, "eigvalsh")
    return Array(_core.eigvalsh(x._impl))


def svd(x, /, *, full_matrices=True):
    """Collective. SVDResult(U, S, Vh) with x = U diag(S) Vh, S descending (real dtype). full_matrices=False:
    U (m x k), Vh (k x n); True (the standard's default): U (m x m), Vh (n x n). P?GESVD computes the thin
    factors (a row-major shard as the transposed problem x^T = V S U^T, U and V swapped, no extra pass);
    the longer side's factor is completed to a square unitary by a complete QR of it (one more qr)."""
    _require_array(x, "svd")
    return SVDResult(*_wrap(_core.svd(x._impl, bool(full_matrices))))


def svdvals(x, /):
    """Collective. The singular values of each matrix, descending, of the real dtype (P?GESVD, no vectors)."""
    _require_array(x, "svdvals")
    return Array(_core.svdvals(x._impl))


def _scalar_rtol(rtol, function):
    if rtol is None or isinstance(rtol, numbers.Real) and not isinstance(rtol, bool):
        return None if rtol is None else float(rtol)
    if isinstance(rtol, Array):
        return rtol
    raise TypeError(f"{function}: rtol must be None, a real number or an array, got {type(rtol).__name__}")


def _cutoff(s, rtol, x):
    """s > rtol * max(s) along the last axis, for an array rtol broadcasting against the batch shape."""
    from ._elementwise import greater, multiply
    from ._manipulation import expand_dims
    from ._reductions import max as max_

    return greater(s, multiply(max_(s, axis=-1, keepdims=True), expand_dims(rtol, axis=-1)))


def pinv(x, /, *, rtol=None):
    """Collective. The Moore-Penrose pseudo-inverse of each matrix, from svd(x, full_matrices=False):
    Vh^H diag(1/s where s > rtol * max(s), else 0) U^H, rtol defaulting to max(M, N) * eps of x's dtype
    (a float, or an array broadcasting against the stack shape). Cost: the SVD, one scaling of Vh, one
    matmul."""
    _require_array(x, "pinv")
    tolerance = _scalar_rtol(rtol, "pinv")
    if not isinstance(tolerance, Array):
        return Array(_core.pinv(x._impl, tolerance))
    from ._elementwise import conj, divide
    from ._manipulation import expand_dims
    from ._elementwise import where

    u, s, vh = svd(x, full_matrices=False)
    keep = _cutoff(s, tolerance, x)
    inverse = where(keep, divide(1.0, s), 0.0)
    v = matrix_transpose(conj(vh) if vh.dtype.kind == "c" else vh)
    uh = matrix_transpose(conj(u) if u.dtype.kind == "c" else u)
    return matmul(v * expand_dims(inverse, axis=-2), uh)


def matrix_rank(x, /, *, rtol=None):
    """Collective. The rank of each matrix: the number of singular values > rtol * max(s) (int64, the
    stack shape), rtol defaulting to max(M, N) * eps (a float, or an array broadcasting against the stack
    shape). svdvals, then a max, a comparison and a sum."""
    _require_array(x, "matrix_rank")
    tolerance = _scalar_rtol(rtol, "matrix_rank")
    if not isinstance(tolerance, Array):
        return Array(_core.matrix_rank(x._impl, tolerance))
    from ._dtypes import int64
    from ._reductions import sum as sum_

    return sum_(_cutoff(svdvals(x), tolerance, x), axis=-1, dtype=int64)


def eig(x, /):
    """Collective. EigResult(eigenvalues, eigenvectors) of each general square matrix, both complex
    (complex64 for float32/complex64 input, complex128 otherwise), eigenvectors as columns of unit 2-norm,
    eigenvalues unsorted (the Schur form's order). ScaLAPACK's only general eigenvector path is complex,
    so real input is converted to complex first: P?GEHRD + P?UNMHR + P?LAHQR + P?TREVC on a column-major
    copy. ValueError for non-square matrices."""
    _require_array(x, "eig")
    return EigResult(*_wrap(_core.eig(x._impl)))


def eigvals(x, /):
    """Collective. The eigenvalues (complex, unsorted) of each general square matrix: P?GEHRD + P?LAHQR on
    a complex column-major copy."""
    _require_array(x, "eigvals")
    return Array(_core.eigvals(x._impl))

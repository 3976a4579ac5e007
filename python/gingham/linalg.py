"""gingham.linalg: the Array API's linear algebra extension, on ScaLAPACK (PBLAS, BLACS).

Every function here is collective over the grid (``x.device``) of its arrays: every rank calls it, in
the same order, with the same global arguments, and errors are raised on every rank alike. The C++ side
has the same functions, one header per algorithm (include/gingham/linalg/README.md lists them).

- Products: ``matmul`` (also ``gingham.matmul`` and ``x @ y``; PBLAS ?GEMM), ``tensordot`` (permute,
  reshape, matmul), ``vecdot`` (elementwise product and sum) and ``matrix_transpose`` (no data moves
  between ranks).
- Composed of the distributed kernels, no ScaLAPACK call of their own (gingham/linalg/matrix_functions.hpp):
  ``diagonal``, ``trace``, ``outer``, ``cross``, ``vector_norm``, ``matrix_norm`` (orders 2, -2 and 'nuc'
  take ``svdvals``) and ``matrix_power`` (repeated squaring with matmul; n < 0 takes ``inv``).
- Factorizations: ``cholesky`` (P?POTRF), ``solve`` (P?GETRF + P?GETRS), ``inv`` (P?GETRF + P?GETRI),
  ``det`` and ``slogdet`` (P?GETRF).
- Decompositions: ``qr`` (P?GEQRF + P?ORGQR), ``eigh`` and ``eigvalsh`` (P?SYEVD, P?SYEV), ``svd``,
  ``svdvals``, ``pinv`` and ``matrix_rank`` (P?GESVD), ``eig`` and ``eigvals`` (complex P?GEHRD + P?LAHQR +
  P?TREVC). Results with several arrays are named tuples: ``QRResult``, ``EighResult``, ``SVDResult``,
  ``EigResult``, ``SlogdetResult``.

A matrix a routine cannot handle (singular, not positive definite, no convergence, NaN or infinity given
to an iterative driver) raises ``LinAlgError`` on every rank: a ValueError that is also a
``numpy.linalg.LinAlgError``.

How arrays reach ScaLAPACK (gingham/linalg/descriptor.hpp): a 2-D array is used in place, without a
copy, when every grid axis of extent > 1 spreads one of its axes and its shard is dense along one axis.
A column-major shard is the matrix itself; a row-major shard (gingham's default) is, byte for byte, the
column-major shard of the transpose, so such operands are used as the transposed problem (C^T = B^T A^T
for matmul) on the transposed BLACS grid. gingham's default layouts (Block rows on a 1-D grid, Block x
Block on a 2-D grid) are therefore used in place by matmul, and the product comes back in the same
default layout. Other operands are redistributed, visibly, to a BlockCyclic(64) layout: one
redistribution per moved operand, about its size in bytes sent and received in total.

The working copy: ScaLAPACK overwrites what it factorizes, and the user's array is never changed, so the
factorizations and decompositions first copy each matrix (one more matrix of memory per rank): a local
copy when x is usable in place with square blocks of at most 256 and the storage order the routine needs,
else one redistribution to a BlockCyclic(64) layout, which is the copy. Stacks (more than two axes) are
a loop over the matrices, results joined; stacks of small matrices (every extent at most 256) of
cholesky, solve, inv, det, slogdet, eigh, eigvalsh and matmul instead move once to a layout in which
every rank holds whole matrices and call serial LAPACK on them. Floating dtypes only (float32, float64,
complex64, complex128) for everything on ScaLAPACK: integer and bool arrays raise TypeError (cast with
astype).
"""

import math
import numbers
import operator
from typing import NamedTuple

from . import _core
from ._array import Array, require_array
from ._manipulation import matrix_transpose
from ._dtypes import int64, resolve
from ._elementwise import conj, divide, greater, multiply, where
from ._manipulation import expand_dims
from ._reductions import max as max_, sum as sum_
from ._validation import integer_argument, optional_axes

__all__ = ["matmul", "matrix_transpose", "tensordot", "vecdot", "cross", "diagonal", "matrix_norm", "matrix_power",
           "outer", "trace", "vector_norm"]
__all__ += ["LinAlgError", "cholesky", "det", "inv", "slogdet", "solve", "SlogdetResult"]
__all__ += ["qr", "eigh", "eigvalsh", "svd", "svdvals", "pinv", "matrix_rank", "eig", "eigvals",
            "QRResult", "EighResult", "SVDResult", "EigResult"]


def _wrap(impls):
    """The arrays of a result tuple from the C++ core (one per field of a result struct), wrapped."""
    return [Array._new(impl) for impl in impls]


def matmul(x1, x2, /):
    """The matrix product x1 @ x2, as the Array API's matmul defines it.

    Collective over the arrays' grid (they must share one). 2-D @ 2-D is one PBLAS ?GEMM (float32,
    float64, complex64, complex128). A 1-D x1 is a row vector and a 1-D x2 a column vector, the added
    axis removed from the result (vector @ vector gives a 0-D, replicated array; a 1-D result that would
    be replicated is spread in the default layout). Stacks of matrices (more than 2 axes) broadcast their
    leading axes; the matrices of the stack are multiplied one after another (each moved to a
    BlockCyclic(64) layout first) and joined, or, for small matrices, on the batched path. The result
    dtype is result_type(x1, x2); its layout is the 2-D block-cyclic one PBLAS wrote (for default-layout
    operands, the default layout). Integer dtypes (PBLAS has no integer product) are multiplied by SUMMA
    on the redistribution engine, in the default layout of the result, wrapping as NumPy's integer
    matmul does.

    Cost: 2 m n k flops per matrix, plus one redistribution of each operand ScaLAPACK cannot read in
    place. Errors: ValueError for 0-D operands, mismatched inner extents, stacks that do not broadcast or
    arrays on different grids; TypeError for bool.
    """
    require_array(x1, "matmul")
    require_array(x2, "matmul")
    return Array._new(_core.matmul(x1._impl, x2._impl))


def vecdot(x1, x2, /, *, axis=-1):
    """The dot product sum(conj(x1) * x2) along ``axis``, the other axes broadcast.

    Collective over the arrays' grid. ``axis`` is negative, counted from the end of each array. The
    result dtype is result_type(x1, x2). Cost: one elementwise product (operands aligned to the result's
    layout as for any binary function) and one sum (local sums, then one allreduce along the grid axis of
    ``axis``). Errors: ValueError when ``axis`` is not in [-min(x1.ndim, x2.ndim), -1] or the two extents
    along it differ; TypeError for bool operands.
    """
    require_array(x1, "vecdot")
    require_array(x2, "vecdot")
    return Array._new(_core.vecdot(x1._impl, x2._impl, integer_argument(axis, "axis", "vecdot")))


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
    """The tensor contraction of x1 and x2 over ``axes``.

    Collective over the arrays' grid. ``axes``: an integer n (the last n axes of x1 with the first n of
    x2), or two sequences of axes, paired, or two integers. Computed as one matmul: x1's free axes then
    its contracted axes are permuted and reshaped into a matrix (M, K), x2's into (K, N), multiplied, and
    the product reshaped to x1's free shape + x2's free shape; dtypes as matmul. Cost: each reshape is up
    to three redistributions (see reshape), so a few moves of each operand plus the ?GEMM. Errors:
    ValueError when paired axes differ in extent or an axis is out of range or repeated; TypeError for
    malformed ``axes`` or bool operands.
    """
    require_array(x1, "tensordot")
    require_array(x2, "tensordot")
    first, second = _tensordot_axes(axes)
    if second is None:
        return Array._new(_core.tensordot(x1._impl, x2._impl, first))
    return Array._new(_core.tensordot_axes(x1._impl, x2._impl, first, second))


def diagonal(x, /, *, offset=0):
    """The ``offset``-th diagonal (column - row == offset) of each matrix in the last two axes of x.

    Collective over x's grid (x.device). The result has shape (..., L), x's dtype, and the default layout
    of that shape. Cost: each rank reads its elements from their owners (integer-array indexing with one
    key per axis), one read per element; x does not move. Errors: ValueError when x has fewer than 2
    axes; TypeError for a non-integer offset.
    """
    require_array(x, "diagonal")
    return Array._new(_core.diagonal(x._impl, integer_argument(offset, "offset", "diagonal")))


def trace(x, /, *, offset=0, dtype=None):
    """The sum of the ``offset``-th diagonal of each matrix in the last two axes of x.

    Collective over x's grid (x.device). The result has shape (...), a 0-D replicated array for one
    matrix. ``dtype`` as sum's: by default int64 for signed integers, uint64 for unsigned, x's dtype for
    floating point. Cost: diagonal, then one sum along its last axis. Errors: ValueError when x has fewer
    than 2 axes; TypeError for bool x or a dtype the sum cannot give.
    """
    require_array(x, "trace")
    offset = integer_argument(offset, "offset", "trace")
    return Array._new(_core.trace(x._impl, offset, None if dtype is None else resolve(dtype, "trace")))


def outer(x1, x2, /):
    """The outer product result[i, j] = x1[i] * x2[j] of two 1-D numeric arrays.

    Collective over the arrays' grid. The result has dtype result_type(x1, x2) and the default layout of
    (N, M). Cost: each rank receives the parts of x1 and x2 its block needs (one redistribution each) and
    multiplies locally. Errors: ValueError for operands that are not 1-D or arrays on different grids;
    TypeError for bool.
    """
    require_array(x1, "outer")
    require_array(x2, "outer")
    return Array._new(_core.outer(x1._impl, x2._impl))


def cross(x1, x2, /, *, axis=-1):
    """The cross product of the 3-element vectors of x1 and x2 along ``axis``, the other axes broadcast.

    Collective over the arrays' grid. ``axis`` is in [-min(x1.ndim, x2.ndim), -1], counted from the end of
    each array; the dtype is result_type(x1, x2). Computed as take(a, [1, 2, 0]) * take(b, [2, 0, 1]) -
    take(a, [2, 0, 1]) * take(b, [1, 2, 0]) along the axis. Cost: four takes (each keeps its operand's
    layout: one exchange along the axis's grid axis when it is distributed) and three elementwise
    operations. Errors: IndexError for an axis out of that range; ValueError when an extent along it is
    not 3 or the other axes do not broadcast; TypeError for bool operands.
    """
    require_array(x1, "cross")
    require_array(x2, "cross")
    return Array._new(_core.cross(x1._impl, x2._impl, integer_argument(axis, "axis", "cross")))


def _order(ord, function):
    if isinstance(ord, bool) or not isinstance(ord, (numbers.Integral, numbers.Real)):
        raise TypeError(f"{function}: expected ord to be an int or a float, got {ord!r}")
    return float(ord)


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """The vector ``ord``-norm of x over ``axis`` (None: all elements; an int or a tuple of ints).

    Collective over x's grid (x.device). The reduced axes are removed, or kept with extent 1 when
    ``keepdims``. ord: 2 sqrt(sum abs(x)^2), 1 sum abs(x), inf max abs(x), -inf min abs(x), 0 the count of nonzero
    elements, any other p (sum abs(x)^p)^(1/p) (negative p too). The result has the real dtype of x's
    precision. Cost: one elementwise pass and one reduction (one allgather of partials over the reduced
    grid axes). Errors: TypeError for a non-floating x or a non-numeric ord; ValueError for ord=+-inf over
    no elements or ord=nan.
    """
    require_array(x, "vector_norm")
    return Array._new(_core.vector_norm(x._impl, optional_axes(axis, "vector_norm"), bool(keepdims), _order(ord, "vector_norm")))


_MATRIX_ORDERS = {1.0: "1", -1.0: "-1", 2.0: "2", -2.0: "-2", math.inf: "inf", -math.inf: "-inf"}


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """The ``ord``-norm of each matrix in the last two axes of x.

    Collective over x's grid (x.device). The result has shape (...), or (..., 1, 1) with ``keepdims``, and
    the real dtype of x's precision. Cost: ord 'fro' (default), 1 and -1 (extreme column sum of abs(x)), inf
    and -inf (extreme row sum) are one elementwise pass and one or two reductions; 2, -2 (extreme singular
    value) and 'nuc' (their sum) take svdvals (P?GESVD on a working copy). Errors: TypeError for a
    non-floating x; ValueError for other orders, for ord=+-1/+-inf/+-2 on empty matrices and for fewer
    than 2 axes; LinAlgError for orders 2, -2 and 'nuc' of x holding NaN or infinity.
    """
    require_array(x, "matrix_norm")
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise ValueError(f"matrix_norm: ord must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, got {ord!r}")
        name = ord
    else:
        name = _MATRIX_ORDERS.get(_order(ord, "matrix_norm"))
        if name is None:
            raise ValueError(f"matrix_norm: ord must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, got {ord!r}")
    return Array._new(_core.matrix_norm(x._impl, bool(keepdims), name))


def matrix_power(x, n, /):
    """x^n for each square matrix of x (..., M, M).

    Collective over x's grid (x.device). n = 0: the identity in x's layout; n = 1: a copy of x; n > 1:
    repeated squaring; n < 0: inv(x)^(-n). Cost: floor(log2 abs(n)) squarings and popcount(abs(n)) - 1 more
    products, each one matmul (2 M^3 flops per matrix), plus inv for n < 0. Errors: TypeError for a
    non-floating x or a non-integer n; ValueError for non-square matrices or fewer than 2 axes;
    LinAlgError for n < 0 and a singular matrix.
    """
    require_array(x, "matrix_power")
    return Array._new(_core.matrix_power(x._impl, integer_argument(n, "n", "matrix_power")))


# ---- Factorizations (gingham/linalg/cholesky.hpp, lu.hpp) ----------------------------------------------

LinAlgError = _core.LinAlgError


def cholesky(x, /, *, upper=False):
    """The Cholesky factor of each Hermitian (real symmetric) positive definite matrix of x.

    Collective over x's grid (x.device). x has shape (..., n, n). The factor is lower L with x = L L^H, or,
    with ``upper=True``, upper U = L^H with x = U^H U. Only the lower (upper) triangle of x is read; the
    other triangle of the result is zero. A row-major working copy is factorized as its transpose (uplo
    flipped, exact because x is Hermitian). Cost: n^3/3 flops per matrix (P?POTRF) plus the working copy
    (one matrix of extra memory per rank; see the module's notes), which becomes the result. Errors:
    TypeError for non-floating dtypes; ValueError for fewer than two axes or non-square matrices;
    LinAlgError when a matrix is not positive definite or x holds NaN or infinity.
    """
    require_array(x, "cholesky")
    return Array._new(_core.cholesky(x._impl, bool(upper)))


def solve(x1, x2, /):
    """The solution X of x1 X = x2 for each square matrix of x1 (..., M, M).

    Collective over the arrays' grid. As the Array API standard defines it: a 1-D x2 of shape (M,) is one
    right-hand side for every matrix and the result has shape x1.shape[:-1]; otherwise x2 has shape
    (..., M, K), its stack axes broadcast with x1's, and the result has shape (broadcast stack, M, K). The
    dtype is result_type(x1, x2). LU with partial pivoting: P?GETRF on a column-major working copy of x1,
    then P?GETRS (what P?GESV does), with x2 copied column-major in the factors' row layout; the result
    is that copy. Cost: 2M^3/3 + 2M^2 K flops per matrix (a 2-D x1 is factorized once for all of x2's
    stack), plus the copies of x1 and x2. Errors: TypeError for non-floating dtypes; ValueError when x1
    has fewer than two axes or is not square, x2's shape does not fit, or the arrays are on different
    grids; LinAlgError when a matrix is singular (a pivot exactly zero, or at most max(M, 10) eps max abs(U):
    the rounding-error remainder of a zero one).
    """
    require_array(x1, "solve")
    require_array(x2, "solve")
    return Array._new(_core.solve(x1._impl, x2._impl))


def inv(x, /):
    """The inverse of each square matrix of x (..., n, n).

    Collective over x's grid (x.device). P?GETRF on a column-major working copy, then P?GETRI in place of
    it: the result is that copy (column-major). Cost: about 2n^3 flops per matrix, plus the copy and
    P?GETRI's workspace (about one block column of the matrix per rank). Errors: TypeError for
    non-floating dtypes; ValueError for fewer than two axes or non-square matrices; LinAlgError when a
    matrix is singular (the pivot test of solve).
    """
    require_array(x, "inv")
    return Array._new(_core.inv(x._impl))


def det(x, /):
    """The determinant of each square matrix of x (..., n, n).

    Collective over x's grid (x.device). Computed as sign * exp(logabsdet) of slogdet (NumPy's method):
    0 for a singular matrix, no error. The result has shape x.shape[:-2] and x's dtype (0-D and
    replicated for one matrix, else the default layout). Cost: as slogdet. Errors: TypeError for
    non-floating dtypes; ValueError for fewer than two axes or non-square matrices.
    """
    require_array(x, "det")
    return Array._new(_core.det(x._impl))


class SlogdetResult(NamedTuple):
    """slogdet's result: det = sign * exp(logabsdet)."""
    sign: Array  #: +-1, a complex number of modulus 1, or 0 for a singular matrix (x's dtype)
    logabsdet: Array  #: log abs(det), the real dtype of x's precision; -inf for a singular matrix


def slogdet(x, /):
    """The sign and the natural logarithm of abs(det) of each square matrix of x (..., n, n).

    Collective over x's grid (x.device). Returns SlogdetResult(sign, logabsdet): sign has x's dtype (+-1,
    or a complex number of modulus 1), logabsdet the real dtype of the same precision, both of shape
    x.shape[:-2]. A singular matrix gives sign 0 and logabsdet -inf (no error). From the LU factors
    (P?GETRF on a column-major working copy): U's diagonal is spread over the ranks, so each rank sums the
    logs and phases of its entries and counts its row interchanges. Cost: 2n^3/3 flops per matrix, the
    copy, and one allreduce of four numbers. Errors: TypeError for non-floating dtypes; ValueError for
    fewer than two axes or non-square matrices.
    """
    require_array(x, "slogdet")
    return SlogdetResult(*_wrap(_core.slogdet(x._impl)))


# ---- Decompositions (gingham/linalg/qr.hpp, eigh.hpp, svd.hpp, eig.hpp) --------------------------------


class QRResult(NamedTuple):
    """qr's result: x = Q R."""
    Q: Array  #: orthonormal columns, x's dtype
    R: Array  #: upper triangular (zeros below the diagonal), x's dtype


class EighResult(NamedTuple):
    """eigh's result: x eigenvectors = eigenvectors diag(eigenvalues)."""
    eigenvalues: Array  #: ascending, the real dtype of x's precision
    eigenvectors: Array  #: orthonormal columns, x's dtype


class SVDResult(NamedTuple):
    """svd's result: x = U diag(S) Vh."""
    U: Array  #: left singular vectors as columns, x's dtype
    S: Array  #: singular values, descending, the real dtype of x's precision
    Vh: Array  #: right singular vectors as rows, x's dtype


class EigResult(NamedTuple):
    """eig's result: x eigenvectors = eigenvectors diag(eigenvalues), both complex."""
    eigenvalues: Array  #: unsorted (the Schur form's order), complex
    eigenvectors: Array  #: columns of unit 2-norm, complex


def qr(x, /, *, mode="reduced"):
    """The QR factorization x = Q R of each matrix of x (m x n, k = min(m, n)).

    Collective over x's grid (x.device). Returns QRResult(Q, R): mode 'reduced' gives Q (m x k) with
    orthonormal columns and R (k x n) upper triangular (zeros below the diagonal); 'complete' gives
    Q (m x m) and R (m x n). P?GEQRF on a column-major working copy (a row-major x is redistributed: that
    is the copy), R copied out, then P?ORGQR / P?UNGQR forms Q in place of the copy. Cost: about 4n^3/3
    flops for a square matrix, plus the copy. Errors: TypeError for non-floating dtypes; ValueError for
    another mode or fewer than two axes.
    """
    require_array(x, "qr")
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete', got {mode!r}")
    return QRResult(*_wrap(_core.qr(x._impl, mode)))


def eigh(x, /):
    """The eigenvalues and eigenvectors of each Hermitian (real symmetric) matrix of x.

    Collective over x's grid (x.device). Returns EighResult(eigenvalues, eigenvectors): eigenvalues
    ascending, of the real dtype; eigenvectors as orthonormal columns, x's dtype. Only the lower triangle
    of x is read. P?SYEVD / P?HEEVD (divide and conquer) on a row-major working copy, solved as
    S = x^T = conj(x) with the eigenvectors conjugated back. Cost: about 9n^3 flops per matrix, plus the
    copy and about two more matrices of memory. Errors: TypeError for non-floating dtypes; ValueError for
    fewer than two axes or non-square matrices; LinAlgError for NaN or infinity in x or when the solver
    does not converge.
    """
    require_array(x, "eigh")
    return EighResult(*_wrap(_core.eigh(x._impl)))


def eigvalsh(x, /):
    """The eigenvalues of each Hermitian (real symmetric) matrix of x, ascending, of the real dtype.

    Collective over x's grid (x.device). Only the lower triangle of x is read. P?SYEV / P?HEEV with
    JOBZ='N' (tridiagonal reduction and QR iteration, no eigenvectors) on a working copy. Cost: about
    4n^3/3 flops per matrix, plus the copy. Errors: as eigh.
    """
    require_array(x, "eigvalsh")
    return Array._new(_core.eigvalsh(x._impl))


def svd(x, /, *, full_matrices=True):
    """The singular value decomposition x = U diag(S) Vh of each matrix of x (m x n, k = min(m, n)).

    Collective over x's grid (x.device). Returns SVDResult(U, S, Vh), S descending of the real dtype.
    full_matrices=False: U (m x k), Vh (k x n); True (the standard's default): U (m x m), Vh (n x n).
    P?GESVD computes the thin factors on a working copy (a row-major shard as the transposed problem
    x^T = V S U^T, U and V swapped, no extra pass); for full_matrices the longer side's factor is
    completed to a square unitary by a complete QR of it. Cost: about 22n^3 flops for a square matrix,
    plus the copy (and one qr of an m x k matrix for full_matrices). Errors: TypeError for non-floating
    dtypes; ValueError for fewer than two axes; LinAlgError for NaN or infinity in x or when P?GESVD does
    not converge.
    """
    require_array(x, "svd")
    return SVDResult(*_wrap(_core.svd(x._impl, bool(full_matrices))))


def svdvals(x, /):
    """The singular values of each matrix of x, descending, of the real dtype.

    Collective over x's grid (x.device). P?GESVD without vectors on a working copy. Cost: about 8n^3/3
    flops for a square matrix, plus the copy. Errors: as svd.
    """
    require_array(x, "svdvals")
    return Array._new(_core.svdvals(x._impl))


def _scalar_rtol(rtol, function):
    if rtol is None or isinstance(rtol, numbers.Real) and not isinstance(rtol, bool):
        return None if rtol is None else float(rtol)
    if isinstance(rtol, Array):
        return rtol
    raise TypeError(f"{function}: rtol must be None, a real number or an array, got {type(rtol).__name__}")


def _cutoff(s, rtol, x):
    """s > rtol * max(s) along the last axis, for an array rtol broadcasting against the batch shape."""
    return greater(s, multiply(max_(s, axis=-1, keepdims=True), expand_dims(rtol, axis=-1)))


def pinv(x, /, *, rtol=None):
    """The Moore-Penrose pseudo-inverse of each matrix of x.

    Collective over x's grid (x.device). From svd(x, full_matrices=False): Vh^H diag(1/s where
    s > rtol * max(s), else 0) U^H, rtol defaulting to max(M, N) * eps of x's dtype (a float, or an array
    broadcasting against the stack shape). Cost: the SVD, one scaling of Vh, one matmul. Errors: as svd;
    TypeError for an rtol that is not None, a real number or an array.
    """
    require_array(x, "pinv")
    tolerance = _scalar_rtol(rtol, "pinv")
    if not isinstance(tolerance, Array):
        return Array._new(_core.pinv(x._impl, tolerance))

    u, s, vh = svd(x, full_matrices=False)
    keep = _cutoff(s, tolerance, x)
    inverse = where(keep, divide(1.0, s), 0.0)
    v = matrix_transpose(conj(vh) if vh.dtype.kind == "c" else vh)
    uh = matrix_transpose(conj(u) if u.dtype.kind == "c" else u)
    return matmul(v * expand_dims(inverse, axis=-2), uh)


def matrix_rank(x, /, *, rtol=None):
    """The rank of each matrix of x: the number of singular values > rtol * max(s).

    Collective over x's grid (x.device). The result is int64 of the stack shape; rtol defaults to
    max(M, N) * eps (a float, or an array broadcasting against the stack shape). Cost: svdvals, then a
    max, a comparison and a sum. Errors: as svdvals; TypeError for an rtol that is not None, a real number
    or an array.
    """
    require_array(x, "matrix_rank")
    tolerance = _scalar_rtol(rtol, "matrix_rank")
    if not isinstance(tolerance, Array):
        return Array._new(_core.matrix_rank(x._impl, tolerance))

    return sum_(_cutoff(svdvals(x), tolerance, x), axis=-1, dtype=int64)


def eig(x, /):
    """The eigenvalues and eigenvectors of each general square matrix of x, both complex.

    Collective over x's grid (x.device). Returns EigResult(eigenvalues, eigenvectors): complex64 for
    float32/complex64 input, complex128 otherwise; eigenvectors as columns of unit 2-norm, eigenvalues
    unsorted (the Schur form's order). ScaLAPACK's only general eigenvector path is complex, so real input
    is converted to complex first: P?GEHRD + P?UNMHR + P?LAHQR + P?TREVC on a column-major working copy.
    Cost: about 25n^3 flops per matrix (complex), plus the copy, Z and workspaces. Errors: TypeError for
    non-floating dtypes; ValueError for fewer than two axes or non-square matrices; LinAlgError for NaN or
    infinity in x or when the QR algorithm does not converge.
    """
    require_array(x, "eig")
    return EigResult(*_wrap(_core.eig(x._impl)))


def eigvals(x, /):
    """The eigenvalues (complex, unsorted) of each general square matrix of x.

    Collective over x's grid (x.device). P?GEHRD + P?UNMHR + P?LAHQR on a complex column-major working
    copy (no eigenvectors). Cost: about 10n^3 flops per matrix (complex), plus the copy. Errors: as eig.
    """
    require_array(x, "eigvals")
    return Array._new(_core.eigvals(x._impl))

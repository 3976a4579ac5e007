"""gingham.linalg: the Array API's linear algebra extension, on ScaLAPACK (PBLAS, BLACS).

So far: ``matmul`` (also ``gingham.matmul`` and ``x @ y``), ``tensordot`` (permute, reshape, matmul),
``vecdot`` (elementwise product and sum: no ScaLAPACK needed) and ``matrix_transpose`` (no data moves
between ranks). The other functions of the extension (cholesky, solve, qr, svd, eigh, ...) come next
(issue 6); qr, eigh, eigvalsh, svd, svdvals, pinv, matrix_rank, eig and eigvals are below.

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

"""gingham's differential fuzzer: random operations on random arrays, checked against NumPy on the same data.

One trial draws, from ``numpy.random.default_rng(seed)``, an operation of the namespace (elementwise with
broadcasting between layouts, reductions, scans, manipulation, indexing reads and writes, sorting, sets,
searching, creation, linear algebra on finite well-conditioned input, redistribution), its shapes (0 and 1
extents and 0-D included), dtypes (all 13), values, layouts (Block, Cyclic, BlockCyclic(nb, offset),
replicated axes, C or F local order) and grids (1-D, 2-D and 3-D, over all ranks or fewer). Every rank
draws the same trial from the same seed, so every rank makes the same collective calls.

Then, on every rank: when NumPy raises, gingham must raise too, the same exception on every rank, of a
kind that corresponds (ValueError, IndexError, TypeError, LinAlgError); when NumPy returns, gingham must
return an array with NumPy's shape and dtype (Array API promotion), values equal (exact for integers and
bools, within a dtype- and operation-dependent tolerance for floating point), and each rank's shard equal
to its part of the reference under the result's distribution. Outcomes are agreed across ranks before any
further collective, so a rank-dependent outcome is reported, not hung on.

Used by tests/python/test_fuzz.py (a bounded fixed set of seeds) and scripts/fuzz.py (long runs; a trial
that fails prints ``scripts/fuzz.sh <ranks> 1 <seed>``, which replays it alone).
"""

import math
import traceback
import warnings

import numpy as np
from mpi4py import MPI

import gingham as gg

# Open bugs, kept out of the default space until their fixes land (scripts/fuzz.py --include NAME turns one
# back on). None is open now.
KNOWN_BUGS = {}

# Bugs whose inputs the fuzzer draws on purpose, all fixed (issue 12): in the default space. A build without
# a fix can leave its inputs out (scripts/fuzz.py --exclude NAME).
FIXED = {
    "linalg_nonfinite": "issue 12 item 1: NaN/inf input to eigh/eig/svd/cholesky hung or misbehaved",
    "svd_more_ranks_than_rows": "issue 12 item 2: svd/pinv spuriously failed to converge when ranks > rows or cols",
    "singular_row_major": "issue 12 item 3: exactly singular matrices went undetected in the row-major layout",
    "plan_out_is_input": "issue 12 item 4: RedistributionPlan(...)(x, out=x) corrupted data",
    "int16_matmul": "issue 12 item 6: 16-bit integer matmul overflowed int (undefined behaviour)",
    "take_empty_axis": "issue 12 item 7: take on a size-0 axis differed between np 1 and np 3-4",
    "linalg_sub_grids": "ScaLAPACK calls on grids of fewer ranks than the communicator, one after another, hung "
                        "(np 3: qr on a 1x1 grid, then matmul on a 2x1 grid: PBLAS's topologies are process-wide)",
    "index_broadcast_error_kind": "x[i, j] with integer arrays that do not broadcast raised ValueError; NumPy "
                                  "raises IndexError",
    "subgrid_integer_pow": "signed integer pow with the result on a sub-grid: ranks outside the grid skipped the "
                           "negative-exponent agreement (MPI_ERR_TRUNCATE or a hang)",
    "subgrid_scalar": "repeat with distributed counts, unique_inverse/unique_all of floats on a sub-grid: int()/"
                      "bool() of a 0-D result raised on ranks outside the grid while the others went on (a hang)",
}

DTYPES = [np.dtype(d) for d in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                                "float32", "float64", "complex64", "complex128")]
INTEGER = [d for d in DTYPES if d.kind in "iu"]
FLOATING = [d for d in DTYPES if d.kind in "fc"]
REAL_FLOATING = [d for d in DTYPES if d.kind == "f"]
NUMERIC = [d for d in DTYPES if d.kind != "b"]
REAL = [d for d in DTYPES if d.kind in "biuf"]
ERROR_KINDS = (ValueError, IndexError, TypeError, np.linalg.LinAlgError)


class Failure(AssertionError):
    """A trial whose outcome differs from NumPy's or between ranks."""


def _gg_dtype(dtype):
    return getattr(gg, np.dtype(dtype).name)


def make_grids(comm):
    """Collective. Every 1-D, 2-D and 3-D grid shape over all ranks of ``comm`` or fewer (bounded in number),
    built once: arrays of one trial share one of them."""
    shapes = set()
    p = comm.size
    for a in range(1, p + 1):
        shapes.add((a,))
        for b in range(1, p // a + 1):
            shapes.add((a, b))
            for c in range(1, p // (a * b) + 1):
                if a * b * c in (1, p):
                    shapes.add((a, b, c))
    return [gg.ProcessGrid(dims, comm=comm) for dims in sorted(shapes, key=lambda s: (len(s), s))]


class Trial:
    """One random operation and its check. ``rng`` draws are identical on every rank."""

    def __init__(self, seed, comm, grids, include=(), exclude=()):
        self.seed, self.comm, self.grids = seed, comm, grids
        self.rng = np.random.default_rng(seed)
        self.excluded = set(KNOWN_BUGS) - set(include) | set(exclude)
        self.label = "?"
        self.detail = []
        self.announce = None  # called with the trial's description once it is drawn, before it runs

    # ---- draws -----------------------------------------------------------------------------------------
    def integer(self, low, high):
        """An int in [low, high]."""
        return int(self.rng.integers(low, high + 1))

    def chance(self, p):
        return bool(self.rng.random() < p)

    def choice(self, options):
        return options[int(self.rng.integers(0, len(options)))]

    def extent(self):
        return self.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7])

    def shape(self, ndim=None, low=0, high=3):
        ndim = self.integer(low, high) if ndim is None else ndim
        return tuple(self.extent() for _ in range(ndim))

    def values(self, shape, dtype, low=-4, high=4, duplicates=False, specials=False):
        """Random values of ``dtype``: small integers, floats on a grid of eighths or uniform, complex with
        nonzero imaginary parts; with ``specials``, some NaN, inf and -0.0 in real floating arrays."""
        dtype = np.dtype(dtype)
        size = math.prod(shape)
        if dtype.kind == "b":
            return np.asarray(self.rng.random(shape) < 0.5).astype(bool)
        if dtype.kind in "iu":
            info = np.iinfo(dtype)
            lo, hi = max(int(info.min), low), min(int(info.max), high)
            if duplicates:
                hi = min(hi, lo + 2)
            return np.asarray(self.rng.integers(lo, hi + 1, size=shape)).astype(dtype)
        if duplicates or self.chance(0.4):
            real = self.rng.integers(low * 8, high * 8 + 1, size=shape) / 8.0
            if duplicates:
                real = np.round(real / 2)
        else:
            real = self.rng.uniform(low, high, size=shape)
        if dtype.kind == "c":
            imag = self.rng.uniform(0.25, high, size=shape) * self.rng.choice([-1.0, 1.0], size=shape)
            return np.asarray(real + 1j * imag).astype(dtype)
        data = np.asarray(real).astype(dtype)
        if specials and size and self.chance(0.3):
            flat = data.reshape(-1)
            for _ in range(self.integer(1, 3)):
                flat[self.integer(0, size - 1)] = self.choice([np.nan, np.inf, -np.inf, -0.0])
        return data

    def grid(self):
        return self.choice(self.grids)

    def distribution(self, shape, grid=None):
        """A random layout of ``shape`` on ``grid`` (or a random grid): per axis Block, Cyclic, BlockCyclic(1-3)
        with an offset, or not distributed; sometimes fully replicated; C or F local order."""
        grid = self.grid() if grid is None else grid
        order = self.choice("CF")
        if self.chance(0.1):
            return gg.Distribution.replicated(shape, grid=grid, local_order=order)
        axes, free = [], list(range(grid.ndim))
        for _ in shape:
            kind = self.integer(0, 3) if free else 3
            if kind == 3:
                axes.append(None)
                continue
            parts = grid.dims[free.pop(0)]
            offset = self.integer(0, parts - 1)
            axes.append([gg.Block(offset=offset), gg.Cyclic(offset=offset),
                         gg.BlockCyclic(self.integer(1, 3), offset=offset)][kind])
        return gg.Distribution(shape, axes=tuple(axes), grid=grid, local_order=order)

    def array(self, data, grid):
        """A gingham array holding ``data`` in a random layout on ``grid``."""
        distribution = self.distribution(data.shape, grid)
        values = f" = {data.tolist()!r}" if data.size <= 12 else ""
        self.detail.append(f"{data.dtype}{list(data.shape)}{values} as {distribution!r}")
        return gg.asarray(data, distribution=distribution)

    def axis(self, ndim, allow_bad=True):
        if ndim == 0 or (allow_bad and self.chance(0.03)):
            return self.choice([ndim, -ndim - 1, 5])
        return self.integer(-ndim, ndim - 1)

    def axes(self, ndim):
        """None, one axis or a tuple of distinct axes (sometimes a bad one)."""
        r = self.rng.random()
        if r < 0.3:
            return None
        if r < 0.6 and ndim:
            return self.axis(ndim)
        chosen = [int(a) for a in self.rng.permutation(ndim)[: self.integer(0, ndim)]]
        chosen = [a - ndim if self.chance(0.3) else a for a in chosen]
        if self.chance(0.03):
            chosen.append(chosen[0] if chosen else ndim)
        return tuple(chosen)

    # ---- the trial -------------------------------------------------------------------------------------
    def run(self):
        """Collective. Draws and checks one operation; returns (label, outcome) with outcome one of "ok",
        "error" (both raised), "not implemented"; raises Failure (on every rank) otherwise."""
        families = [(self.elementwise_unary, 12), (self.elementwise_binary, 14), (self.reduction, 10),
                    (self.scan, 4), (self.manipulation, 12), (self.index_read, 9), (self.index_write, 6),
                    (self.sorting, 5), (self.sets, 4), (self.searching, 5), (self.creation, 5),
                    (self.linalg, 9), (self.redistribution, 6)]
        weights = np.array([w for _, w in families], dtype=float)
        family = families[int(self.rng.choice(len(families), p=weights / weights.sum()))][0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                try:
                    reference, compute, check = family()
                except Exception:  # noqa: BLE001  (drawing makes gingham arrays; it must not fail)
                    self._agree(None)
                    raise Failure(self._describe() + "\n  drawing the trial failed:\n" + traceback.format_exc())
                if self.announce is not None:
                    self.announce(self._describe())
                return self.label, self._compare(reference, compute, check)

    def _describe(self):
        return f"seed {self.seed}: {self.label}\n  " + "\n  ".join(self.detail)

    def _agree(self, local_problem):
        """Collective: every rank's problem (or None), joined; raises Failure on every rank if any."""
        problems = self.comm.allgather(local_problem)
        found = [f"[rank {r}] {p}" for r, p in enumerate(problems) if p]
        if found:
            raise Failure(self._describe() + "\n  " + "\n  ".join(found))

    def _compare(self, reference, compute, check):
        try:
            with warnings.catch_warnings():
                # NumPy 1.24 only warns of out-of-bounds indices when the result is empty (a deprecation: it
                # will raise); gingham raises IndexError already (issue 12 item 7).
                warnings.filterwarnings("error", message="Out of bound index found", category=DeprecationWarning)
                try:
                    expected, expected_error = reference(), None
                except DeprecationWarning as warning:
                    raise IndexError(str(warning)) from None
        except Exception as error:  # noqa: BLE001
            expected, expected_error = None, error
        try:
            result, outcome = compute(), None
        except Exception as error:  # noqa: BLE001
            result, outcome = None, (type(error).__name__, str(error).splitlines()[0] if str(error) else "")
            raised = error
        outcomes = self.comm.allgather(outcome)
        if any(o != outcomes[0] for o in outcomes):
            raise Failure(self._describe() + f"\n  ranks disagree: {outcomes}")
        if expected_error is None and outcome is not None and isinstance(raised, IndexError) \
                and np.size(expected) == 0 and "out of bounds" in outcome[1]:
            # An empty selection with an index out of bounds: NumPy returns (it sometimes only warns, see
            # above), gingham raises IndexError at every rank count (issue 12 item 7).
            expected_error = IndexError(outcome[1])
        if expected_error is not None:
            if outcome is None:
                raise Failure(self._describe() + f"\n  NumPy raises {type(expected_error).__name__}: "
                              f"{expected_error}; gingham returns")
            if isinstance(raised, NotImplementedError):
                return "not implemented"
            kinds = [k for k in ERROR_KINDS if isinstance(expected_error, k)]
            if "index_broadcast_error_kind" in self.excluded and "could not be broadcast" in str(expected_error):
                kinds.append(ValueError)
            if not any(isinstance(raised, k) for k in kinds):
                raise Failure(self._describe() + f"\n  NumPy raises {type(expected_error).__name__}: "
                              f"{expected_error}; gingham raises {outcome}")
            return "error"
        if outcome is not None:
            if isinstance(raised, NotImplementedError):
                return "not implemented"
            raise Failure(self._describe() + f"\n  NumPy returns; gingham raises {outcome[0]}: {outcome[1]}")
        check(result, expected)
        return "ok"

    # ---- checks ----------------------------------------------------------------------------------------
    def same(self, tolerance=None):
        """A check: the result equals ``expected`` (array, or tuple of arrays) in shape, dtype, shards and
        whole; floating values within ``tolerance`` (rtol, atol) or the default of the dtype."""
        def check(result, expected):
            results = result if isinstance(result, tuple) else (result,)
            wanted = expected if isinstance(expected, tuple) else (expected,)
            self._agree(None if len(results) == len(wanted) else f"{len(results)} results, expected {len(wanted)}")
            for k, (x, e) in enumerate(zip(results, wanted)):
                self.check_array(x, np.asarray(e), tolerance, f"result {k}: " if len(wanted) > 1 else "")
        return check

    def check_array(self, x, expected, tolerance, prefix=""):
        """Collective. x (a gingham.Array) against the NumPy ``expected``: dtype, shape, shard, whole."""
        if not isinstance(x, gg.Array):
            self._agree(f"{prefix}expected a gingham.Array, got {type(x).__name__}")
        problem = None
        if np.dtype(x.dtype) != expected.dtype or x.shape != expected.shape:
            problem = f"{prefix}dtype/shape {np.dtype(x.dtype)}{x.shape}, expected {expected.dtype}{expected.shape}"
        self._agree(problem)
        if x.device.coords is None:
            if x.local.size:
                problem = f"{prefix}rank outside the grid holds {x.local.size} elements"
        else:
            part = expected[np.ix_(*x.distribution.owned_indices())]
            local = np.asarray(x.local)
            if not close(local, part, tolerance):
                problem = f"{prefix}shard {local!r} differs from its part {part!r} of the reference"
        self._agree(problem)
        whole = np.asarray(x)
        self._agree(None if close(whole, expected, tolerance) else f"{prefix}whole {whole!r} != {expected!r}")

    # ---- operation families: each returns (reference, compute, check) ------------------------------------
    def elementwise_unary(self):
        name = self.choice(UNARY_NAMES)
        kinds, ref = UNARY[name]
        dtype = self.choice([d for d in DTYPES if d.kind in kinds])
        grid = self.grid()
        a = self.values(self.shape(), dtype, specials=True)
        x = self.array(a, grid)
        self.label = f"{name}({dtype})"
        return (lambda: np.asarray(ref(a)), lambda: getattr(gg, name)(x), self.same(unary_tolerance(name, dtype)))

    def operand_shape(self, shape):
        """A shape broadcasting to ``shape``: a suffix of it with some extents set to 1."""
        suffix = shape[self.integer(0, len(shape)):]
        return tuple(1 if self.chance(0.3) else n for n in suffix)

    def elementwise_binary(self):
        name = self.choice(BINARY_NAMES)
        kinds, ref = BINARY[name]
        d1 = self.choice([d for d in DTYPES if d.kind in kinds])
        d2 = d1 if self.chance(0.6) else self.choice([d for d in DTYPES if d.kind in kinds])
        grid = self.grid()
        if name == "pow" and "subgrid_integer_pow" in self.excluded and grid.size < self.comm.size:
            grid = gg.default_grid()
        shape = self.shape()
        s1, s2 = self.operand_shape(shape), self.operand_shape(shape)
        if self.chance(0.5):
            s1, s2 = s2, s1
        if self.chance(0.04) and shape:
            s2 = s2[:-1] + (s2[-1] + 2,) if s2 else (len(shape) + 2,)  # does not broadcast
        specials = name not in ("floor_divide", "remainder")  # NumPy's divmod differs from the standard at inf
        a, b = self.values(s1, d1, specials=specials), self.values(s2, d2, specials=specials)
        if name in ("floor_divide", "remainder") and d2.kind in "iu":
            b[b == 0] = 1
        if name in ("bitwise_left_shift", "bitwise_right_shift"):
            b = np.abs(b.astype(np.int64)) % (8 * min(d1.itemsize, d2.itemsize))
            b = b.astype(d2)
        if name == "pow" and "c" in (d1.kind, d2.kind):
            a[a == 0] = 1  # NumPy 1.24 gives nan for 0 ** z (C99's cpow, and gingham, give 0)
        if name == "pow" and d2.kind in "iu":
            b = np.abs(b.astype(np.int64)) % 4
            b = b.astype(d2)
        x = self.array(a, grid)
        operand2 = self.array(b, grid)
        form = self.integer(0, 9)
        if form == 0 and not s2:  # a Python scalar takes the array's dtype
            scalar = b.item()
            # The standard combines a Python bool with bool arrays only (gingham raises TypeError otherwise).
            if (isinstance(scalar, bool) and d1.kind == "b") or (
                    not isinstance(scalar, bool) and (d2.kind == d1.kind or (d1.kind == "c" and d2.kind == "f"))):
                operand2, b = scalar, np.asarray(scalar).astype(d1 if d2.kind != "b" or d1.kind == "b" else d1)
                d2 = d1
                self.detail.append(f"second operand: Python scalar {scalar!r}")
        elif form == 1:
            operand2 = b
            self.detail.append("second operand: a NumPy array (replicated on x's device)")
        self.label = f"{name}({d1}, {d2})"
        try:
            promoted = np.dtype(gg.result_type(_gg_dtype(d1), _gg_dtype(d2)))
        except TypeError:
            promoted = None

        def reference():
            if promoted is None:
                raise TypeError(f"{d1} and {d2} do not promote")
            return np.asarray(ref(a.astype(promoted), b.astype(promoted)))
        if self.chance(0.5) and name in OPERATORS:
            symbol = OPERATORS[name]
            self.label += f" as x {symbol} y"
            return reference, lambda: _apply_operator(symbol, x, operand2), self.same(unary_tolerance(name, promoted))
        return reference, lambda: getattr(gg, name)(x, operand2), self.same(unary_tolerance(name, promoted or d1))

    def reduction(self):
        name = self.choice(["sum", "prod", "min", "max", "mean", "var", "std", "all", "any", "count_nonzero",
                            "argmax", "argmin"])
        kinds = {"sum": "biufc", "prod": "biufc", "min": "iuf", "max": "iuf", "mean": "fc", "var": "f", "std": "f",
                 "all": "biufc", "any": "biufc", "count_nonzero": "biufc", "argmax": "iuf", "argmin": "iuf"}[name]
        dtype = self.choice([d for d in DTYPES if d.kind in kinds])
        shape = self.shape()
        if name == "prod":
            shape = tuple(min(n, 4) for n in shape)
        a = self.values(shape, dtype, low=-2 if name == "prod" else -4, high=2 if name == "prod" else 4,
                        duplicates=name in ("argmax", "argmin"))
        x = self.array(a, self.grid())
        keepdims = self.chance(0.3)
        if name in ("argmax", "argmin"):
            axis = None if self.chance(0.3) or not shape else self.axis(len(shape))
        else:
            axis = self.axes(len(shape))
        kwargs = {"axis": axis, "keepdims": keepdims}
        ref_kwargs = dict(kwargs)
        if name in ("var", "std"):
            kwargs["correction"] = ref_kwargs["ddof"] = self.choice([0, 0, 1])
        self.label = f"{name}({dtype}, {kwargs})"

        def reference():
            if name in ("argmax", "argmin", "min", "max"):
                return getattr(np, name)(a, axis=axis, keepdims=keepdims)
            if name == "count_nonzero":
                return np.asarray(np.count_nonzero(a, axis=axis, keepdims=keepdims)).astype(np.int64)
            result = np.asarray(getattr(np, name)(a, **ref_kwargs))
            if name == "mean" and dtype.kind in "fc":
                result = result.astype(dtype)
            return result
        n = max(1, a.size)
        return reference, lambda: getattr(gg, name)(x, **kwargs), self.same(sum_tolerance(dtype, n, 4.0))

    def scan(self):
        name = self.choice(["cumulative_sum", "cumulative_prod", "diff"])
        dtype = self.choice(NUMERIC if name != "diff" else [d for d in REAL if d.kind != "b"])
        shape = self.shape(low=1)
        if name == "cumulative_prod":
            shape = tuple(min(n, 4) for n in shape)
        a = self.values(shape, dtype, low=-2, high=2)
        x = self.array(a, self.grid())
        if name == "diff":
            axis, n = self.axis(len(shape)), self.integer(1, 3)
            self.label = f"diff({dtype}, axis={axis}, n={n})"
            return (lambda: np.diff(a, n=n, axis=axis), lambda: gg.diff(x, axis=axis, n=n),
                    self.same(sum_tolerance(dtype, 8, 2.0)))
        axis = None if len(shape) == 1 and self.chance(0.5) else self.axis(len(shape))
        include_initial = self.chance(0.3)
        self.label = f"{name}({dtype}, axis={axis}, include_initial={include_initial})"

        def reference():
            if axis is None and a.ndim != 1:
                raise ValueError("axis required")
            k = 0 if axis is None else axis
            if not -a.ndim <= k < a.ndim:
                raise np.AxisError(k, a.ndim)
            out = (np.cumsum if name == "cumulative_sum" else np.cumprod)(a, axis=k)
            if include_initial:
                first = np.full_like(np.take(out, [0], axis=k) if out.shape[k] else
                                     np.zeros(out.shape[:k % a.ndim] + (1,) + out.shape[k % a.ndim + 1:], out.dtype),
                                     0 if name == "cumulative_sum" else 1)
                out = np.concatenate([first, out], axis=k)
            return out
        return (reference, lambda: getattr(gg, name)(x, axis=axis, include_initial=include_initial),
                self.same(sum_tolerance(dtype, max(1, a.size), 2.0)))

    def manipulation(self):
        name = self.choice(["reshape", "permute_dims", "concat", "stack", "flip", "roll", "squeeze", "expand_dims",
                            "broadcast_to", "tile", "repeat", "moveaxis", "matrix_transpose"])
        dtype = self.choice(DTYPES)
        grid = self.grid()
        shape = self.shape()
        a = self.values(shape, dtype)
        x = self.array(a, grid)
        nd = len(shape)
        self.label = name
        if name == "reshape":
            target = list(self.rng.permutation(_factor(a.size, self.integer(0, 4), self)))
            if target and self.chance(0.3):
                target[self.integer(0, len(target) - 1)] = -1
            if self.chance(0.05):
                target.append(2)
            target = tuple(int(t) for t in target)
            self.label = f"reshape(shape={target})"
            return lambda: np.reshape(a, target), lambda: gg.reshape(x, target), self.same()
        if name == "permute_dims":
            perm = tuple(int(p) for p in self.rng.permutation(nd))
            if self.chance(0.05):
                perm = perm + (0,)
            self.label = f"permute_dims({perm})"
            return lambda: np.transpose(a, perm), lambda: gg.permute_dims(x, perm), self.same()
        if name in ("concat", "stack"):
            count = self.integer(1, 3)
            axis = None if name == "concat" and self.chance(0.2) else self.axis(nd + (name == "stack"))
            datas, arrays = [a], [x]
            for _ in range(count - 1):
                other = list(shape)
                if name == "concat" and axis is not None and nd and -nd <= axis < nd:
                    other[axis] = self.extent()
                if self.chance(0.04) and other:
                    other[0] += 1
                d = dtype if self.chance(0.7) else self.choice([d for d in DTYPES if d.kind == dtype.kind])
                data = self.values(tuple(other), d)
                datas.append(data)
                arrays.append(self.array(data, grid))
            self.label = f"{name}({len(datas)} arrays, axis={axis})"
            function = np.concatenate if name == "concat" else np.stack

            def reference():
                promoted = np.dtype(gg.result_type(*[_gg_dtype(d.dtype) for d in datas]))
                return function([d.astype(promoted) for d in datas], axis=axis)
            return reference, lambda: getattr(gg, name)(arrays, axis=axis), self.same()
        if name == "flip":
            axis = self.axes(nd)
            self.label = f"flip(axis={axis})"
            return lambda: np.flip(a, axis=axis), lambda: gg.flip(x, axis=axis), self.same()
        if name == "roll":
            axis = self.axes(nd)
            if axis == ():
                axis = None
            if isinstance(axis, tuple):
                shift = tuple(self.integer(-7, 7) for _ in axis)
            else:
                shift = self.integer(-7, 7)
            self.label = f"roll(shift={shift}, axis={axis})"
            return lambda: np.roll(a, shift, axis=axis), lambda: gg.roll(x, shift, axis=axis), self.same()
        if name == "squeeze":
            ones = [k for k, n in enumerate(shape) if n == 1]
            axis = tuple(ones[: self.integer(0, len(ones))]) if ones and self.chance(0.8) else self.axes(nd)
            if axis is None:
                axis = ()
            self.label = f"squeeze(axis={axis})"
            return lambda: np.squeeze(a, axis=axis), lambda: gg.squeeze(x, axis=axis), self.same()
        if name == "expand_dims":
            axis = self.integer(-nd - 1, nd) if not self.chance(0.05) else nd + 2
            self.label = f"expand_dims(axis={axis})"
            return lambda: np.expand_dims(a, axis), lambda: gg.expand_dims(x, axis=axis), self.same()
        if name == "broadcast_to":
            target = tuple(self.extent() for _ in range(self.integer(0, 2))) + tuple(
                (self.extent() if n == 1 and self.chance(0.7) else n) for n in shape)
            if self.chance(0.05) and target:
                target = target[:-1] + (target[-1] + 1,)
            self.label = f"broadcast_to({target})"
            return lambda: np.broadcast_to(a, target), lambda: gg.broadcast_to(x, target), self.same()
        if name == "tile":
            reps = tuple(self.integer(0, 3) for _ in range(self.integer(0, 3)))
            self.label = f"tile({reps})"
            return lambda: np.tile(a, reps), lambda: gg.tile(x, reps), self.same()
        if name == "repeat":
            axis = None if self.chance(0.3) or not nd else self.axis(nd)
            length = a.size if axis is None else (shape[axis] if -nd <= axis < nd else 1)
            if self.chance(0.5):
                repeats = self.integer(0, 3)
                gg_repeats = repeats
            else:
                repeats = self.rng.integers(0, 4, size=length if not self.chance(0.05) else length + 1)
                gg_repeats = self.array(repeats, grid)
                if "subgrid_scalar" in self.excluded and grid.size < self.comm.size:
                    repeats = gg_repeats = self.integer(0, 3)
            self.label = f"repeat({repeats!r}, axis={axis})"
            return lambda: np.repeat(a, repeats, axis=axis), lambda: gg.repeat(x, gg_repeats, axis=axis), self.same()
        if name == "moveaxis":
            source, destination = self.axis(nd), self.axis(nd)
            self.label = f"moveaxis({source}, {destination})"
            return (lambda: np.moveaxis(a, source, destination), lambda: gg.moveaxis(x, source, destination),
                    self.same())

        def transpose():
            if a.ndim < 2:
                raise ValueError("needs 2 axes")
            return np.swapaxes(a, -1, -2)
        return transpose, lambda: gg.matrix_transpose(x), self.same()

    def basic_key(self, shape):
        """A random basic key: integers (sometimes out of bounds), slices with any step and bounds, None, ..."""
        key = []
        axes = list(shape)
        for n in axes[: self.integer(0, len(shape))]:
            if n > 0 and self.chance(0.25):
                key.append(self.integer(-n, n - 1) if not self.chance(0.05) else n)
            else:
                bound = lambda: None if self.chance(0.5) else self.integer(-n - 2, n + 2)  # noqa: E731
                key.append(slice(bound(), bound(), self.choice([-3, -2, -1, 1, 1, 1, 2, 3])))
        for _ in range(self.integer(0, 2) if self.chance(0.3) else 0):
            key.insert(self.integer(0, len(key)), None)
        if self.chance(0.2):
            key.insert(self.integer(0, len(key)), Ellipsis)
        return tuple(key) if len(key) != 1 or self.chance(0.5) else key[0]

    def advanced_key(self, shape, grid):
        """(NumPy key, gingham key): a boolean mask over leading axes, or integer arrays (gingham or host) on
        some axes mixed with slices and integers."""
        nd = len(shape)
        if nd and self.chance(0.35):
            lead = self.integer(1, nd)
            mask = self.rng.random(shape[:lead]) < 0.5
            index = self.array(mask, grid) if self.chance(0.8) else mask
            rest = tuple(slice(None) for _ in range(self.integer(0, nd - lead)))
            return (mask,) + rest, (index,) + rest
        host, key = [], []
        length = self.integer(0, 4)
        for n in shape[: self.integer(1, nd) if nd else 0]:
            kind = self.integer(0, 3)
            if kind == 0 and n:
                i = self.integer(-n, n - 1)
                host.append(i), key.append(i)
            elif kind == 1:
                values = self.rng.integers(-n, n, size=length) if n else np.zeros(length, np.int64)
                if n == 0 and length:
                    values = np.zeros(0, np.int64)
                if self.chance(0.05):
                    values = np.append(values, n)  # out of bounds
                values = values.astype(self.choice([np.int64, np.int32, np.int16]))
                host.append(values)
                key.append(self.array(values, grid) if self.chance(0.8) else values)
            else:
                s = slice(None, None, self.choice([1, 1, -1, 2]))
                host.append(s), key.append(s)
        return tuple(host), tuple(key)

    def index_read(self):
        dtype = self.choice(DTYPES)
        grid = self.grid()
        a = self.values(self.shape(), dtype)
        x = self.array(a, grid)
        if self.chance(0.5):
            key = self.basic_key(a.shape)
            self.label = f"x[{key!r}]"
            return lambda: np.asarray(a[key]), lambda: x[key], self.same()
        if self.chance(0.25) and a.ndim:
            axis = self.axis(a.ndim, allow_bad=False)
            n = a.shape[axis]
            if n == 0 and "take_empty_axis" in self.excluded:
                axis = None
            length = a.size if axis is None else n
            indices = self.rng.integers(-length, length, size=self.integer(0, 5)) if length else np.zeros(0, np.int64)
            if axis is None and a.ndim != 1:
                axis = 0
                length = a.shape[0]
                if length == 0 and "take_empty_axis" in self.excluded:
                    return lambda: a, lambda: x, self.same()
                indices = self.rng.integers(0, max(length, 1), size=self.integer(0, 5)) if length else indices
            indices = indices.astype(np.int64)
            index_array = self.array(indices, grid)
            self.label = f"take(indices={indices.tolist()}, axis={axis})"
            return lambda: np.take(a, indices, axis=axis), lambda: gg.take(x, index_array, axis=axis), self.same()
        host, key = self.advanced_key(a.shape, grid)
        self.label = f"x[{_key_repr(host)}] (advanced)"
        return lambda: np.asarray(a[host]), lambda: x[key], self.same()

    def index_write(self):
        dtype = self.choice(DTYPES)
        grid = self.grid()
        a = self.values(self.shape(), dtype)
        x = self.array(a, grid)
        if self.chance(0.6):
            host = key = self.basic_key(a.shape)
        else:
            host, key = self.advanced_key(a.shape, grid)
            if any(isinstance(k, np.ndarray) and k.dtype != bool for k in host):  # no duplicate writes
                host, key = _basic_only(host), _basic_only(key)
        try:
            target_shape = a[host].shape
        except Exception:  # noqa: BLE001  (a bad key: the reference raises below)
            target_shape = ()
        value_shape = target_shape[self.integer(0, len(target_shape)):]
        value_shape = tuple(1 if self.chance(0.2) else n for n in value_shape)
        form = self.integer(0, 3)
        if form == 0:
            value = self.values((), dtype).item()
            gg_value = value
        else:
            value = self.values(value_shape, dtype)
            gg_value = self.array(value, grid) if form < 3 else value
        self.label = f"x[{_key_repr(host)}] = {type(gg_value).__name__} {getattr(value, 'shape', '')}"

        def reference():
            b = a.copy()
            b[host] = value
            return b

        def compute():
            x[key] = gg_value
            return x
        return reference, compute, self.same()

    def sorting(self):
        name = self.choice(["sort", "argsort"])
        dtype = self.choice(REAL)
        shape = self.shape(low=1) if self.chance(0.9) else ()
        a = self.values(shape, dtype, duplicates=self.chance(0.5))
        x = self.array(a, self.grid())
        axis, descending = self.axis(len(shape)), self.chance(0.4)
        stable = self.chance(0.7) or name == "sort"
        self.label = f"{name}({dtype}, axis={axis}, descending={descending}, stable={stable})"

        def reference():
            k = axis
            if a.ndim == 0:  # NumPy's argsort takes a 0-D array; the standard's axis must exist
                raise np.AxisError(axis, 0)
            if name == "sort":
                out = np.sort(a, axis=k, kind="stable")
                return np.flip(out, axis=k) if descending else out
            if not descending:
                return np.argsort(a, axis=k, kind="stable")
            flipped = np.argsort(np.flip(a, axis=k), axis=k, kind="stable")
            return (a.shape[k] - 1 - np.flip(flipped, axis=k)).astype(np.int64)
        if name == "argsort" and not stable:
            def check(result, expected):  # any order of equal elements: compare the values they select
                values = np.asarray(result)
                self._agree(None if values.dtype == np.int64 and values.shape == a.shape and np.array_equal(
                    np.take_along_axis(a, values, axis), np.take_along_axis(a, expected, axis))
                    else f"argsort gives {values!r}, a valid order is {expected!r}")
            return reference, lambda: gg.argsort(x, axis=axis, descending=descending, stable=False), check
        return (reference, lambda: getattr(gg, name)(x, axis=axis, descending=descending, stable=stable),
                self.same())

    def sets(self):
        name = self.choice(["unique_values", "unique_counts", "unique_inverse", "unique_all", "isin"])
        dtype = self.choice(REAL)
        grid = self.grid()
        if name in ("unique_inverse", "unique_all") and "subgrid_scalar" in self.excluded:
            grid = gg.default_grid()
        a = self.values(self.shape(), dtype, duplicates=True)
        x = self.array(a, grid)
        self.label = f"{name}({dtype})"
        if name == "isin":
            b = self.values(self.shape(high=2), dtype, duplicates=True)
            y = self.array(b, grid)
            invert = self.chance(0.3)
            self.label += f" invert={invert}"
            return lambda: np.isin(a, b, invert=invert), lambda: gg.isin(x, y, invert=invert), self.same()

        def reference():
            values, index, inverse, counts = np.unique(a, return_index=True, return_inverse=True, return_counts=True)
            inverse = inverse.reshape(a.shape).astype(np.int64)
            index, counts = index.astype(np.int64), counts.astype(np.int64)
            return {"unique_values": values, "unique_counts": (values, counts),
                    "unique_inverse": (values, inverse), "unique_all": (values, index, inverse, counts)}[name]
        return reference, lambda: tuple(getattr(gg, name)(x)) if name != "unique_values" else gg.unique_values(x), \
            self.same()

    def searching(self):
        name = self.choice(["where", "nonzero", "searchsorted", "count_nonzero"])
        grid = self.grid()
        dtype = self.choice(REAL)
        self.label = f"{name}({dtype})"
        if name == "where":
            shape = self.shape()
            c = self.values(self.operand_shape(shape), np.dtype(bool))
            a = self.values(self.operand_shape(shape), dtype)
            b = self.values(self.operand_shape(shape), dtype)
            cx, x, y = self.array(c, grid), self.array(a, grid), self.array(b, grid)
            return lambda: np.where(c, a, b), lambda: gg.where(cx, x, y), self.same()
        if name == "nonzero":
            a = self.values(self.shape(low=1), dtype, low=-1, high=1)
            x = self.array(a, grid)
            return lambda: tuple(i.astype(np.int64) for i in np.nonzero(a)), lambda: tuple(gg.nonzero(x)), self.same()
        if name == "count_nonzero":
            a = self.values(self.shape(), dtype, low=-1, high=1)
            x = self.array(a, grid)
            axis = self.axes(a.ndim)
            return (lambda: np.asarray(np.count_nonzero(a, axis=axis)).astype(np.int64),
                    lambda: gg.count_nonzero(x, axis=axis), self.same())
        sorted_values = np.sort(self.values((self.extent(),), dtype, duplicates=True))
        probes = self.values(self.shape(high=2), dtype, duplicates=True)
        side = self.choice(["left", "right"])
        x1, x2 = self.array(sorted_values, grid), self.array(probes, grid)
        self.label += f" side={side}"
        return (lambda: np.searchsorted(sorted_values, probes, side=side).astype(np.int64),
                lambda: gg.searchsorted(x1, x2, side=side), self.same())

    def creation(self):
        name = self.choice(["arange", "linspace", "eye", "full", "zeros", "ones", "tril", "triu", "full_like",
                            "meshgrid"])
        grid = self.grid()
        dtype = self.choice(DTYPES)
        if name == "arange":
            dtype = self.choice([d for d in DTYPES if d.kind in "if"])
            start, stop, step = self.integer(-5, 5), self.integer(-5, 10), self.choice([1, 2, 3, -1, -2])
            if dtype.kind == "f" and self.chance(0.5):
                start, step = start + 0.5, step * 0.75
            n = max(0, math.ceil((stop - start) / step))
            d = self.distribution((n,), grid)
            self.label = f"arange({start}, {stop}, {step}, dtype={dtype}) as {d!r}"
            return (lambda: np.arange(start, stop, step, dtype=dtype),
                    lambda: gg.arange(start, stop, step, dtype=_gg_dtype(dtype), distribution=d), self.same())
        if name == "linspace":
            dtype = self.choice(FLOATING)
            num, endpoint = self.extent(), self.chance(0.7)
            start, stop = self.integer(-5, 5), self.integer(-5, 5) + 0.5
            d = self.distribution((num,), grid)
            self.label = f"linspace({start}, {stop}, {num}, endpoint={endpoint}, dtype={dtype}) as {d!r}"
            return (lambda: np.linspace(start, stop, num, endpoint=endpoint, dtype=dtype),
                    lambda: gg.linspace(start, stop, num, endpoint=endpoint, dtype=_gg_dtype(dtype), distribution=d),
                    self.same(sum_tolerance(dtype, 8, 6.0)))
        if name == "eye":
            n, m, k = self.extent(), self.extent(), self.integer(-3, 3)
            d = self.distribution((n, m), grid)
            self.label = f"eye({n}, {m}, k={k}, dtype={dtype}) as {d!r}"
            return (lambda: np.eye(n, m, k=k, dtype=dtype),
                    lambda: gg.eye(n, m, k=k, dtype=_gg_dtype(dtype), distribution=d), self.same())
        if name in ("full", "zeros", "ones"):
            shape = self.shape()
            d = self.distribution(shape, grid)
            value = self.values((), dtype).item()
            self.label = f"{name}({shape}, dtype={dtype}) as {d!r}"
            if name == "full":
                return (lambda: np.full(shape, value, dtype=dtype),
                        lambda: gg.full(shape, value, dtype=_gg_dtype(dtype), distribution=d), self.same())
            return (lambda: getattr(np, name)(shape, dtype=dtype),
                    lambda: getattr(gg, name)(shape, dtype=_gg_dtype(dtype), distribution=d), self.same())
        if name == "full_like":
            a = self.values(self.shape(), dtype)
            x = self.array(a, grid)
            value = self.values((), dtype).item()
            return lambda: np.full_like(a, value), lambda: gg.full_like(x, value), self.same()
        if name in ("tril", "triu"):
            a = self.values(self.shape(low=2, high=3), dtype)
            x = self.array(a, grid)
            k = self.integer(-3, 3)
            self.label = f"{name}(k={k}, {dtype})"
            return lambda: getattr(np, name)(a, k=k), lambda: getattr(gg, name)(x, k=k), self.same()
        indexing = self.choice(["xy", "ij"])
        datas = [self.values((self.extent(),), dtype) for _ in range(self.integer(0, 3))]
        arrays = [self.array(v, grid) for v in datas]
        self.label = f"meshgrid({len(datas)} arrays of {dtype}, indexing={indexing})"
        return (lambda: tuple(np.meshgrid(*datas, indexing=indexing)),
                lambda: tuple(gg.meshgrid(*arrays, indexing=indexing)), self.same())

    def matrix(self, n, m, dtype, kind="general", batch=()):
        """A finite, well-conditioned matrix (stack) of ``dtype``."""
        a = self.values(batch + (n, m), dtype, low=-1, high=1)
        if kind in ("hermitian", "positive"):
            a = a + np.conj(np.swapaxes(a, -1, -2))
        if kind in ("general", "hermitian", "positive") and n == m:
            a = a + (2 * n + 2) * np.eye(n, dtype=dtype)
        if kind == "hermitian" and n and self.chance(0.5):
            a = a - (4 * n + 4) * np.eye(n, dtype=dtype)  # indefinite
        if kind in ("hermitian", "positive"):
            a = (a + np.conj(np.swapaxes(a, -1, -2))) / 2
        return a.astype(dtype)

    def linalg(self):
        name = self.choice(["matmul", "matmul", "solve", "inv", "det", "slogdet", "qr", "eigh", "eigvalsh", "svd",
                            "svdvals", "cholesky", "matrix_norm", "vector_norm", "vecdot", "tensordot", "outer",
                            "trace", "diagonal", "cross", "matrix_power", "pinv"])
        grid = self.grid()
        if "linalg_sub_grids" in self.excluded:
            grid = self.choice([g for g in self.grids if g.size == self.comm.size])
        dtype = self.choice(FLOATING)
        n = self.integer(1, 6) if self.chance(0.9) else 0
        tol = linalg_tolerance(dtype, n)
        self.label = f"linalg.{name}({dtype}, n={n})"
        if name == "matmul":
            dtype = self.choice(NUMERIC)
            if "int16_matmul" in self.excluded and dtype in (np.dtype("int16"), np.dtype("uint16")):
                dtype = np.dtype("int32")
            k, m = self.extent(), self.extent()
            batch = () if self.chance(0.7) else (self.integer(1, 3),)
            s1 = batch + ((n, k) if self.chance(0.85) else (k,))
            s2 = ((k, m) if self.chance(0.85) else (k,))
            if self.chance(0.04):
                s2 = (k + 1,) + s2[1:]
            a, b = self.values(s1, dtype, low=-3, high=3), self.values(s2, dtype, low=-3, high=3)
            x, y = self.array(a, grid), self.array(b, grid)
            self.label = f"matmul({dtype}{s1}, {dtype}{s2})"
            return lambda: np.matmul(a, b), lambda: x @ y, self.same(linalg_tolerance(dtype, k))
        if name in ("solve", "inv", "det", "slogdet"):
            a = self.matrix(n, n, dtype)
            singular = "singular_row_major" not in self.excluded and n >= 2 and self.chance(0.3)
            if singular:
                a[1] = a[0]
                self.detail.append("rows 0 and 1 equal: singular")
            x = self.array(a, grid)
            # Exactly singular input: solve and inv raise LinAlgError (gingham's rule: a zero pivot, or one at
            # most max(n, 10) eps max|U|, which rounding leaves; NumPy often returns garbage instead); det and
            # slogdet give the computed factors' value, near 0 against Hadamard's bound as NumPy's.

            def singular_matrix():
                raise np.linalg.LinAlgError("Singular matrix (rows 0 and 1 are equal)")
            det_tolerance = (tol[0], tol[1] * float(np.prod(np.maximum(1, np.abs(a).sum(axis=1)))) if n else tol[1])
            if name == "solve":
                b = self.values((n,) if self.chance(0.4) else (n, self.integer(1, 3)), dtype)
                y = self.array(b, grid)
                reference = singular_matrix if singular else lambda: np.linalg.solve(a, b)
                return reference, lambda: gg.linalg.solve(x, y), self.same(tol)
            if name == "inv":
                return (singular_matrix if singular else lambda: np.linalg.inv(a)), lambda: gg.linalg.inv(x), self.same(tol)
            if name == "det" or singular:  # slogdet of a singular matrix: its sign * exp(logabsdet), as det
                if name == "slogdet":
                    def as_det(sign, logabsdet):
                        return sign * (gg.exp if isinstance(sign, gg.Array) else np.exp)(logabsdet)
                    return (lambda: np.asarray(as_det(*np.linalg.slogdet(a))),
                            lambda: as_det(*gg.linalg.slogdet(x)), self.same(det_tolerance))
                return lambda: np.asarray(np.linalg.det(a)), lambda: gg.linalg.det(x), self.same(det_tolerance)
            scale = (tol[0], tol[1] * max(1, n))
            return (lambda: tuple(np.asarray(v) for v in np.linalg.slogdet(a)),
                    lambda: tuple(gg.linalg.slogdet(x)), self.same(scale))
        if name in ("qr", "svd", "pinv", "svdvals"):
            m = self.integer(1, 6) if n else 0
            if name in ("svd", "pinv") and "svd_more_ranks_than_rows" in self.excluded:
                n, m = max(n, self.comm.size), max(m, self.comm.size)
            a = self.values((n, m), dtype, low=-1, high=1)
            if min(n, m):
                a[np.arange(min(n, m)), np.arange(min(n, m))] += 4
            x = self.array(a, grid)
            self.label = f"linalg.{name}({dtype}{a.shape})"
            if name == "svdvals":
                return lambda: np.linalg.svd(a, compute_uv=False), lambda: gg.linalg.svdvals(x), self.same(tol)
            if name == "pinv":
                return lambda: np.linalg.pinv(a), lambda: gg.linalg.pinv(x), self.same(tol)
            if name == "qr":
                mode = self.choice(["reduced", "complete"])
                self.label += f" mode={mode}"
                return (lambda: np.linalg.qr(a, mode=mode), lambda: tuple(gg.linalg.qr(x, mode=mode)),
                        self.factor_check(a, "qr", tol))
            full = self.chance(0.5)
            self.label += f" full_matrices={full}"
            return (lambda: np.linalg.svd(a, full_matrices=full), lambda: tuple(gg.linalg.svd(x, full_matrices=full)),
                    self.factor_check(a, "svd", tol))
        if name in ("eigh", "eigvalsh", "cholesky"):
            a = self.matrix(n, n, dtype, "positive" if name == "cholesky" else "hermitian")
            if "linalg_nonfinite" not in self.excluded and n and self.chance(0.2):
                a[self.integer(0, n - 1), self.integer(0, n - 1)] = np.nan
                self.detail.append("a NaN in the input")
                x = self.array(a, grid)
                return lambda: gg_never_compared(), lambda: getattr(gg.linalg, name)(x), lambda r, e: None
            x = self.array(a, grid)
            if name == "eigvalsh":
                return lambda: np.linalg.eigvalsh(a), lambda: gg.linalg.eigvalsh(x), self.same(tol)
            if name == "cholesky":
                upper = self.chance(0.3)
                self.label += f" upper={upper}"
                return (lambda: np.conj(np.linalg.cholesky(a).T) if upper else np.linalg.cholesky(a),
                        lambda: gg.linalg.cholesky(x, upper=upper), self.same(tol))
            return lambda: np.linalg.eigh(a), lambda: tuple(gg.linalg.eigh(x)), self.factor_check(a, "eigh", tol)
        if name in ("matrix_norm", "vector_norm"):
            dtype = self.choice(FLOATING)
            shape = self.shape(low=2 if name == "matrix_norm" else 0)
            a = self.values(shape, dtype)
            x = self.array(a, grid)
            keepdims = self.chance(0.3)
            if name == "matrix_norm":
                order = self.choice(["fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]
                                    if "svd_more_ranks_than_rows" not in self.excluded else ["fro", 1, -1, np.inf,
                                                                                              -np.inf])
                self.label = f"matrix_norm({dtype}{shape}, ord={order}, keepdims={keepdims})"

                def reference():
                    if min(shape[-2:]) == 0 and order not in ("fro",):
                        return np.linalg.norm(a, ord=order, axis=(-2, -1), keepdims=keepdims)
                    return np.linalg.norm(a, ord=order, axis=(-2, -1), keepdims=keepdims)
                return (reference, lambda: gg.linalg.matrix_norm(x, ord=order, keepdims=keepdims),
                        self.same(sum_tolerance(dtype, max(1, a.size), 4.0)))
            order = self.choice([2, 1, np.inf, -np.inf, 0, 3, -1])
            axis = self.axes(len(shape))
            if axis == ():  # a norm over no axes: left unspecified
                axis = None
            self.label = f"vector_norm({dtype}{shape}, ord={order}, axis={axis}, keepdims={keepdims})"

            def reference():
                real = np.abs(a).astype(np.finfo(dtype).dtype)
                axes = tuple(range(a.ndim)) if axis is None else axis
                if isinstance(axes, tuple) and len(axes) != 1:
                    flat = _move_to_end(real, axes)
                    result = np.linalg.norm(flat, ord=order, axis=-1)
                    if keepdims:
                        result = np.expand_dims(result, tuple(k % a.ndim for k in axes)) if a.ndim else result
                    return np.asarray(result).astype(real.dtype)
                single = axes[0] if isinstance(axes, tuple) else axes
                return np.asarray(np.linalg.norm(real, ord=order, axis=single, keepdims=keepdims)).astype(real.dtype)
            return (reference, lambda: gg.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=order),
                    self.same(sum_tolerance(dtype, max(1, a.size), 4.0)))
        if name in ("vecdot", "outer", "cross", "tensordot"):
            dtype = self.choice(NUMERIC)
            if name == "cross":
                shape = self.shape(low=0, high=1) + (3,)
                a, b = self.values(shape, dtype), self.values(self.operand_shape(shape), dtype)
                if len(b.shape) == 0:
                    b = self.values((3,), dtype)
            elif name == "outer":
                a, b = self.values((self.extent(),), dtype), self.values((self.extent(),), dtype)
            elif name == "vecdot":
                shape = self.shape(low=1)
                a, b = self.values(shape, dtype), self.values(self.operand_shape(shape) or shape[-1:], dtype)
            else:
                a = self.values(self.shape(low=1), dtype)
                k = self.integer(0, a.ndim)
                b = self.values(a.shape[a.ndim - k:] + self.shape(high=1), dtype)
            x, y = self.array(a, grid), self.array(b, grid)
            self.label = f"linalg.{name}({dtype}{a.shape}, {dtype}{b.shape})"
            if name == "vecdot":
                def reference():  # the standard does not broadcast the contracted axis
                    if a.shape[-1] != b.shape[-1]:
                        raise ValueError(f"axis -1 has {a.shape[-1]} and {b.shape[-1]} elements")
                    return np.sum(np.conj(a) * b, axis=-1, dtype=a.dtype)
                return (reference, lambda: gg.linalg.vecdot(x, y),
                        self.same(linalg_tolerance(dtype, a.shape[-1])))
            if name == "outer":
                return lambda: np.outer(a, b), lambda: gg.linalg.outer(x, y), self.same(linalg_tolerance(dtype, 1))
            if name == "cross":
                return lambda: np.cross(a, b), lambda: gg.linalg.cross(x, y), self.same(linalg_tolerance(dtype, 3))
            self.label += f" axes={k}"
            return (lambda: np.tensordot(a, b, axes=k), lambda: gg.linalg.tensordot(x, y, axes=k),
                    self.same(linalg_tolerance(dtype, max(1, math.prod(b.shape[:k])))))
        if name in ("trace", "diagonal"):
            dtype = self.choice(NUMERIC)
            a = self.values(self.shape(low=2), dtype)
            x = self.array(a, grid)
            offset = self.integer(-3, 3)
            self.label = f"linalg.{name}({dtype}{a.shape}, offset={offset})"
            if name == "trace":
                return (lambda: np.asarray(np.trace(a, offset=offset, axis1=-2, axis2=-1)),
                        lambda: gg.linalg.trace(x, offset=offset), self.same(linalg_tolerance(dtype, 8)))
            return (lambda: np.diagonal(a, offset=offset, axis1=-2, axis2=-1),
                    lambda: gg.linalg.diagonal(x, offset=offset), self.same())
        a = self.matrix(n, n, dtype) / (2 * n + 3)
        power = self.integer(-2, 4)
        x = self.array(a, grid)
        self.label = f"matrix_power({dtype}, n={n}, {power})"
        return (lambda: np.linalg.matrix_power(a, power), lambda: gg.linalg.matrix_power(x, power),
                self.same((tol[0] * 10, tol[1] * 10)))

    def factor_check(self, a, kind, tol):
        """A check for factorizations that are unique only up to signs/phases: the factors' shapes and dtypes
        equal NumPy's, each shard equals its part of the gathered factor, and the factors rebuild ``a``
        (and are orthonormal, triangular, or hold NumPy's eigen/singular values)."""
        def check(result, expected):
            self._agree(None if len(result) == len(expected) else f"{len(result)} factors, expected {len(expected)}")
            wholes = []
            for k, (x, e) in enumerate(zip(result, expected)):
                whole = np.asarray(x) if isinstance(x, gg.Array) else None
                self._agree(None if whole is not None and whole.dtype == e.dtype and whole.shape == e.shape
                            else f"factor {k}: {None if whole is None else (whole.dtype, whole.shape)}, expected "
                                 f"{e.dtype}{e.shape}")
                self.check_array(x, whole, None, f"factor {k} against its own gather: ")
                wholes.append(whole)
            rtol, atol = tol
            problem = None
            if kind == "qr":
                q, r = wholes
                if not close(q @ r, a, tol) or not close(np.triu(r), r, None):
                    problem = f"q @ r differs from a or r is not upper triangular: q={q!r} r={r!r}"
                elif not close(np.conj(q.T) @ q, np.eye(q.shape[1], dtype=q.dtype), tol):
                    problem = f"q is not orthonormal: {q!r}"
            elif kind == "svd":
                u, s, vh = wholes
                k = s.shape[-1]
                if not close(s, expected[1], tol):
                    problem = f"singular values {s!r}, expected {expected[1]!r}"
                elif not close((u[:, :k] * s) @ vh[:k], a, tol):
                    problem = "u @ diag(s) @ vh differs from a"
            else:
                w, v = wholes
                if not close(w, expected[0], tol):
                    problem = f"eigenvalues {w!r}, expected {expected[0]!r}"
                elif not close(a @ v, v * w, (rtol, atol * max(1, float(np.abs(w).max(initial=0))))):
                    problem = "a @ v differs from v * w"
            self._agree(problem)
        return check

    def redistribution(self):
        dtype = self.choice(DTYPES)
        grid = self.grid()
        a = self.values(self.shape(), dtype)
        x = self.array(a, grid)
        key, axes = None, None
        if self.chance(0.5) and a.ndim:
            key = tuple(slice(*_slice_bounds(self, n)) if self.chance(0.8) else self.integer(-n, n - 1) if n else
                        slice(None) for n in a.shape[: self.integer(1, a.ndim)])
        expected_view = a if key is None else a[key]
        if self.chance(0.4):
            axes = tuple(int(p) for p in self.rng.permutation(expected_view.ndim))
            expected_view = np.transpose(expected_view, axes)
        target = self.distribution(expected_view.shape, self.grid())
        how = self.choice(["redistribute", "plan", "plan_out"])
        if how == "plan_out" and key is None and axes is None and "plan_out_is_input" not in self.excluded \
                and self.chance(0.3):
            how = "plan_out_is_input"
            target = x.distribution
        self.label = f"{how}(key={key!r}, axes={axes}) to {target!r}"
        expected = np.array(expected_view)

        def compute():
            if how == "redistribute":
                return gg.redistribute(x, target, key=key, axes=axes)
            plan = gg.RedistributionPlan(x.distribution, target, key=key, axes=axes)
            if how == "plan":
                return plan(x)
            if how == "plan_out_is_input":
                return plan(x, out=x)
            out = gg.zeros(target.shape, dtype=x.dtype, distribution=target)
            result = plan(x, out=out)
            return result if result is out else None
        return lambda: expected, compute, self.same()


def gg_never_compared():
    """The reference of an input whose outcome is only checked for agreement across ranks (no hang)."""
    raise np.linalg.LinAlgError("non-finite input")


def _slice_bounds(trial, n):
    bound = lambda: None if trial.chance(0.5) else trial.integer(-n - 1, n + 1)  # noqa: E731
    return bound(), bound(), trial.choice([-2, -1, 1, 1, 2, 3])


def _move_to_end(a, axes):
    axes = [k % a.ndim for k in axes]
    rest = [k for k in range(a.ndim) if k not in axes]
    moved = np.transpose(a, rest + axes)
    return moved.reshape(moved.shape[: len(rest)] + (int(np.prod([a.shape[k] for k in axes])),))  # -1 fails on size 0


def _factor(size, parts, trial):
    """``parts`` extents whose product is ``size`` (a random factorization)."""
    if parts == 0:
        return [] if size == 1 else [size]
    extents = [1] * parts
    if size == 0:
        extents[trial.integer(0, parts - 1)] = 0
        for k in range(parts):
            if extents[k]:
                extents[k] = trial.integer(1, 3)
        return extents
    remaining = size
    for p in (2, 3, 5, 7):
        while remaining % p == 0:
            extents[trial.integer(0, parts - 1)] *= p
            remaining //= p
    extents[trial.integer(0, parts - 1)] *= remaining
    return extents


def _basic_only(key):
    return tuple(slice(None) if isinstance(k, (np.ndarray, gg.Array)) and np.dtype(k.dtype) != bool else k
                 for k in key)


def _key_repr(key):
    key = key if isinstance(key, tuple) else (key,)
    return repr(tuple(k.tolist() if isinstance(k, np.ndarray) else k for k in key))


def _apply_operator(symbol, x, y):
    return eval(f"x {symbol} y", {}, {"x": x, "y": y})  # noqa: S307  (symbol comes from OPERATORS only)


def close(actual, expected, tolerance):
    """Local. Same shape and dtype-kind-appropriate equality: exact for integers and bools, within
    ``tolerance`` = (rtol, atol) for floating (NaN equal to NaN, infinities exact)."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    if actual.shape != expected.shape:
        return False
    if expected.dtype.kind not in "fc" or tolerance is None:
        if expected.dtype.kind in "fc":
            return bool(np.all((actual == expected) | (np.isnan(actual) & np.isnan(expected))))
        return np.array_equal(actual, expected)
    rtol, atol = tolerance
    return bool(np.all(np.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)))


def _eps(dtype):
    dtype = np.dtype(dtype)
    return float(np.finfo(dtype).eps) if dtype.kind in "fc" else 0.0


def unary_tolerance(name, dtype):
    if dtype is None or np.dtype(dtype).kind not in "fc":
        return None
    eps = _eps(dtype)
    return (64 * eps, 64 * eps)


def sum_tolerance(dtype, n, scale):
    eps = _eps(dtype)
    return None if not eps else (16 * n * eps, 16 * n * eps * scale)


def linalg_tolerance(dtype, n):
    eps = _eps(dtype)
    return None if not eps else (max(1e-3 if eps > 1e-10 else 1e-9, 256 * eps * max(n, 1)),
                                 (1e-3 if eps > 1e-10 else 1e-9) * max(n, 1))


def _exactly_signed(function):
    """NumPy's rounding functions turn integers into floats; the standard keeps the dtype."""
    return lambda a: a.copy() if a.dtype.kind in "biu" else function(a)


def _sign(a):
    if a.dtype.kind == "c":
        magnitude = np.abs(a)
        return np.where(magnitude == 0, 0, a / np.where(magnitude == 0, 1, magnitude)).astype(a.dtype)
    return np.sign(a)


UNARY = {
    "abs": ("iufc", np.abs), "acos": ("fc", np.arccos), "acosh": ("fc", np.arccosh), "asin": ("fc", np.arcsin),
    "asinh": ("fc", np.arcsinh), "atan": ("fc", np.arctan), "atanh": ("fc", np.arctanh),
    "bitwise_invert": ("biu", np.invert), "ceil": ("iuf", _exactly_signed(np.ceil)), "conj": ("fc", np.conj),
    "cos": ("fc", np.cos), "cosh": ("fc", np.cosh), "exp": ("fc", np.exp), "expm1": ("fc", np.expm1),
    "floor": ("iuf", _exactly_signed(np.floor)), "imag": ("c", np.imag), "isfinite": ("iufc", np.isfinite),
    "isinf": ("iufc", np.isinf), "isnan": ("iufc", np.isnan), "log": ("fc", np.log), "log1p": ("fc", np.log1p),
    "log2": ("fc", np.log2), "log10": ("fc", np.log10), "logical_not": ("b", np.logical_not),
    "negative": ("iufc", np.negative), "positive": ("iufc", np.positive), "real": ("c", np.real),
    "reciprocal": ("fc", np.reciprocal), "round": ("iufc", _exactly_signed(np.round)), "sign": ("iufc", _sign),
    "signbit": ("f", np.signbit), "sin": ("fc", np.sin), "sinh": ("fc", np.sinh), "square": ("iufc", np.square),
    "sqrt": ("fc", np.sqrt), "tan": ("fc", np.tan), "tanh": ("fc", np.tanh),
    "trunc": ("iuf", _exactly_signed(np.trunc)),
}
BINARY = {
    "add": ("iufc", np.add), "atan2": ("f", np.arctan2), "bitwise_and": ("biu", np.bitwise_and),
    "bitwise_left_shift": ("iu", np.left_shift), "bitwise_or": ("biu", np.bitwise_or),
    "bitwise_right_shift": ("iu", np.right_shift), "bitwise_xor": ("biu", np.bitwise_xor),
    "copysign": ("f", np.copysign), "divide": ("fc", np.divide), "equal": ("biufc", np.equal),
    "floor_divide": ("iuf", np.floor_divide), "greater": ("iuf", np.greater),
    "greater_equal": ("iuf", np.greater_equal), "hypot": ("f", np.hypot), "less": ("iuf", np.less),
    "less_equal": ("iuf", np.less_equal), "logaddexp": ("f", np.logaddexp), "logical_and": ("b", np.logical_and),
    "logical_or": ("b", np.logical_or), "logical_xor": ("b", np.logical_xor), "maximum": ("iuf", np.maximum),
    "minimum": ("iuf", np.minimum), "multiply": ("iufc", np.multiply), "nextafter": ("f", np.nextafter),
    "not_equal": ("biufc", np.not_equal), "pow": ("iufc", np.power), "remainder": ("iuf", np.remainder),
    "subtract": ("iufc", np.subtract),
}
UNARY_NAMES, BINARY_NAMES = sorted(UNARY), sorted(BINARY)
OPERATORS = {"add": "+", "subtract": "-", "multiply": "*", "divide": "/", "floor_divide": "//", "remainder": "%",
             "pow": "**", "bitwise_and": "&", "bitwise_or": "|", "bitwise_xor": "^", "bitwise_left_shift": "<<",
             "bitwise_right_shift": ">>", "equal": "==", "not_equal": "!=", "less": "<", "less_equal": "<=",
             "greater": ">", "greater_equal": ">="}


def run_trials(seeds, comm=None, include=(), grids=None, on_failure=None, should_stop=None, exclude=()):
    """Collective. Runs one trial per seed; returns (counts by outcome, failures as (seed, message)).
    ``on_failure(seed, message)`` is called on every rank as failures happen; ``should_stop()`` (agreed by
    the caller) ends the run early."""
    comm = MPI.COMM_WORLD if comm is None else comm
    grids = make_grids(comm) if grids is None else grids
    counts, failures = {}, []
    for seed in seeds:
        if should_stop is not None and should_stop():
            break
        trial = Trial(seed, comm, grids, include, exclude)
        try:
            _, outcome = trial.run()
        except Failure as failure:
            outcome = "failed"
            failures.append((seed, str(failure)))
            if on_failure is not None:
                on_failure(seed, str(failure))
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts, failures


__all__ = ["KNOWN_BUGS", "Failure", "Trial", "make_grids", "run_trials", "close"]

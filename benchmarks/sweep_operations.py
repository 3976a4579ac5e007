"""The operations of the benchmark sweep (sweep.py): every public operation family of gingham's namespace,
each written once against Array API names and run on gingham and on NumPy (through ArrayApiNumPy, which
gives NumPy 1.24 the standard's names).

An operation is (family, name, function(xp, inputs)); ``inputs`` holds arrays of one namespace made by
make_inputs. Sizes: 1-D arrays of n elements, 2-D arrays of n elements (rows x n / rows), square matrices of
about min(n, 4 * 10^6) elements for linear algebra.
"""

import math

import numpy as np


class ArrayApiNumPy:
    """NumPy under the Array API standard's names where NumPy 1.24 spells them differently."""

    def __getattr__(self, name):
        return getattr(np, name)

    concat = staticmethod(np.concatenate)
    permute_dims = staticmethod(np.transpose)
    unique_values = staticmethod(np.unique)
    pow = staticmethod(np.power)

    @staticmethod
    def astype(x, dtype):
        return x.astype(dtype)

    @staticmethod
    def cumulative_sum(x, axis=None):
        return np.cumsum(x, axis=axis)

    @staticmethod
    def matrix_transpose(x):
        return np.swapaxes(x, -1, -2)

    def __init__(self, stable_argsort=False):
        # The standard's argsort is stable (as gingham's is); NumPy's default quicksort is not, and faster. The
        # sweep times NumPy's default and checks results against the stable order (equal keys by position).
        if stable_argsort:
            self.argsort = lambda x, axis=-1: np.argsort(x, axis=axis, kind="stable")

    class linalg:  # noqa: N801  (the namespace's name)
        matmul = staticmethod(np.matmul)
        solve = staticmethod(np.linalg.solve)
        cholesky = staticmethod(np.linalg.cholesky)
        inv = staticmethod(np.linalg.inv)
        qr = staticmethod(np.linalg.qr)

        @staticmethod
        def vector_norm(x, axis=None):
            return np.linalg.norm(x, axis=axis)

        @staticmethod
        def vecdot(x, y, axis=-1):
            return np.sum(x * y, axis=axis)


def shapes(n):
    """The 2-D shape (rows, columns) with n elements and the linear algebra matrix order."""
    rows = 1000 if n >= 10**6 else max(1, int(math.sqrt(n)))
    return (rows, n // rows), max(8, int(math.sqrt(min(n, 4 * 10**6))))


def host_inputs(n, seed=7):
    """The NumPy data every namespace's inputs are made of (the same values for gingham and NumPy)."""
    rng = np.random.default_rng(seed)
    (rows, columns), order = shapes(n)
    a = rng.random(order * order).reshape(order, order)
    inputs = {
        "x": rng.random(n), "y": rng.random(n), "i": rng.integers(0, 1000, n), "m": rng.random((rows, columns)),
        "k": rng.random((rows, columns)), "idx": rng.integers(0, n, n // 10), "sorted_idx": np.sort(rng.integers(0, n, n // 10)),
        "values": rng.integers(0, 1000, 100), "sorted": np.sort(rng.random(n)), "few": rng.integers(0, 10, n).astype(np.float64),
        "spd": a @ a.T + order * np.eye(order), "a": a, "b": rng.random(order),
        "along": rng.integers(0, columns, (rows, columns)),
    }
    inputs["reversed"] = np.ascontiguousarray(inputs["sorted"][::-1])
    return inputs


# Host arrays that stay NumPy arrays on both sides (index arrays and value lists given by the user's program).
HOST_ONLY = ("idx", "sorted_idx", "values")


def make_inputs(host, to_array, to_cyclic=None, device=None):
    """The inputs of one namespace: to_array(numpy_array) makes each array (host index arrays stay NumPy, and
    are also given as arrays: idx_array, values_array); to_cyclic makes y in a Cyclic layout (y_cyclic);
    creation functions are called with device=`device` when one is given (inputs["on"])."""
    inputs = {name: value if name in HOST_ONLY else to_array(value) for name, value in host.items()}
    inputs["on"] = {} if device is None else {"device": device}
    inputs["idx_array"], inputs["values_array"] = to_array(host["idx"]), to_array(host["values"])
    inputs["y_cyclic"] = (to_cyclic or to_array)(host["y"])
    inputs["mask"] = inputs["x"] > 0.5
    inputs["n"] = host["x"].shape[0]
    return inputs


def operations():
    """(family, name, function(xp, d)) for every operation of the sweep."""
    ops = [
        ("creation", "zeros(n)", lambda xp, d: xp.zeros(d["n"], **d["on"])),
        ("creation", "ones(n)", lambda xp, d: xp.ones(d["n"], **d["on"])),
        ("creation", "full(n, 2.5)", lambda xp, d: xp.full(d["n"], 2.5, **d["on"])),
        ("creation", "arange(n)", lambda xp, d: xp.arange(d["n"], **d["on"])),
        ("creation", "linspace(0, 1, n)", lambda xp, d: xp.linspace(0.0, 1.0, d["n"], **d["on"])),
        ("creation", "ones_like(x)", lambda xp, d: xp.ones_like(d["x"])),
        ("creation", "eye(sqrt n)", lambda xp, d: xp.eye(int(math.sqrt(d["n"])), **d["on"])),
        ("creation", "tril(m)", lambda xp, d: xp.tril(d["m"])),
        ("elementwise", "x + y", lambda xp, d: d["x"] + d["y"]),
        ("elementwise", "x * y", lambda xp, d: d["x"] * d["y"]),
        ("elementwise", "x * 2 + 1", lambda xp, d: d["x"] * 2 + 1),
        ("elementwise", "x ** 2", lambda xp, d: d["x"] ** 2),
        ("elementwise", "x / y", lambda xp, d: d["x"] / d["y"]),
        ("elementwise", "exp(x)", lambda xp, d: xp.exp(d["x"])),
        ("elementwise", "sin(x)", lambda xp, d: xp.sin(d["x"])),
        ("elementwise", "sqrt(x)", lambda xp, d: xp.sqrt(d["x"])),
        ("elementwise", "log(x)", lambda xp, d: xp.log(d["x"])),
        ("elementwise", "abs(x)", lambda xp, d: xp.abs(d["x"])),
        ("elementwise", "x > y", lambda xp, d: d["x"] > d["y"]),
        ("elementwise", "where(x > 0.5, x, y)", lambda xp, d: xp.where(d["mask"], d["x"], d["y"])),
        ("elementwise", "astype(x, float32)", lambda xp, d: xp.astype(d["x"], xp.float32)),
        ("elementwise", "i + 1 (int64)", lambda xp, d: d["i"] + 1),
        ("elementwise", "m + k (2-D)", lambda xp, d: d["m"] + d["k"]),
        ("elementwise", "m + x row (broadcast)", lambda xp, d: d["m"] + d["k"][0]),
        ("elementwise", "x + y_cyclic (mixed layouts)", lambda xp, d: d["x"] + d["y_cyclic"]),
        ("reduction", "sum(x)", lambda xp, d: xp.sum(d["x"])),
        ("reduction", "mean(x)", lambda xp, d: xp.mean(d["x"])),
        ("reduction", "std(x)", lambda xp, d: xp.std(d["x"])),
        ("reduction", "max(x)", lambda xp, d: xp.max(d["x"])),
        ("reduction", "argmax(x)", lambda xp, d: xp.argmax(d["x"])),
        ("reduction", "prod(x)", lambda xp, d: xp.prod(d["x"])),
        ("reduction", "any(mask)", lambda xp, d: xp.any(d["mask"])),
        ("reduction", "count_nonzero(mask)", lambda xp, d: xp.count_nonzero(d["mask"])),
        ("reduction", "vector_norm(x)", lambda xp, d: xp.linalg.vector_norm(d["x"])),
        ("reduction", "sum(m, axis=0)", lambda xp, d: xp.sum(d["m"], axis=0)),
        ("reduction", "sum(m, axis=1)", lambda xp, d: xp.sum(d["m"], axis=1)),
        ("reduction", "max(m, axis=0)", lambda xp, d: xp.max(d["m"], axis=0)),
        ("reduction", "argmax(m, axis=1)", lambda xp, d: xp.argmax(d["m"], axis=1)),
        ("reduction", "mean(m, axis=1)", lambda xp, d: xp.mean(d["m"], axis=1)),
        ("reduction", "cumulative_sum(x)", lambda xp, d: xp.cumulative_sum(d["x"])),
        ("reduction", "cumulative_sum(m, axis=1)", lambda xp, d: xp.cumulative_sum(d["m"], axis=1)),
        ("indexing", "x[1000:-1000]", lambda xp, d: d["x"][1000:-1000]),
        ("indexing", "x[::3]", lambda xp, d: d["x"][::3]),
        ("indexing", "x[::-1]", lambda xp, d: d["x"][::-1]),
        ("indexing", "m[:, 7]", lambda xp, d: d["m"][:, 7]),
        ("indexing", "x[mask]", lambda xp, d: d["x"][d["mask"]]),
        ("indexing", "x[idx] (host, random)", lambda xp, d: d["x"][d["idx"]]),
        ("indexing", "x[idx] (host, sorted)", lambda xp, d: d["x"][d["sorted_idx"]]),
        ("indexing", "take(x, idx)", lambda xp, d: xp.take(d["x"], d["idx_array"])),
        ("indexing", "take_along_axis(m, along, 1)", lambda xp, d: xp.take_along_axis(d["m"], d["along"], axis=1)),
        ("indexing", "nonzero(mask)", lambda xp, d: xp.nonzero(d["mask"])),
        ("indexing", "x[idx] = 0.5 (host idx)", lambda xp, d: d["x"].__setitem__(d["idx"], 0.5)),
        ("manipulation", "concat([x, y])", lambda xp, d: xp.concat([d["x"], d["y"]])),
        ("manipulation", "concat([m, k], axis=0)", lambda xp, d: xp.concat([d["m"], d["k"]], axis=0)),
        ("manipulation", "concat([m, k], axis=1)", lambda xp, d: xp.concat([d["m"], d["k"]], axis=1)),
        ("manipulation", "stack([x, y])", lambda xp, d: xp.stack([d["x"], d["y"]])),
        ("manipulation", "roll(x, 1000)", lambda xp, d: xp.roll(d["x"], 1000)),
        ("manipulation", "tile(x, 2)", lambda xp, d: xp.tile(d["x"], (2,))),
        ("manipulation", "repeat(x, 2)", lambda xp, d: xp.repeat(d["x"], 2)),
        ("manipulation", "flip(x)", lambda xp, d: xp.flip(d["x"])),
        ("manipulation", "reshape(x, (rows, -1))", lambda xp, d: xp.reshape(d["x"], (1000, -1))),
        ("manipulation", "permute_dims(m) (moves data)", lambda xp, d: xp.permute_dims(d["m"], (1, 0))),
        ("manipulation", "broadcast_to(row, m.shape)", lambda xp, d: xp.broadcast_to(d["k"][0], d["m"].shape)),
        ("sort/search/sets", "sort(x)", lambda xp, d: xp.sort(d["x"])),
        ("sort/search/sets", "sort(sorted)", lambda xp, d: xp.sort(d["sorted"])),
        ("sort/search/sets", "sort(10 distinct)", lambda xp, d: xp.sort(d["few"])),
        ("sort/search/sets", "sort(reversed)", lambda xp, d: xp.sort(d["reversed"])),
        ("sort/search/sets", "argsort(x)", lambda xp, d: xp.argsort(d["x"])),
        ("sort/search/sets", "searchsorted(sorted, x)", lambda xp, d: xp.searchsorted(d["sorted"], d["x"])),
        ("sort/search/sets", "unique_values(i)", lambda xp, d: xp.unique_values(d["i"])),
        ("sort/search/sets", "isin(i, values)", lambda xp, d: xp.isin(d["i"], d["values_array"])),
        ("random", "default_rng(1).random(n)", lambda xp, d: xp.random.default_rng(1).random(d["n"], **d["on"])),
        ("random", "standard_normal(n)", lambda xp, d: xp.random.default_rng(1).standard_normal(d["n"], **d["on"])),
        ("random", "integers(0, 1000, n)", lambda xp, d: xp.random.default_rng(1).integers(0, 1000, d["n"], **d["on"])),
        ("random", "permutation(n // 10)", lambda xp, d: xp.random.default_rng(1).permutation(d["n"] // 10, **d["on"])),
        ("fft", "fft(x)", lambda xp, d: xp.fft.fft(d["x"])),
        ("fft", "rfft(x)", lambda xp, d: xp.fft.rfft(d["x"])),
        ("fft", "fftn(m)", lambda xp, d: xp.fft.fftn(d["m"])),
        ("fft", "rfftn(m)", lambda xp, d: xp.fft.rfftn(d["m"])),
        ("fft", "fft(m, axis=0)", lambda xp, d: xp.fft.fft(d["m"], axis=0)),
        ("linalg", "matmul(a, a)", lambda xp, d: xp.linalg.matmul(d["a"], d["a"])),
        ("linalg", "solve(a, b)", lambda xp, d: xp.linalg.solve(d["a"], d["b"])),
        ("linalg", "cholesky(spd)", lambda xp, d: xp.linalg.cholesky(d["spd"])),
        ("linalg", "inv(a)", lambda xp, d: xp.linalg.inv(d["a"])),
        ("linalg", "qr(a)", lambda xp, d: xp.linalg.qr(d["a"])),
        ("linalg", "vecdot(m, k)", lambda xp, d: xp.linalg.vecdot(d["m"], d["k"])),
        ("linalg", "matrix_transpose(a) (moves data)", lambda xp, d: xp.matrix_transpose(d["a"])),
    ]
    return ops

"""xarray on gingham arrays (issue 20), with implicit gathers set to raise: DataArray and Dataset
construction, arithmetic, isel/sel, reductions with the default skipna over each dimension, std/var with
ddof, where, concat, transpose, rolling(...).mean(), groupby over a coordinate, shift, quantile and
xarray.testing.assert_equal. Each operation runs on a gingham-backed object and on the NumPy-backed one
built from the same values: the result's .data must be a gingham array (nothing fell back to NumPy, nothing
was gathered) and equal NumPy's, on several layouts."""

import numpy as np
import pytest
from helpers import all_ranks

import gingham as gg

xr = pytest.importorskip("xarray")

GRID_2D = gg.ProcessGrid((0, 0))

# 9 times x 5 places: NaNs scattered, one place all NaN in the first three times.
VALUES = np.arange(45, dtype=np.float64).reshape(9, 5) * 0.75 - 10
VALUES[[1, 4, 7], [2, 0, 4]] = np.nan
VALUES[:3, 3] = np.nan
COORDS = {"time": np.arange(9) * 0.5, "x": np.array([0.0, 1.0, 2.5, 4.0, 7.0]),
          "season": ("time", np.array([0, 1, 2, 0, 1, 2, 0, 1, 2]))}


WEIGHTS = xr.DataArray(np.array([1.0, 2.0, 0.5, 1.0, 3.0]), dims="x")


def _layouts():
    return {
        "block": lambda a: gg.asarray(a),
        "cyclic": lambda a: gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.Cyclic(), None))),
        "grid_2d": lambda a: gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.BlockCyclic(2), gg.Cyclic()),
                                                                        grid=GRID_2D)),
        "along_x": lambda a: gg.asarray(a, distribution=gg.Distribution(a.shape, (None, gg.Block()))),
    }


LAYOUTS = _layouts()


@pytest.fixture(autouse=True)
def gathers_raise():
    """Every test here runs with implicit gathers refused: a silent gather fails it on every rank."""
    previous = gg.set_implicit_gather("raise")
    before = gg.implicit_gather_statistics()
    yield before  # a test that gathers on purpose updates it
    gg.set_implicit_gather(previous)
    assert gg.implicit_gather_statistics() == before


def _pair(layout, values=VALUES):
    wrapped = xr.DataArray(LAYOUTS[layout](values), dims=("time", "x"), coords=COORDS, name="u")
    reference = xr.DataArray(values, dims=("time", "x"), coords=COORDS, name="u")
    return wrapped, reference


def expect_same(got, want):
    """Collective: ``got`` (gingham-backed) holds gingham arrays equal to ``want``'s NumPy data, with the same
    dims and coordinates."""
    if isinstance(want, xr.Dataset):
        assert isinstance(got, xr.Dataset) and set(got.data_vars) == set(want.data_vars)
        for name in want.data_vars:
            expect_same(got[name], want[name])
        return
    assert isinstance(got, xr.DataArray), type(got)
    assert all_ranks(isinstance(got.data, gg.Array)), f"{type(got.data).__name__} instead of gingham.Array"
    whole = gg.to_numpy(got.data)
    expected = want.values
    ok = got.dims == want.dims and whole.shape == expected.shape and whole.dtype == expected.dtype
    if ok:
        ok = bool(np.allclose(whole, expected, rtol=1e-12, atol=1e-12, equal_nan=True)) if expected.dtype.kind in "fc" \
            else bool(np.array_equal(whole, expected))
    assert all_ranks(ok), f"{got.dims} {whole!r} ({whole.dtype}) != {want.dims} {expected!r} ({expected.dtype})"
    for name, coordinate in want.coords.items():
        assert name in got.coords and np.array_equal(np.asarray(got.coords[name].values), coordinate.values)


OPERATIONS = {
    "arithmetic": lambda d: (d * 2 + 1) / (abs(d) + 1) - d ** 2,
    "with_numpy_operand": lambda d: d + np.arange(5.0),
    "ufunc": lambda d: np.exp(d / 20) + np.sin(d),
    "isel": lambda d: d.isel(time=slice(2, 7), x=[0, 3, 4]),
    "isel_point": lambda d: d.isel(time=4),
    "sel": lambda d: d.sel(x=2.5),
    "sel_slice": lambda d: d.sel(time=slice(1.0, 3.0)),
    "sel_nearest": lambda d: d.sel(x=[1.2, 3.9], method="nearest"),
    "mean_time": lambda d: d.mean("time"),
    "mean_x": lambda d: d.mean("x"),
    "mean_all": lambda d: d.mean(),
    "sum_time": lambda d: d.sum("time"),
    "sum_x": lambda d: d.sum("x"),
    "min_time": lambda d: d.min("time"),
    "max_x": lambda d: d.max("x"),
    "prod_x": lambda d: (d / 10).prod("x"),
    "median_time": lambda d: d.median("time"),
    "count_x": lambda d: d.count("x"),
    "std_time": lambda d: d.std("time"),
    "std_ddof": lambda d: d.std("time", ddof=1),
    "var_ddof": lambda d: d.var("x", ddof=1),
    "mean_skipna_false": lambda d: d.mean("time", skipna=False),
    "cumsum_time": lambda d: d.cumsum("time"),
    "quantile": lambda d: d.quantile([0.25, 0.5], dim="time"),
    "where": lambda d: d.where(d > 0),
    "where_other": lambda d: d.where(d > 0, -1.0),
    "fillna": lambda d: d.fillna(0.0),
    "isnull": lambda d: d.isnull(),
    "notnull_any": lambda d: d.notnull().any("time"),
    "all_x": lambda d: (d > -5).all("x"),
    "concat": lambda d: xr.concat([d, d * 2], dim="time"),
    "concat_new_dim": lambda d: xr.concat([d, d + 1], dim="run"),
    "transpose": lambda d: d.transpose(),
    "transpose_named": lambda d: d.transpose("x", "time"),
    "rolling_mean": lambda d: d.rolling(time=2).mean(),
    "rolling_mean_center": lambda d: d.rolling(time=3, center=True).mean(),
    "rolling_sum_x": lambda d: d.rolling(x=2, min_periods=1).sum(),
    "groupby_mean": lambda d: d.groupby("season").mean(),
    "groupby_sum": lambda d: d.groupby("season").sum("time"),
    "shift": lambda d: d.shift(time=2),
    "diff": lambda d: d.diff("time"),
    "round": lambda d: d.round(1),
    "argmax": lambda d: d.fillna(-100).argmax("time"),
    "clip": lambda d: d.clip(-3, 4),
    "dot": lambda d: d.fillna(0).dot(WEIGHTS),
    "weighted_mean": lambda d: d.weighted(WEIGHTS).mean("x"),
    "coarsen_mean": lambda d: d.coarsen(time=3).mean(),
    "sortby": lambda d: d.sortby("x", ascending=False),
    "stack": lambda d: d.stack(z=("time", "x")),
    "differentiate": lambda d: d.differentiate("x"),
    "differentiate_time": lambda d: d.differentiate("time", edge_order=2),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_operation_stays_distributed_and_matches_numpy(operation, layout):
    wrapped, reference = _pair(layout)
    expect_same(OPERATIONS[operation](wrapped), OPERATIONS[operation](reference))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_dataset(layout):
    wrapped, reference = _pair(layout)
    other_values = np.cos(VALUES)
    ds = xr.Dataset({"u": wrapped, "v": (("time", "x"), LAYOUTS[layout](other_values))})
    ds_reference = xr.Dataset({"u": reference, "v": (("time", "x"), other_values)})
    for operation in (lambda s: s, lambda s: s.mean("time"), lambda s: s.std("x", ddof=1), lambda s: s.isel(time=3),
                      lambda s: s.sel(x=slice(1.0, 4.0)), lambda s: s * 2 - s["u"], lambda s: s.where(s["u"] > 0),
                      lambda s: s.groupby("season").mean(), lambda s: s.rolling(time=2).mean()):
        expect_same(operation(ds), operation(ds_reference))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_assert_equal_and_identical(layout, gathers_raise):
    wrapped, _ = _pair(layout)
    xr.testing.assert_equal(wrapped, wrapped.copy())
    xr.testing.assert_identical(wrapped, wrapped.copy())
    xr.testing.assert_allclose(wrapped, wrapped + 1e-12)
    gg.set_implicit_gather("allow")  # xarray's failure report prints the values: an explicit choice to gather
    with pytest.raises(AssertionError):
        xr.testing.assert_equal(wrapped, wrapped + 1)
    gg.set_implicit_gather("raise")
    gathers_raise.update(gg.implicit_gather_statistics())


def test_integer_data():
    """Integer data: xarray 2023.01 reduces it with the array's own Array API namespace (gg.sum, gg.max), whose
    mean/std/var take floating point only and no ddof (the standard's signatures): convert with astype(float)."""
    ints = (np.arange(45, dtype=np.int64).reshape(9, 5) * 7) % 11
    wrapped, reference = _pair("block", ints)
    for operation in (lambda d: d.sum("time"), lambda d: d.max("x"), lambda d: d.where(d > 3),
                      lambda d: d.rolling(time=2).sum(), lambda d: d.astype(float).mean("x"),
                      lambda d: d.astype(float).std("time", ddof=1)):
        expect_same(operation(wrapped), operation(reference))


def test_an_implicit_gather_raises_on_every_rank():
    from helpers import raised_everywhere

    wrapped, _ = _pair("block")
    outcome = raised_everywhere(lambda: wrapped.values)
    assert outcome is not None and outcome[0] == "ImplicitGatherError"
    assert "shape (9, 5)" in outcome[1] and "360 bytes" in outcome[1] and "xarray" in outcome[1]  # the call site

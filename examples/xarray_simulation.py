"""xarray over gingham arrays: label, reduce, select and save a simulation's output without gathering it.

    mpirun -np 3 /usr/bin/python3 examples/xarray_simulation.py --nx 600 --steps 200 --every 10 --output run.h5

A 1-D advection-diffusion run on a periodic line of nx points, spread over all ranks (Block along x): each
step is two gg.roll calls (the neighbours' values cross the block boundaries, nothing else moves) and
elementwise updates. Every ``--every`` steps the field is kept; the snapshots are stacked into one gingham
array of shape (time, x), still spread along x, and wrapped in an xarray Dataset with labelled time and
space coordinates and a few derived variables. Then, with implicit gathers set to raise (so a silent
gather would stop the run):

- a reduction over time (the time-mean and standard deviation at each point, ddof=1),
- a selection (a window of x by label, and the snapshot nearest a given time),
- a rolling mean over time,
- a save of the Dataset's variables and coordinates through gingham's parallel HDF5 path (gg.save to an
  .h5 file, one dataset per variable, the attributes attached),

each result's .data still a gingham array. On small runs everything is checked against the same
computation with NumPy-backed xarray on every rank and against the file read back; "check passed" ends it.
"""
import argparse
import os

import numpy as np
import xarray as xr
from mpi4py import MPI

import gingham as gg

VELOCITY, DIFFUSION = 0.4, 0.2  # Courant and diffusion numbers (stable)
SERIAL_CHECK_LIMIT = 10**7  # the NumPy check runs when nx * snapshots is at most this


def parse_arguments():
    """The command line, checked (argparse exits with status 2 on every rank alike for a bad one)."""
    parser = argparse.ArgumentParser(description="xarray Dataset over a distributed simulation's output.")
    parser.add_argument("--nx", type=int, default=600, help="points on the periodic line (default 600)")
    parser.add_argument("--steps", type=int, default=200, help="time steps (default 200)")
    parser.add_argument("--every", type=int, default=10, help="keep a snapshot every this many steps (default 10)")
    parser.add_argument("--output", default=None, help="the HDF5 file to write (default: xarray_simulation.h5, removed at the end)")
    arguments = parser.parse_args()
    if arguments.nx < 3 or arguments.steps < 1 or not 1 <= arguments.every <= arguments.steps:
        parser.error("expected nx >= 3, steps >= 1 and 1 <= every <= steps")
    return arguments


def initial_field(x):
    """A smooth bump and a step on the periodic line [0, 1) (host or gingham x alike)."""
    return np.exp(-200.0 * (x - 0.3) ** 2) + np.where((x > 0.6) & (x < 0.7), 0.5, 0.0)


def step(u):
    """One upwind advection + diffusion step (periodic): two rolls and elementwise work."""
    left, right = np.roll(u, 1), np.roll(u, -1)
    return u - VELOCITY * (u - left) + DIFFUSION * (left - 2 * u + right)


def simulate(u, steps, every):
    """The snapshots of u every ``every`` steps (the first is the initial field)."""
    snapshots = [u]
    for n in range(1, steps + 1):
        u = step(u)
        if n % every == 0:
            snapshots.append(u)
    return snapshots


def dataset(field, x, times):
    """The run as an xarray Dataset: the field and where it exceeds one half, labelled by time and x."""
    u = xr.DataArray(field, dims=("time", "x"), coords={"time": times, "x": x}, name="u",
                     attrs={"long_name": "concentration", "velocity": VELOCITY, "diffusion": DIFFUSION})
    return xr.Dataset({"u": u, "above_half": u > 0.5}, attrs={"model": "advection-diffusion"})


def analyse(ds):
    """The derived quantities: reductions over time, selections by label, a rolling mean."""
    u = ds["u"]
    return {
        "time_mean": u.mean("time"),
        "time_std": u.std("time", ddof=1),
        "peak_time": u.max("x"),
        "window": u.sel(x=slice(0.25, 0.45)),
        "at_time": u.sel(time=0.5 * float(ds.time[-1]), method="nearest"),
        "rolling_mean": u.rolling(time=3, center=True).mean(),
        "snapshots_above_half": ds["above_half"].sum("time"),
    }


def main():
    arguments = parse_arguments()
    comm = MPI.COMM_WORLD
    gg.set_implicit_gather("raise")  # a silent gather of the run's output would stop here, on every rank

    x_host = np.arange(arguments.nx) / arguments.nx
    u0 = initial_field(gg.asarray(x_host))  # Block along x over every rank
    field = gg.stack(simulate(u0, arguments.steps, arguments.every), axis=0)  # (time, x), still Block along x
    times = np.arange(field.shape[0]) * arguments.every * 1e-3
    ds = dataset(field, x_host, times)
    results = analyse(ds)
    assert all(isinstance(r.data, gg.Array) for r in results.values()), "a result fell back to NumPy"

    path = arguments.output or "xarray_simulation.h5"  # in the working directory, which every rank sees
    arrays = {name: ds[name].data for name in ds.data_vars}
    arrays.update({"time_mean": results["time_mean"].data, "time": gg.asarray(ds.time.values),
                   "x": gg.asarray(ds.x.values)})
    gg.save(path, arrays,
            attrs={"velocity": VELOCITY, "diffusion": DIFFUSION, "every": arguments.every})

    mean_range = (float(results["time_mean"].min()), float(results["time_mean"].max()))  # collective: every rank
    if comm.rank == 0:
        print(f"{field.shape[0]} snapshots of {arguments.nx} points on {comm.size} ranks; time-mean range "
              f"[{mean_range[0]:.4f}, {mean_range[1]:.4f}]; saved to {path}")
    if arguments.nx * field.shape[0] <= SERIAL_CHECK_LIMIT:
        check(ds, results, arguments, path, comm)
    comm.Barrier()
    if arguments.output is None and comm.rank == 0:
        os.remove(path)


def check(ds, results, arguments, path, comm):
    """The same run with NumPy-backed xarray on every rank, and the file read back; prints "check passed"."""
    x_host = ds.x.values
    serial = np.stack(simulate(initial_field(x_host), arguments.steps, arguments.every))
    reference = analyse(dataset(serial, x_host, ds.time.values))
    worst = 0.0
    for name, result in results.items():
        got, want = gg.to_numpy(result.data), reference[name].values
        assert got.shape == want.shape and result.dims == reference[name].dims, name
        worst = max(worst, float(np.nanmax(np.abs(got.astype(float) - want.astype(float)), initial=0.0)))
    loaded = gg.load(path, dataset="u")
    worst = max(worst, float(np.max(np.abs(gg.to_numpy(loaded) - serial))))
    ok = comm.allreduce(worst < 1e-12, op=MPI.LAND)
    if comm.rank == 0:
        print(f"max difference from NumPy-backed xarray {worst:.1e}")
        print("check passed" if ok else "check FAILED")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

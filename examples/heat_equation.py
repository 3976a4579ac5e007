"""A stencil simulation: 2-D heat diffusion on a periodic grid, distributed over all ranks, restartable.

    mpirun -np 4 /usr/bin/python3 examples/heat_equation.py --n 96 --steps 50
    mpirun -np 4 /usr/bin/python3 examples/heat_equation.py --n 512 --steps 4000 \\
        --checkpoint-every 100 --checkpoint-dir ckpt --restart --output final.npy

The initial field is built with gg.fromfunction, each rank computing its own shard. Each step exchanges
one ghost layer with the neighbouring shards (split-phase: the interior update could run while the ghosts
travel) and applies the 5-point Laplacian to the local shard with NumPy. Diagnostics use the Array API
namespace (gg.sum, gg.max). When the run is small, the result is checked against the same computation
done serially with NumPy on every rank (the maximum difference is printed: it is 0, bit for bit).

Checkpoints (``--checkpoint-every N``): every N steps the field is saved with gg.save to
``DIR/heat-step-<step, 8 digits>.npy`` (parallel and atomic, so a file with that name is complete); once a
save has returned on every rank, rank 0 removes the older checkpoints beyond the last two. ``--restart``
loads the checkpoint with the highest step in DIR into this run's layout (any rank count) and continues
from that step; with no checkpoint it starts from the initial condition and says so. Every operation is
elementwise and correctly rounded (no exp: the initial condition is rational), so the final field is the
same bit for bit on any rank count, interrupted and restarted or not, and in examples/heat_equation.cpp,
which writes and reads the same checkpoint files.
"""
import argparse
import os
import re

import numpy as np
from mpi4py import MPI

import gingham as gg

ALPHA = 0.2  # diffusion number (stable below 0.25)
CHECKPOINT_NAME = re.compile(r"heat-step-(\d{8,})\.npy")  # gingham's temporaries start with "." and never match
CHECKPOINTS_KEPT = 2
SERIAL_CHECK_LIMIT = 10**8  # the serial NumPy check runs when n * n * steps is at most this


def parse_arguments():
    """The command line, checked (argparse exits with status 2 on every rank alike for a bad one)."""
    parser = argparse.ArgumentParser(description="2-D heat diffusion with checkpoints and restart.")
    parser.add_argument("--n", type=int, default=96, help="grid points per side (default 96)")
    parser.add_argument("--steps", type=int, default=50, help="total number of time steps (default 50)")
    parser.add_argument("--checkpoint-every", type=int, default=0, metavar="N",
                        help="save a checkpoint every N steps (default 0: never)")
    parser.add_argument("--checkpoint-dir", default="heat-checkpoints", metavar="DIR",
                        help="where checkpoints are written and looked for (default heat-checkpoints)")
    parser.add_argument("--restart", action="store_true",
                        help="continue from the latest checkpoint in DIR (or start afresh if there is none)")
    parser.add_argument("--output", metavar="FILE", help="save the final field to this .npy file")
    args = parser.parse_args()
    if args.n < 1:
        parser.error(f"--n: expected a grid size of at least 1, got {args.n}")
    if args.steps < 0:
        parser.error(f"--steps: expected a number of steps of at least 0, got {args.steps}")
    if args.checkpoint_every < 0:
        parser.error(f"--checkpoint-every: expected 0 (never) or a positive interval, got {args.checkpoint_every}")
    return args


def checkpoint_path(directory, step):
    """The checkpoint file of ``step`` in ``directory``."""
    return os.path.join(directory, f"heat-step-{step:08d}.npy")


def checkpoint_steps(directory):
    """Local. The steps of the checkpoints in ``directory``, ascending (none when it does not exist)."""
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return []
    return sorted(int(match.group(1)) for match in map(CHECKPOINT_NAME.fullmatch, names) if match)


def latest_checkpoint(directory, grid):
    """Collective. The highest checkpoint step in ``directory`` (None when there is none): rank 0 lists the
    directory and broadcasts its choice, so every rank loads the same file."""
    with gg.collective_errors(grid):
        steps = checkpoint_steps(directory) if MPI.COMM_WORLD.rank == 0 else None
    return MPI.COMM_WORLD.bcast(steps[-1] if steps else None, root=0)


def save_checkpoint(u, directory, step, grid):
    """Collective. Saves ``u`` as the checkpoint of ``step``, then (rank 0) removes all but the last two."""
    with gg.collective_errors(grid):
        if MPI.COMM_WORLD.rank == 0:
            os.makedirs(directory, exist_ok=True)
    path = checkpoint_path(directory, step)
    gg.save(path, u)  # atomic: returns (on rank 0 too) only once every rank's part is written and the file renamed
    with gg.collective_errors(grid):
        if MPI.COMM_WORLD.rank == 0:
            for old in checkpoint_steps(directory)[:-CHECKPOINTS_KEPT]:
                try:
                    os.remove(checkpoint_path(directory, old))
                except FileNotFoundError:
                    pass
    return path


def advance(u):
    """Collective. One explicit Euler step of the heat equation: u += ALPHA * (5-point Laplacian of u)."""
    u.begin_halo_exchange()
    inner = u.local_with_halo  # shard plus one ghost layer on every side
    core = inner[1:-1, 1:-1]
    laplacian = np.empty_like(core)
    # The interior (which needs no ghosts) could be updated here while the ghosts travel; read-only until end.
    u.end_halo_exchange()
    laplacian[...] = inner[:-2, 1:-1] + inner[2:, 1:-1] + inner[1:-1, :-2] + inner[1:-1, 2:] - 4 * core
    core += ALPHA * laplacian


def serial_reference(initial, steps):
    """Local. The same simulation done serially with NumPy (the same operations in the same order)."""
    serial = initial.copy()
    for _ in range(steps):
        serial += ALPHA * (np.roll(serial, 1, 0) + np.roll(serial, -1, 0) + np.roll(serial, 1, 1)
                           + np.roll(serial, -1, 1) - 4 * serial)
    return serial


def main():
    """Runs the simulation as the command line says."""
    args = parse_arguments()
    n, steps = args.n, args.steps
    rank = MPI.COMM_WORLD.rank
    grid = gg.ProcessGrid((0, 0))  # a 2-D grid chosen by MPI_Dims_create
    layout = gg.Distribution((n, n), (gg.Block(), gg.Block()), grid=grid)
    halo = gg.Halo(1, periodic=True, stencil="star")

    def initial_condition(i, j):
        """A bump centred at (0.3, 0.6) of the unit square, at global grid indices (i, j). Rational, so that
        it is correctly rounded and the same bit for bit in NumPy and C++ (exp differs in the last bit)."""
        s = 50 * ((i / n - 0.3) ** 2 + (j / n - 0.6) ** 2)
        return 1 / (1 + s * s)

    start = latest_checkpoint(args.checkpoint_dir, grid) if args.restart else None
    if start is None:
        if args.restart and rank == 0:
            print(f"no checkpoint in {args.checkpoint_dir}: starting from the initial condition at step 0", flush=True)
        start = 0
        # Each rank computes only its own shard of the initial field (no rank holds the whole of it).
        u = gg.fromfunction(initial_condition, (n, n), distribution=layout, halo=halo)
    else:
        if start > steps:
            raise ValueError(f"--restart: the latest checkpoint in {args.checkpoint_dir} is at step {start}, "
                             f"beyond --steps {steps}")
        path = checkpoint_path(args.checkpoint_dir, start)
        u = gg.asarray(gg.load(path, distribution=layout), halo=halo)  # into this run's layout, any rank count
        if rank == 0:
            print(f"restarted from step {start} ({path}) on {MPI.COMM_WORLD.size} ranks", flush=True)

    for step in range(start + 1, steps + 1):
        advance(u)
        if args.checkpoint_every and step % args.checkpoint_every == 0:
            path = save_checkpoint(u, args.checkpoint_dir, step, grid)
            if rank == 0:
                print(f"checkpoint at step {step}: {path}", flush=True)

    if args.output:
        gg.save(args.output, u)
    heat, peak = float(gg.sum(u)), float(gg.max(u))
    if n * n * steps <= SERIAL_CHECK_LIMIT:
        difference = float(np.max(np.abs(np.asarray(u) - serial_reference(np.fromfunction(initial_condition, (n, n)),
                                                                          steps))))
        check = f"max difference from serial NumPy {difference:.1e}"
    else:
        check = f"serial NumPy check skipped (n*n*steps > {SERIAL_CHECK_LIMIT:.0e})"
    if rank == 0:
        print(f"heat equation {n}x{n}, {steps} steps on {grid.dims} ranks: total heat {heat:.6f}, peak {peak:.6f}, "
              f"{check}", flush=True)


if __name__ == "__main__":
    main()

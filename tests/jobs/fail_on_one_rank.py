"""A job in which one rank raises and the others go on into a collective: importing gingham under several
ranks must make the uncaught exception abort the whole job (test_one_rank_failure.py runs it under mpirun).

Usage: fail_on_one_rank.py <failing rank>
"""
import sys

from mpi4py import MPI

import gingham as gg

failing = int(sys.argv[1]) if len(sys.argv) > 1 else 1
x = gg.arange(12)
if MPI.COMM_WORLD.rank == failing % MPI.COMM_WORLD.size:
    raise KeyError(f"planned failure on rank {MPI.COMM_WORLD.rank}")
total = int(gg.sum(x))  # a collective the failing rank never joins: without the abort, this waits forever
print(f"rank {MPI.COMM_WORLD.rank} computed {total}", flush=True)

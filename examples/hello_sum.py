"""The smallest gingham program in Python: a distributed arange(10) and its collective sum.

    mpirun -np 4 /usr/bin/python3 examples/hello_sum.py
"""
from mpi4py import MPI

import gingham as gg

x = gg.arange(10, dtype=gg.float64)   # block-distributed over all ranks
total = float(x.sum())                # collective; the 0-D result is replicated on every rank
comm = MPI.COMM_WORLD
print(f"[rank {comm.rank} of {comm.size}] local shard {x.local.tolist()}, sum = {total}", flush=True)

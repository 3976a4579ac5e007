"""Harness self-test (not collected by default): rank 1 skips a barrier the others wait in. The test
timeout must turn the hang into a failure."""

import pytest
from mpi4py import MPI


@pytest.mark.timeout(5)
def test_hangs_because_rank_one_skips_a_barrier():
    if MPI.COMM_WORLD.rank != 1:
        MPI.COMM_WORLD.Barrier()

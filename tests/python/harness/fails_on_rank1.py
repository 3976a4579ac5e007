"""Harness self-test (not collected by default): an assertion that fails on rank 1 only.
Run on 2 ranks, the run must fail and report the failure as [rank 1]."""

from mpi4py import MPI


def test_fails_on_rank_one_only():
    assert MPI.COMM_WORLD.rank != 1, "deliberate failure on rank 1"


def test_later_tests_still_run_on_every_rank():
    MPI.COMM_WORLD.Barrier()

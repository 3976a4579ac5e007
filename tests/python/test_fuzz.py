"""The differential fuzzer (fuzzer.py) on a fixed set of seeds: random operations across the namespace on
random shapes, dtypes, layouts and grids, each checked against NumPy (values, dtype, every shard, errors
raised alike on every rank). The long run is scripts/fuzz.sh; a failure here prints its seed and the
command that replays it alone."""

import pytest
from helpers import COMM

import fuzzer

GRIDS = fuzzer.make_grids(COMM)
BLOCKS = 4
TRIALS_PER_BLOCK = 60


@pytest.mark.parametrize("block", range(BLOCKS))
def test_random_operations_match_numpy(block):
    first = 1_000_000 + block * TRIALS_PER_BLOCK
    counts, failures = fuzzer.run_trials(range(first, first + TRIALS_PER_BLOCK), COMM, grids=GRIDS)
    report = "\n".join(f"{message}\n  replay: scripts/fuzz.sh {COMM.size} 1 {seed}" for seed, message in failures)
    assert not failures, f"{len(failures)} of {TRIALS_PER_BLOCK} trials failed:\n{report}"
    assert counts.get("ok", 0) > TRIALS_PER_BLOCK // 2, f"too few trials compared values: {counts}"


def test_a_failing_trial_is_reported_on_every_rank_with_its_seed():
    """The fuzzer's own check: a trial whose gingham result is wrong fails on every rank, naming its seed."""
    trial = fuzzer.Trial(7, COMM, GRIDS)
    import numpy as np

    import gingham as gg
    x = gg.asarray(np.arange(5.0))
    with pytest.raises(fuzzer.Failure, match="seed 7"):
        trial._compare(lambda: np.arange(5.0) + 1, lambda: x, trial.same())
    with pytest.raises(fuzzer.Failure, match="NumPy raises ValueError"):
        trial._compare(lambda: np.reshape(np.arange(5.0), (2, 3)), lambda: x, trial.same())

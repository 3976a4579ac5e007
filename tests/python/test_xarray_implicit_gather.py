"""Implicit gathers made visible (issue 20): gg.set_implicit_gather("allow" | "warn" | "raise") and the
environment variable GINGHAM_IMPLICIT_GATHER decide what __array__ (np.asarray, any library calling it) does
with a distributed array; the counter of implicit gathers and their bytes; explicit gathers and arrays every
rank holds whole are not implicit gathers."""

import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere

import gingham as gg


@pytest.fixture(autouse=True)
def restore_mode():
    previous = gg.implicit_gather()
    yield
    gg.set_implicit_gather(previous)


def test_allow_gathers_and_counts():
    gg.set_implicit_gather("allow")
    x = gg.asarray(np.arange(12.0).reshape(3, 4))
    before = gg.implicit_gather_statistics()
    assert all_ranks(np.array_equal(np.asarray(x), np.arange(12.0).reshape(3, 4)))
    after = gg.implicit_gather_statistics()
    assert all_ranks(after == {"count": before["count"] + 1, "bytes": before["bytes"] + 96})


def test_warn_once_per_call_site():
    gg.set_implicit_gather("warn")
    x = gg.arange(10)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            np.asarray(x)  # one call site, three gathers: one warning
        np.asarray(x + 1)  # another call site
    messages = [str(w.message) for w in caught if issubclass(w.category, gg.ImplicitGatherWarning)]
    assert all_ranks(len(messages) == 2), messages
    assert all_ranks(all("shape (10,)" in m and "80 bytes" in m and "test_xarray_implicit_gather.py" in m
                         for m in messages))


def test_raise_on_every_rank_naming_the_call_and_the_size():
    gg.set_implicit_gather("raise")
    x = gg.zeros((6, 5), dtype=gg.float32)
    before = gg.implicit_gather_statistics()
    outcome = raised_everywhere(lambda: np.asarray(x))
    assert outcome is not None and outcome[0] == "ImplicitGatherError"
    for text in ("shape (6, 5)", "float32", "120 bytes", f"each of {COMM.size} ranks", "test_xarray_implicit_gather.py",
                 "gg.to_numpy(x)"):
        assert text in outcome[1], (text, outcome[1])
    assert all_ranks(gg.implicit_gather_statistics() == before)


def test_explicit_gathers_and_arrays_held_whole_are_not_implicit():
    gg.set_implicit_gather("raise")
    a = np.arange(8.0)
    x = gg.asarray(a)
    replicated = gg.asarray(a, distribution=gg.Distribution((8,), (None,)))
    assert all_ranks(np.array_equal(gg.to_numpy(x), a) and x.tolist() == a.tolist())
    assert all_ranks(np.array_equal(np.asarray(replicated), a) and float(np.asarray(gg.sum(x))) == 28.0)
    assert all_ranks("gingham.Array" in repr(x) and float(x.sum()) == 28.0)


def test_bad_modes_are_refused():
    for mode in ("never", None, "RAISE "):
        outcome = raised_everywhere(lambda mode=mode: gg.set_implicit_gather(mode))
        assert outcome is not None and outcome[0] == "ValueError" and "allow" in outcome[1]


def test_the_environment_variable_sets_the_mode_at_import():
    if COMM.rank != 0:
        return
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OMPI_", "PMIX_", "PRTE_"))}
    script = ("import gingham as gg, numpy as np\n"
              "print(gg.implicit_gather())\n"
              "try:\n    np.asarray(gg.arange(3))\nexcept gg.ImplicitGatherError:\n    print('refused')\n")
    for value, expected in (("raise", "raise\nrefused"), ("warn", "warn"), ("", "allow")):
        environment["GINGHAM_IMPLICIT_GATHER"] = value
        done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0 and done.stdout.strip() == expected, done.stderr[-2000:]
    environment["GINGHAM_IMPLICIT_GATHER"] = "sometimes"
    done = subprocess.run([sys.executable, "-c", "import gingham"], env=environment, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode != 0 and "GINGHAM_IMPLICIT_GATHER" in done.stderr

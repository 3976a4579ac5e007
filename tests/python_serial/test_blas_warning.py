"""The warning at import when OpenBLAS runs generic kernels on a CPU with AVX2 (issue 18, point 6): forced
here with OPENBLAS_CORETYPE=Prescott, which OpenBLAS obeys on any x86-64 CPU."""

import os
import subprocess
import sys

import pytest

import gingham as gg
from gingham import _core

IMPORT = "import warnings; warnings.simplefilter('always'); import gingham"


def run_import(**environment):
    env = dict(os.environ, **environment)
    return subprocess.run([sys.executable, "-c", IMPORT], env=env, capture_output=True, text=True, timeout=120)


def test_generic_kernels_on_an_avx2_cpu_are_warned_about_once_at_import():
    if _core.cpu_simd_level() not in ("AVX2", "AVX-512"):
        pytest.skip("this CPU has no AVX2: OpenBLAS's generic kernels are the right ones")
    result = run_import(OPENBLAS_CORETYPE="Prescott")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("RuntimeWarning: OpenBLAS runs its Prescott kernels") == 1, result.stderr
    assert "OPENBLAS_CORETYPE=" in result.stderr


def test_the_warning_follows_the_kernel_in_use():
    machine = gg._machine.machine()
    expected = _core.generic_blas_warning(machine["openblas_kernel"], machine["simd"])
    result = run_import()
    assert result.returncode == 0, result.stderr
    assert ("OpenBLAS runs its" in result.stderr) == bool(expected), result.stderr

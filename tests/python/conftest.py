"""pytest under MPI: rank 0 reports; other ranks' failures are collected and shown by rank 0; every rank
exits with the worst status, so a failure on any one rank fails the run.

Run: ``scripts/mpi-launch.sh 3 600 /usr/bin/python3 -m pytest tests/python`` (or plain pytest: 1 rank).
"""

import pytest
from mpi4py import MPI

COMM = MPI.COMM_WORLD
RANK, SIZE = COMM.rank, COMM.size


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    config._mpi_failures = []
    if RANK != 0:  # ranks above 0 print nothing of their own
        reporter = config.pluginmanager.getplugin("terminalreporter")
        if reporter is not None:
            config.pluginmanager.unregister(reporter)


def pytest_report_header(config):
    return f"MPI: {SIZE} rank(s), {MPI.Get_library_version().splitlines()[0]}"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    pytest_runtest_logreport.config = session.config


def pytest_runtest_logreport(report):
    if report.failed:
        pytest_runtest_logreport.config._mpi_failures.append(
            (report.nodeid, report.when, report.location, report.longreprtext))


def pytest_sessionfinish(session, exitstatus):
    if SIZE == 1:
        return
    per_rank = COMM.gather(session.config._mpi_failures, root=0)
    session.exitstatus = COMM.allreduce(int(session.exitstatus), op=MPI.MAX)
    if RANK == 0:
        _count_failures_of_other_ranks(session.config, per_rank)


def _count_failures_of_other_ranks(config, per_rank):
    """On rank 0: a test that failed on any rank counts as failed in the closing line. A test that failed
    only elsewhere becomes a failed report here (shown under FAILURES); further failures of a test that
    already failed are listed in a section of their own."""
    config._mpi_more_failures = []
    reporter = config.pluginmanager.getplugin("terminalreporter")
    if reporter is None:
        return
    failed_ids = {report.nodeid for report in reporter.stats.get("failed", [])}
    for rank, failures in enumerate(per_rank[1:], start=1):
        for nodeid, when, location, text in failures:
            if nodeid in failed_ids:
                config._mpi_more_failures.append((rank, nodeid, when, text))
                continue
            failed_ids.add(nodeid)
            reporter.stats["passed"] = [r for r in reporter.stats.get("passed", []) if r.nodeid != nodeid]
            reporter.stats.setdefault("failed", []).append(pytest.TestReport(
                nodeid=nodeid, location=location, keywords={}, outcome="failed", when=when,
                longrepr=f"[rank {rank}] FAILED {nodeid} ({when})\n{text}"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    more = getattr(config, "_mpi_more_failures", None)
    if RANK != 0 or not more:
        return
    terminalreporter.section("the same tests failed on other MPI ranks too", sep="=", red=True)
    for rank, nodeid, when, text in more:
        terminalreporter.write_line(f"[rank {rank}] FAILED {nodeid} ({when})\n{text}")


@pytest.fixture
def comm():
    """The world communicator (mpi4py)."""
    return COMM

"""bench/analyze.py's measuring harness (the benchmark itself is run by hand, not here)."""

from __future__ import annotations

import importlib.util
import os

import pytest

from paths import ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_analyze", ROOT / "bench" / "analyze.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_child_reports_its_own_peak_memory_and_cpu(bench):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    wall, peak_kib, cpu = bench._run_child(bench.CUBATUI, ["--version"], env)
    assert wall > 0 and cpu > 0
    assert 5_000 < peak_kib < 1_000_000  # an interpreter: a few MiB, not bytes nor GiB


def test_failing_child_stops_the_benchmark(bench):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with pytest.raises(SystemExit, match="benchmark child failed"):
        bench._run_child(bench.CUBATUI, ["analyze", "/no/such/file.txt"], env)

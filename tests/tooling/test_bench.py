"""`make bench` (benchmarks/grade_throughput.py) on a tiny class: it finishes, writes
results.json with the figures the README quotes, and counts the student nbgrader cannot
autograde instead of stopping there."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "grade_throughput.py"


def test_bench_on_a_tiny_class(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    # Four students of conv1 (correct, partial, stub, broken); nbgrader gets the broken
    # one alone, whose first notebook is cut short: `nbgrader autograde` exits non-zero.
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--sizes=4",
            "--assignments=conv1",
            "--nbgrader-students=broken-03",
            "--jobs=1",
            "--no-dask",  # measured by `make bench`; graded through Dask in test_distributed
            f"--results={results}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    found = json.loads(results.read_text())
    for key in ("ratio_whole_run", "ratio_per_student", "isolation_overhead", "per_size"):
        assert key in found, key
    assert found["sizes"] == [4] and set(found["per_size"]) == {"4"}
    assert found["exercises"] == ["corr2d", "diagonal_edge", "transposes"]
    assert found["machine"]["cores"] and found["machine"]["cpu_model"] is not None
    assert found["date"] and len(found["machine"]["load_average_start"]) == 3
    assert found["nbgrader"]["failed"] == ["broken-03/conv1"]
    assert found["nbgrader"]["students"] == 1
    # Both sides did real work: CPU time counted for each (the sandboxed workers too).
    paths = found["paths"]
    assert paths["checks only, sandboxed, 1 process"]["cpu_s"] > 0
    assert paths["checks only, in process, no isolation"]["cpu_s"] > 0
    assert found["nbgrader"]["cpu_s"] > 0 and found["ratio_whole_run"] > 0
    assert isinstance(found["isolation_overhead"], float)
    assert found["dask"] == {"status": "not measured (--no-dask)"}
    assert "nbgrader failed on 1 of 1" in done.stdout


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--sizes=ten", "give class sizes"),
        ("--sizes=0", "at least one class size"),
        ("--sizes=10,50 --compare-size=5", "give one of the --sizes"),
    ],
)
def test_bad_sizes_are_a_clear_error(option: str, message: str) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *option.split()], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode != 0 and message in done.stderr, done.stderr

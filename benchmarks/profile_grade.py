"""Where one ``autograder grade`` spends its CPU time, step by step.

    python benchmarks/profile_grade.py CLASS --jobs 1            # any grade options
    python benchmarks/profile_grade.py CLASS --jobs 1 --cprofile parent.prof

Runs the command in this process, with the pipeline's steps wrapped in timers of CPU
time (never wall time: the machine is shared), and prints: the parent's own CPU per
step (imports, reference warm-up, grading, exports, class report), the CPU of the
processes it waited for (the grading processes), and, where cgroup v1's ``cpuacct``
can be written (root), the whole process tree's CPU, the sandboxed workers included.
The sandbox's share is the tree's less the other two. ``--cprofile FILE`` also writes
a profile of the parent, timed on CPU (``python -m pstats FILE``).
"""

from __future__ import annotations

import cProfile
import importlib
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_runs import CpuMeter  # noqa: E402

# (module, function): the steps of a grading run, in the order they run.
STEPS = [
    ("autograder.grading.engine", "warm_up"),
    ("autograder.grading.pool", "grade_batches"),
    ("autograder.outputs.gradebook", "record_scores"),
    ("autograder.outputs.feedback", "write_all"),
    ("autograder.pipeline", "similar_pairs"),
    ("autograder.outputs.report", "write_report"),
]


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(name: str, function: Callable[..., Any], marks: list[tuple[str, float, float]]) -> Any:
    def timed(*args: Any, **kwargs: Any) -> Any:
        own, waited = time.process_time(), _children_cpu()
        try:
            return function(*args, **kwargs)
        finally:
            marks.append((name, time.process_time() - own, _children_cpu() - waited))

    return timed


def main() -> None:
    argv = sys.argv[1:]
    profile_to = None
    if "--cprofile" in argv:
        at = argv.index("--cprofile")
        profile_to = argv[at + 1]
        del argv[at : at + 2]
    meter = CpuMeter()
    meter.join()
    marks: list[tuple[str, float, float]] = []
    started = time.process_time()
    from autograder.cli.main import main as cli  # the CLI's own imports, timed

    marks.append(("import the CLI and pipeline", time.process_time() - started, 0.0))
    for module_name, name in STEPS:
        module = importlib.import_module(module_name)
        wrapped = _timed(name, getattr(module, name), marks)
        for other in list(sys.modules.values()):  # and where it was imported by name
            if getattr(other, "__name__", "").startswith("autograder"):
                if getattr(getattr(other, name, None), "__module__", None) == module_name:
                    setattr(other, name, wrapped)
        setattr(module, name, wrapped)
    profiler = cProfile.Profile(time.process_time) if profile_to else None
    if profiler:
        profiler.enable()
    try:
        cli.main(["grade", *argv], standalone_mode=False)
    finally:
        if profiler and profile_to:
            profiler.disable()
            profiler.dump_stats(profile_to)
        own, waited = time.process_time() - started, _children_cpu()
        if meter.group is not None:  # out of the measured group, so that it can go
            (meter.group.parent / "cgroup.procs").write_text(str(os.getpid()))
        tree = meter.stop()
        print(f"\nCPU time ({meter.kind} for the tree):", file=sys.stderr)
        print(f"  this process        {own:7.2f} s", file=sys.stderr)
        print(f"  waited-for children {waited:7.2f} s (grading processes)", file=sys.stderr)
        if meter.group is not None:
            rest = "(the rest: the sandboxed workers)"
            print(f"  whole tree          {tree:7.2f} s {rest}", file=sys.stderr)
        for name, self_s, children_s in marks:
            print(f"    {name:32s} self {self_s:6.2f}  children {children_s:6.2f}", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()

"""The benchmark's figures: the machine, the ratios, the table, and results.json.

Ratios are taken on CPU time (user + system of each command's whole process tree), so
a machine loaded by other work while one side ran does not tilt them; students per
second (wall clock, what an instructor waits for) are reported beside them, and the
ratios on wall-clock throughput too.

- whole run: everything a command costs (start-up included) over its students;
- per additional student: the slope between the smallest and the largest class
  (nbgrader: its whole cost less one empty ``nbgrader autograde`` per assignment);
- isolation overhead: the sandboxed checks (one grading process) against the same
  checks in process, as a fraction of the in-process time, split into start-up (the
  intercept) and per student (the slope).
"""

from __future__ import annotations

import os
import platform
from datetime import datetime, timezone
from pathlib import Path

from bench_runs import Timed


def machine() -> dict[str, object]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def line_fit(points: dict[int, Timed], attr: str) -> tuple[float | None, float]:
    """(seconds per additional student, start-up seconds) from the smallest and the
    largest class; no slope from one size (then all of it counts per student)."""
    sizes = sorted(points)
    small, big = sizes[0], sizes[-1]
    y_small, y_big = getattr(points[small], attr), getattr(points[big], attr)
    if big == small:
        return None, 0.0
    slope = (y_big - y_small) / (big - small)
    return slope, y_small - slope * small


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return round(a / b, 3)


def _fmt(value: object, spec: str, none: str = "-") -> str:
    return format(value, spec) if isinstance(value, int | float) else none


def summarize(
    *,
    jobs: int,
    engine_n: dict[int, Timed],
    engine_1: dict[int, Timed],
    sandboxed: dict[int, Timed],
    in_process: dict[int, Timed],
    nb: dict[str, object],
    nb_timed: Timed,
    nb_startup_cpu: float,
    dask: dict[str, object],
) -> dict[str, object]:
    """results.json's figures (everything but the machine and the options)."""
    big = max(engine_n)
    m = int(str(nb["students"]))
    nb_cpu_whole = nb_timed.cpu_s / m if m else None
    nb_cpu_each = (nb_timed.cpu_s - nb_startup_cpu) / m if m else None
    eng_slope, eng_start = line_fit(engine_n, "cpu_s")
    eng_whole = engine_n[big].cpu_s / big
    iso_slope, iso_start = line_fit(sandboxed, "cpu_s")
    inp_slope, inp_start = line_fit(in_process, "cpu_s")
    nb_rate = m / nb_timed.wall_s if m else None
    per_size = {
        str(size): {
            "wall_s": round(t.wall_s, 2),
            "cpu_s": round(t.cpu_s, 2),
            "wall_s_per_student": round(t.wall_s / size, 3),
            "cpu_s_per_student": round(t.cpu_s / size, 3),
            "students_per_s": round(size / t.wall_s, 3),
        }
        for size, t in sorted(engine_n.items())
    }

    def path(points: dict[int, Timed]) -> dict[str, object]:
        slope, start = line_fit(points, "cpu_s")
        t = points[max(points)]
        return {
            "students": max(points),
            "wall_s": round(t.wall_s, 2),
            "cpu_s": round(t.cpu_s, 2),
            "students_per_s": round(max(points) / t.wall_s, 3),
            "cpu_s_per_additional_student": _round(slope),
            "cpu_s_start_up": round(start, 2),
            "by_size": {str(s): [round(p.wall_s, 2), round(p.cpu_s, 2)] for s, p in points.items()},
        }

    return {
        "ratio_whole_run": ratio(nb_cpu_whole, eng_whole),
        "ratio_per_student": ratio(nb_cpu_each, eng_slope),
        "ratio_whole_run_wall": ratio(big / engine_n[big].wall_s, nb_rate),
        "isolation_overhead": round(
            sandboxed[max(sandboxed)].cpu_s / in_process[max(in_process)].cpu_s - 1, 3
        ),
        "isolation_overhead_per_student": None
        if iso_slope is None or not inp_slope
        else round(iso_slope / inp_slope - 1, 3),
        "isolation_start_up_cpu_s": {
            "sandboxed": round(iso_start, 2),
            "in_process": round(inp_start, 2),
        },
        "per_size": per_size,
        "paths": {
            f"engine --jobs {jobs}": path(engine_n),
            "engine --jobs 1": path(engine_1),
            "checks only, sandboxed, 1 process": path(sandboxed),
            "checks only, in process, no isolation": path(in_process),
        },
        "engine_start_up_cpu_s": round(eng_start, 2),
        "nbgrader": {
            **nb,
            "wall_s": round(nb_timed.wall_s, 2),
            "cpu_s": round(nb_timed.cpu_s, 2),
            "students_per_s": _round(nb_rate),
            "cpu_s_per_student_whole_run": _round(nb_cpu_whole),
            "cpu_s_start_up": round(nb_startup_cpu, 2),
            "cpu_s_per_additional_student": _round(nb_cpu_each),
        },
        "dask": dask,
    }


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def print_report(results: dict[str, object]) -> None:
    """The figures, as a table and a few lines."""
    paths = results["paths"]
    nb = results["nbgrader"]
    assert isinstance(paths, dict) and isinstance(nb, dict)
    print(
        f"\n{'path':<42} {'students':>8} {'wall s':>8} {'CPU s':>8} {'students/s':>10} "
        f"{'CPU s/student':>13} {'start-up':>8}"
    )
    print(
        f"{'nbgrader autograde (serial, subset)':<42} {nb['students']:>8} {nb['wall_s']:>8.1f} "
        f"{nb['cpu_s']:>8.1f} {_fmt(nb['students_per_s'], '10.3f')} "
        f"{_fmt(nb['cpu_s_per_additional_student'], '13.2f')} {nb['cpu_s_start_up']:>7.1f}s"
    )
    for label, p in paths.items():
        print(
            f"{label:<42} {p['students']:>8} {p['wall_s']:>8.1f} {p['cpu_s']:>8.1f} "
            f"{p['students_per_s']:>10.3f} {_fmt(p['cpu_s_per_additional_student'], '13.2f')} "
            f"{p['cpu_s_start_up']:>7.1f}s"
        )
    print(
        f"nbgrader failed on {len(nb['failed'])} of {nb['students']} students' assignments "
        f"(counted, not fatal): {', '.join(nb['failed']) or 'none'}"
    )
    print(
        f"\nengine / nbgrader, CPU time: {_fmt(results['ratio_whole_run'], '.1f')}x over the "
        f"whole run (start-up included), {_fmt(results['ratio_per_student'], '.1f')}x per "
        f"additional student (target >= 30x); students/s (wall): "
        f"{_fmt(results['ratio_whole_run_wall'], '.1f')}x"
    )
    start = results["isolation_start_up_cpu_s"]
    assert isinstance(start, dict)
    print(
        f"isolation overhead (sandboxed against in-process, CPU): "
        f"{_fmt(results['isolation_overhead'], '+.0%')} whole run, "
        f"{_fmt(results['isolation_overhead_per_student'], '+.0%')} per additional student "
        f"(target <= +30%); start-up {start['sandboxed']:.1f} s against "
        f"{start['in_process']:.1f} s"
    )
    print("\nengine by class size (whole command, start-up included):")
    per_size = results["per_size"]
    assert isinstance(per_size, dict)
    for size, row in per_size.items():
        print(
            f"  {size:>5} students: {row['wall_s']:7.1f} s wall, {row['cpu_s']:7.1f} s CPU, "
            f"{row['cpu_s_per_student']:6.2f} CPU s/student, {row['students_per_s']:6.2f} "
            "students/s"
        )
    print(f"\ndask: {results['dask']}")

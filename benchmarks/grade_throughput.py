"""Whole-course grading throughput: this engine against plain ``nbgrader autograde``.

    python benchmarks/grade_throughput.py                       # `make bench`: 3 and 6
    python benchmarks/grade_throughput.py --sizes 10,50,200,1000 --compare-size 10

Builds and releases the whole course (every assignment, every exercise) in a scratch
folder, writes a generated class from the released notebooks (``bench_class``), then
times, each as a whole command on this machine in this run (``bench_runs``):
``autograder grade`` with ``--jobs`` = all cores at every size, and with ``--jobs 1``;
the checks alone, sandboxed and in process (the isolation's cost); ``nbgrader
autograde`` of every assignment on the first ``--nbgrader-students`` students (its
per-student failures counted, never fatal); and the Dask path with one and two local
workers where ``autograder.grading.distributed`` exists. It prints students per second,
the engine/nbgrader ratios (CPU time: whole run and per additional student), the
isolation overhead and the time per student at each size (``bench_report``), and writes
them to ``benchmarks/results.json`` (``--results``) with the machine and the date.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import bench_runs  # noqa: E402
from bench_report import machine, print_report, summarize  # noqa: E402

if TYPE_CHECKING:
    from bench_class import BenchClass


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    except ValueError:
        raise SystemExit(
            f"--sizes {text!r}: give class sizes separated by commas, e.g. 10,50"
        ) from None
    if not sizes or sizes[0] < 1:
        raise SystemExit(f"--sizes {text!r}: give at least one class size of 1 or more")
    return sizes


def _picked(text: str) -> int | list[str]:
    """``--nbgrader-students``: a count, or student names separated by commas."""
    if text.strip().isdigit():
        return int(text)
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise SystemExit("--nbgrader-students: give a number or names, e.g. 2 or broken-03")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="3,6",
        help="class sizes (default 3,6: 10-13 minutes on 2 loaded cores; multiples of "
        "6 have the same mix of kinds); the full growth table is --sizes 10,50,200,1000",
    )
    parser.add_argument(
        "--nbgrader-students",
        default="1",
        help="nbgrader autograde grades the first N students (default 1: about 100 CPU s "
        "each for the whole course), or these students, by name (e.g. broken-03)",
    )
    parser.add_argument(
        "--nbgrader-timeout",
        type=int,
        default=40,
        help="nbgrader's per-cell timeout, s (default 40: the engine's wall-clock backstop "
        "of one call); a runaway student costs nbgrader that much",
    )
    parser.add_argument(
        "--assignments", default="", help="only these assignments (default: all), e.g. conv1"
    )
    parser.add_argument(
        "--compare-size",
        type=int,
        default=None,
        help="the largest class the comparisons run on (engine --jobs 1, the checks "
        "sandboxed and in process, Dask); default: the largest size. With --sizes "
        "10,50,200,1000, e.g. --compare-size 50: the larger classes then run the engine "
        "alone, the growth table",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--no-dask",
        dest="dask",
        action="store_false",
        help="leave out the Dask path (one and two local workers against the local pool)",
    )
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--mode", choices=["sandboxed", "in-process"], help=argparse.SUPPRESS)
    parser.add_argument("klass", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--exercises", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:  # a child run: the checks alone
        bench_runs.run_checks_only(args.mode, args.klass, args.out, args.exercises.split(","))
        return
    run(args)


def run(args: argparse.Namespace) -> None:
    # Imported here: building a course imports nbgrader (seconds), after the options.
    from bench_class import build_class, first_students

    from autograder.course.model import CoursePaths

    sizes = _sizes(args.sizes)
    limit = sizes[-1] if args.compare_size is None else args.compare_size
    if limit < sizes[0]:
        raise SystemExit(
            f"--compare-size {limit}: give one of the --sizes ({args.sizes}) or a larger number"
        )
    compare = max(size for size in sizes if size <= limit)
    started_on = machine()
    paths = CoursePaths(bench_runs.ROOT)
    course = paths.load()
    chosen = [a for a in args.assignments.split(",") if a] or [a.id for a in course.assignments]
    picked = _picked(args.nbgrader_students)
    m = picked if isinstance(picked, int) else 0
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        work = Path(tmp)
        wanted = (
            [int(n.rsplit("-", 1)[-1]) + 1 for n in picked if n.rsplit("-", 1)[-1].isdigit()]
            if isinstance(picked, list)
            else []
        )
        klass = build_class(paths, course, work, max([*sizes, m, *wanted]), chosen)
        names = klass.names[:m] if isinstance(picked, int) else picked
        unknown = sorted(set(names) - set(klass.names))
        if unknown:
            raise SystemExit(f"--nbgrader-students: no student {', '.join(unknown)} in the class")
        ex = klass.exercises
        print(
            f"course: {len(klass.assignments)} assignment(s), {len(ex)} exercises; classes of "
            f"{', '.join(map(str, sizes))} from the released notebooks (kinds in turn: correct, "
            f"partial, stub, broken, cheater, runaway); {os.cpu_count()} cores, load "
            f"{started_on['load_average_start']}",
            flush=True,
        )
        engine_n, engine_1, sandboxed, in_process = {}, {}, {}, {}
        for size in sizes:
            folder = first_students(klass, size, work / f"class-{size}")
            out = work / f"out-{size}"
            engine_n[size] = bench_runs.engine(folder, out / "n", ex, args.jobs)
            print(
                f"  {size} students: engine --jobs {args.jobs} {engine_n[size].wall_s:.1f} s "
                f"({engine_n[size].cpu_s:.1f} CPU s)",
                flush=True,
            )
            if size == compare:  # the whole run; the checks alone give the slopes
                engine_1[size] = (
                    engine_n[size]
                    if args.jobs == 1
                    else bench_runs.engine(folder, out / "1", ex, 1)
                )
            if size in (sizes[0], compare):
                sandboxed[size] = bench_runs.checks_only("sandboxed", folder, out / "s", ex)
                in_process[size] = bench_runs.checks_only("in-process", folder, out / "p", ex)
                print(
                    f"  {size} students: checks sandboxed {sandboxed[size].wall_s:.1f} s "
                    f"({sandboxed[size].cpu_s:.1f} CPU s), in process "
                    f"{in_process[size].wall_s:.1f} s ({in_process[size].cpu_s:.1f} CPU s)",
                    flush=True,
                )
        # nbgrader's own start-up, once per command: an assignment with no submissions.
        empty = bench_runs.nbgrader(
            klass.course_dir, klass.submitted, [], chosen[:1], args.nbgrader_timeout
        )
        nb_run = bench_runs.nbgrader(
            klass.course_dir, klass.submitted, names, chosen, args.nbgrader_timeout
        )
        print(
            f"  nbgrader autograde, {len(names)} students: {nb_run.timed.wall_s:.1f} s", flush=True
        )
        dask = (
            measure_dask(klass, work, compare, args.jobs)
            if args.dask
            else {"status": "not measured (--no-dask)"}
        )
    nb = {
        "students": nb_run.students,
        "notebooks": nb_run.notebooks,
        "failed": nb_run.failed,
        "cell_timeout_s": args.nbgrader_timeout,
        "names": names,
    }
    results = summarize(
        jobs=args.jobs,
        engine_n=engine_n,
        engine_1=engine_1,
        sandboxed=sandboxed,
        in_process=in_process,
        nb=nb,
        nb_timed=nb_run.timed,
        nb_startup_cpu=empty.timed.cpu_s * len(chosen),
        dask=dask,
    )
    everything = {
        "machine": {**started_on, "load_average_end": [round(x, 2) for x in os.getloadavg()]},
        "date": started_on["date"],
        "sizes": sizes,
        "compare_size": compare,
        "assignments": chosen,
        "exercises": ex,
        "jobs": args.jobs,
        **results,
    }
    print_report(everything)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(everything, indent=1) + "\n")
    print(f"\nwrote {args.results}")


def measure_dask(klass: BenchClass, work: Path, size: int, jobs: int) -> dict[str, object]:
    """The Dask path on 1 and 2 local workers against the local pool, where it exists."""
    why_not = bench_runs.dask_available()
    if why_not:
        return {"status": why_not}
    folder = work / f"class-{size}"
    found: dict[str, object] = {"status": "measured", "students": size}
    for workers in (1, 2):
        try:
            run = bench_runs.dask(folder, work / f"dask-{workers}", klass.exercises, workers)
        except (SystemExit, Exception) as error:  # work in progress elsewhere: say so
            return {"status": f"failed: {str(error)[-500:]}"}
        local = bench_runs.engine(folder, work / f"local-{workers}", klass.exercises, workers)
        found[f"{workers} worker(s)"] = {
            "wall_s": round(run.wall_s, 2),
            "local_pool_wall_s": round(local.wall_s, 2),
            "overhead": round(run.wall_s / local.wall_s - 1, 3),
        }
    return found


if __name__ == "__main__":
    main()

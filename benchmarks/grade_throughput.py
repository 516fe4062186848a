"""Grading throughput: this engine against plain ``nbgrader autograde``, same class.

    python benchmarks/grade_throughput.py                # 60 students, nbgrader on 12
    python benchmarks/grade_throughput.py --students 200 --sizes 10,50,200

Generates a class of synthetic notebook submissions of the corr2d exercise (about half
correct, a quarter partially wrong, the rest stubs or broken notebooks), then times,
each as a whole command on this machine in this run:

- ``nbgrader autograde``: an nbgrader course whose grade cell runs the same public
  and hidden checks inside the student's kernel (nbgrader's usual way: a fresh kernel
  per notebook, serial). On a subset (``--nbgrader-students``), as it is slow; its rate
  is students per second, which does not depend on the class size.
- ``autograder grade`` with ``--jobs`` = all cores, and with ``--jobs 1``;
- the same checks in one process without isolation (the engine's batches with an
  in-process transport instead of sandboxed workers): the isolation's cost is the
  ``--jobs 1`` run minus this one.

It prints students per second for each, the ratio engine / nbgrader, the isolation
overhead (per submission, and as a fraction of the in-process time), and how the
engine's time per student changes with the class size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.boundary.loader import read_cells  # noqa: E402

EXERCISE = "corr2d"
ASSIGNMENT = "bench"


# -- the class ------------------------------------------------------------------------
def _student_code(kind: str, rng: random.Random) -> str:
    solution = [c.source for c in read_cells(ROOT / "solutions" / f"{EXERCISE}.py")]
    solution = [c for c in solution if "run_public_checks" not in c]  # no self-check
    if kind == "correct":
        return "\n\n".join(solution)
    if kind == "partial":
        mutants = sorted((ROOT / "tests" / "mutants" / EXERCISE).glob("*.py"))
        return "\n\n".join(solution) + "\n\n" + rng.choice(mutants).read_text()
    stub = [c.source for c in read_cells(ROOT / "exercises" / f"{EXERCISE}.py")]
    stub = [c for c in stub if "run_public_checks" not in c]
    if kind == "stub":
        return "\n\n".join(stub)
    return "\n\n".join(stub) + "\n\nthis line is not python (\n"  # kind == "broken"


def _kinds(n: int, rng: random.Random) -> list[str]:
    kinds = ["correct"] * 10 + ["partial"] * 5 + ["stub"] * 3 + ["broken"] * 2
    return [kinds[i % len(kinds)] for i in rng.sample(range(n), n)]


def _checks_cell() -> str:
    """The grade cell: the same public and hidden checks, run in the student's kernel
    on the code of the cells above it (IPython keeps their text in ``In``)."""
    return f"""# Checks of {EXERCISE}
### BEGIN HIDDEN TESTS
import pathlib, tempfile
from autograder.course.model import CoursePaths
from autograder.course.verify import run_checks
_code = pathlib.Path(tempfile.mkdtemp()) / "{EXERCISE}.py"
_code.write_text("\\n# %%\\n".join(In[1:-1]))
_run = run_checks(CoursePaths(pathlib.Path({str(ROOT)!r})), ["{EXERCISE}"], impl=_code)
assert _run.score == _run.max_score, f"{{_run.score:g}}/{{_run.max_score:g}} points"
### END HIDDEN TESTS
"""


def _notebook(code: str, *, released: bool = True) -> nbformat.NotebookNode:
    """A notebook of the assignment; ``released=False`` is the instructor's source, whose
    grade cell still holds the hidden tests (nbgrader strips them for the release and
    puts them back when it autogrades)."""

    def meta(**nbgrader: object) -> dict[str, object]:
        return {"nbgrader": {"schema_version": 3, **nbgrader}}

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            code,
            metadata=meta(grade=False, solution=True, locked=False, grade_id="code", task=False),
        ),
        nbformat.v4.new_code_cell(
            _checks_cell().split("### BEGIN HIDDEN TESTS")[0] if released else _checks_cell(),
            metadata=meta(
                grade=True, solution=False, locked=True, grade_id="checks", points=26, task=False
            ),
        ),
    ]
    return nb


def make_class(folder: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = []
    for i, kind in enumerate(_kinds(n, rng)):
        name = f"student{i:04d}"
        (folder / name).mkdir(parents=True)
        text = nbformat.writes(_notebook(_student_code(kind, rng)))
        if kind == "broken" and i % 2:
            text = text[: len(text) // 2]  # a truncated (malformed JSON) notebook
        (folder / name / f"{EXERCISE}.ipynb").write_text(text)
        names.append(name)
    return names


# -- the three ways to grade it ------------------------------------------------------------
def _timed(argv: list[str], cwd: Path) -> float:
    # The environment's bin first: nbgrader calls its helpers (alembic) by name.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv[:4])} ... failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds


def time_engine(klass: Path, out: Path, jobs: int) -> float:
    autograder = Path(sys.executable).with_name("autograder")
    argv = [str(autograder), "grade", str(klass), "--out", str(out), "-e", EXERCISE]
    return _timed([*argv, "--force", "--jobs", str(jobs), "--seed", "1"], ROOT)


def time_in_process(klass: Path) -> float:
    return _timed([sys.executable, __file__, "--in-process", str(klass)], ROOT)


def time_nbgrader(klass: Path, names: list[str], work: Path) -> float:
    course = work / "nbgrader-course"
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    source_nb = _notebook(_student_code("correct", random.Random(0)), released=False)
    nbformat.write(source_nb, source / f"{EXERCISE}.ipynb")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.db_assignments = [dict(name={ASSIGNMENT!r})]\n"
        f"c.CourseDirectory.db_students = [{', '.join(f'dict(id={n!r})' for n in names)}]\n"
        "c.Execute.timeout = 120\n"
    )
    nbgrader = str(Path(sys.executable).with_name("nbgrader"))
    _timed([nbgrader, "db", "assignment", "add", ASSIGNMENT], course)
    for name in names:
        _timed([nbgrader, "db", "student", "add", name], course)
    _timed([nbgrader, "generate_assignment", ASSIGNMENT, "--force"], course)
    for name in names:
        target = course / "submitted" / name / ASSIGNMENT
        target.mkdir(parents=True)
        shutil.copy(klass / name / f"{EXERCISE}.ipynb", target / f"{EXERCISE}.ipynb")
        (target / "timestamp.txt").write_text("2026-11-20 12:00:00.000000 UTC")
    return _timed([nbgrader, "autograde", ASSIGNMENT, "--force"], course)


def run_in_process(klass: Path) -> None:
    """The baseline: the engine's batched pytest sessions, in this one process, with an
    in-process transport instead of sandboxed workers."""
    import torch

    from autograder.course.model import CoursePaths
    from autograder.grading.engine import InProcessHost, grade_batch
    from autograder.grading.students import find_students

    torch.set_num_threads(1)
    paths = CoursePaths(ROOT)
    course = paths.load()
    students = find_students(klass, [EXERCISE])
    for start in range(0, len(students), 16):
        grade_batch(
            paths=paths,
            course=course,
            host=InProcessHost(course.grading.call_timeout_s),
            students=students[start : start + 16],
            exercises=[EXERCISE],
            seed=1,
            on_student=lambda graded: None,
        )


# -- the report ------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--nbgrader-students", type=int, default=12)
    parser.add_argument(
        "--sizes", default="", help="class sizes for the growth table, e.g. 10,50,200"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--in-process", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        run_in_process(args.in_process)
        return
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        work = Path(tmp)
        n = args.students
        small = max(10, n // 4)
        klass, klass_small = work / "class", work / "class-small"
        names = make_class(klass, n, seed=2026)
        make_class(klass_small, small, seed=2026)
        print(
            f"class: {n} synthetic notebooks of {EXERCISE} (~50% correct, 25% partial, "
            f"15% stub, 10% broken); {os.cpu_count()} cores; also {small} students, to "
            "separate start-up from the cost per student"
        )
        timings: dict[str, tuple[float, float]] = {}
        for label, run in (
            (
                f"autograder grade --jobs {args.jobs}",
                lambda k: time_engine(k, work / "o", args.jobs),
            ),
            ("autograder grade --jobs 1", lambda k: time_engine(k, work / "o1", 1)),
            ("same checks in-process, no isolation", time_in_process),
        ):
            timings[label] = (run(klass_small), run(klass))
        subset = names[: args.nbgrader_students]
        m = len(subset)
        nbgrader = time_nbgrader(klass, subset, work)

        def per_student(label: str) -> float:
            t_small, t_big = timings[label]
            return (t_big - t_small) / (n - small)

        print(
            f"\n{'path':<40} {'students':>8} {'seconds':>8} {'students/s':>10} "
            f"{'per student':>11} {'start-up':>8}"
        )
        print(
            f"{'nbgrader autograde (serial)':<40} {m:>8} {nbgrader:>8.2f} {m / nbgrader:>10.2f} "
            f"{nbgrader / m * 1000:>9.0f}ms {'-':>8}"
        )
        for label, (t_small, t_big) in timings.items():
            marginal = per_student(label)
            print(
                f"{label:<40} {n:>8} {t_big:>8.2f} {n / t_big:>10.2f} "
                f"{marginal * 1000:>9.0f}ms {t_small - small * marginal:>7.2f}s"
            )
        engine_label = f"autograder grade --jobs {args.jobs}"
        engine, engine_1 = timings[engine_label][1], timings["autograder grade --jobs 1"][1]
        in_process = timings["same checks in-process, no isolation"][1]
        nb_rate = m / nbgrader
        print(
            f"\nthroughput, engine --jobs {args.jobs} / nbgrader: {n / engine / nb_rate:.1f}x "
            f"on the whole run of {n}; {1 / per_student(engine_label) / nb_rate:.0f}x per "
            "additional student (target >= 30x)"
        )
        isolated = per_student("autograder grade --jobs 1")
        plain = per_student("same checks in-process, no isolation")
        print(
            f"isolation overhead (--jobs 1 against in-process): {(isolated - plain) * 1000:.0f} "
            f"ms per submission ({isolated / plain - 1:+.0%} per student); "
            f"{engine_1 / in_process - 1:+.0%} on the whole run of {n}, start-up included "
            "(target <= +30%)"
        )
        sizes = [int(s) for s in args.sizes.split(",") if s]
        if sizes:
            print(
                f"\nengine (--jobs {args.jobs}) by class size (whole command, start-up included):"
            )
            for size in sizes:
                folder = work / f"class-{size}"
                make_class(folder, size, seed=size)
                seconds = time_engine(folder, work / f"out-{size}", args.jobs)
                print(
                    f"  {size:>4} students: {seconds:7.2f} s, {seconds / size * 1000:6.0f} ms "
                    f"per student, {size / seconds:5.2f} students/s"
                )
        results = {
            "students": n,
            "small": small,
            "nbgrader_students": m,
            "nbgrader_s": nbgrader,
            "timings_s": timings,
        }
        print("\n" + json.dumps(results))


if __name__ == "__main__":
    main()

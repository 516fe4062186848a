"""The student's self-check: run one exercise's public checks on their own work.

From a terminal, ``pytest tests/public/test_<id>.py`` does it. In a notebook, any cell
may call ``check("<id>")`` (every public check of the exercise) or
``check("<id>", "multi_in")`` (only the checks whose name contains ``multi_in``), in
the spirit of otter-grader's ``grader.check("q1")``. It checks the code of the cells
run so far in this very notebook (IPython keeps their text), not a file on disk, and
prints one compact line per check. Outside a notebook it checks ``exercises/<id>.py``.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course.model import CourseError, CoursePaths
from autograder.grading.manual import free_text_points, points_label
from autograder.grading.results import CheckResult

_WRITTEN: dict[tuple[str, str], Path] = {}
_SCRATCH: list[Path] = []  # this kernel's one folder of written code, removed at its exit
NOTEBOOK_LABEL = "this notebook's code (the cells run so far)"
# Cells that run checks are not part of the student's work.
_CELL_MARK = re.compile(r"^# %%", re.MULTILINE)  # a student's own: not a cell boundary here
_CHECK_CELLS = ("autograder.checks.gradecell", "autograder.checks.selfcheck", "run_public_checks")


def history_file(history: Sequence[str], exercise_id: str, notebook: Path | None = None) -> Path:
    """The code cells a kernel has run (IPython's ``In``, the running cell excluded) as a
    percent-format ``<exercise_id>.py`` whose cells are titled as the student sees them:
    ``# %% cell 9 (In [5])`` where the cell's text is found in the saved ``notebook``
    (its place among all cells), else ``# %% In [5]``. Cells that run checks are left
    out (so a check belongs in a cell of its own)."""
    places = _cell_places(notebook)
    cells = []
    for number, cell in enumerate(list(history)[:-1]):
        if number == 0 or not cell.strip() or any(mark in cell for mark in _CHECK_CELLS):
            continue
        where = f"In [{number}]"
        if cell.strip() in places:
            where = f"cell {places[cell.strip()]} ({where})"
        cells.append(f"# %% {where}\n{_CELL_MARK.sub('#  %%', cell)}\n")
    text = "".join(cells)
    key = (exercise_id, text)
    if key not in _WRITTEN:  # one file for all the grade cells of a notebook
        target = _scratch() / str(len(_WRITTEN)) / f"{exercise_id}.py"
        target.parent.mkdir()
        target.write_text(text, encoding="utf-8")
        _WRITTEN[key] = target
    return _WRITTEN[key]


def _scratch() -> Path:
    """One temporary folder per kernel for the code it checks, removed when the kernel
    exits (every self-check and every grade cell of ``nbgrader autograde`` writes one
    file; none is left in the machine's temporary folder)."""
    if not _SCRATCH:
        _SCRATCH.append(Path(tempfile.mkdtemp(prefix="autograder-kernel-")))
        atexit.register(shutil.rmtree, _SCRATCH[0], ignore_errors=True)
    return _SCRATCH[0]


def _cell_places(notebook: Path | None) -> dict[str, int]:
    """Code cell text -> its 1-based place among all cells of the saved notebook (the
    student's own file, on their own machine; {} if it cannot be read)."""
    if notebook is None:
        return {}
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        places: dict[str, int] = {}
        for place, cell in enumerate(cells, start=1):
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            if cell.get("cell_type") == "code":
                places.setdefault(text.strip(), place)
        return places
    except (OSError, ValueError, AttributeError, TypeError, RecursionError):
        return {}


def notebook_code(exercise_id: str) -> Path | None:
    """This notebook's code (``history_file``); None outside a notebook. Jupyter tells
    the kernel its notebook's path (``__session__``), used to name cells by place."""
    import __main__

    history = getattr(__main__, "In", None)
    if not isinstance(history, list) or len(history) < 2:
        return None
    session = getattr(__main__, "__session__", None) or os.environ.get("JPY_SESSION_NAME")
    notebook = None
    if isinstance(session, str) and session.endswith(".ipynb"):
        candidates = (Path(session), Path.cwd() / Path(session).name)
        notebook = next((c for c in candidates if c.is_file()), None)
    return history_file(history, exercise_id, notebook)


@dataclass
class CheckReport:
    """What ``check`` found: one exercise's public checks (or some of them)."""

    exercise: str
    checks: list[CheckResult] = field(default_factory=list)
    graded_out_of: str = ""  # "26", or "15 auto + 4 manual"
    problem: str = ""  # the checks could not run at all, and why

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.checks if c.counted)

    @property
    def counted(self) -> int:
        """Skipped checks count neither way."""
        return sum(c.counted for c in self.checks)

    @property
    def all_passed(self) -> bool:
        return not self.problem and all(c.passed for c in self.checks if c.counted)

    def headline(self) -> str:
        if self.problem:
            return f"{self.exercise}: the checks could not run ({self.problem})"
        return f"{self.exercise}: {self.passed} of {self.counted} public checks pass"

    def text(self) -> str:
        lines = [self.headline()]
        for check in self.checks:
            name = check.id.split("::", 1)[-1].removeprefix("test_")
            if check.outcome == "skipped":
                lines.append(f"  skip  {name}: {check.message}")
            elif check.passed:
                lines.append(f"  ok    {name}")
            else:
                lines.append(f"  FAIL  {name}: {check.message or check.outcome}")
        notes = list(dict.fromkeys(w for c in self.checks for w in c.warnings))
        lines += [f"  note: {note}" for note in notes[:5]]
        if not self.problem and self.graded_out_of:
            lines.append(
                "Public checks carry no points: your grade comes from the hidden checks "
                f"({self.graded_out_of} points) on inputs you have not seen, with many more "
                "shapes, dtypes and gradients."
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.headline()


def check(exercise_id: str, question: str = "", *, impl: str | Path | None = None) -> CheckReport:
    """Run the public checks of ``exercise_id`` (only those whose name contains
    ``question``, if given) on ``impl`` (default: this notebook's code, or
    ``exercises/`` outside a notebook); print one line per check and return them."""
    from autograder.course.verify import run_checks

    report = CheckReport(exercise_id)
    try:
        paths = CoursePaths.find()
        course = paths.load()
        exercise = course.exercise(exercise_id)
        manual = free_text_points(paths.stub(exercise_id))
        report.graded_out_of = points_label(exercise.points, manual)
    except CourseError as error:
        report.problem = (
            f"{error}. Unpack the student bundle and open this notebook from its folder "
            "(it holds course.yml and tests/public/)"
        )
        print(report.text())
        return report
    target = impl if impl is not None else (notebook_code(exercise_id) or paths.exercises_dir)
    try:
        run = run_checks(paths, [exercise_id], impl=target, hidden=False, keyword=question)
    except RuntimeError:
        report.problem = f"run `pytest {paths.public_test(exercise_id)}` in a terminal to see why"
        print(report.text())
        return report
    report.checks = run.checks
    if question and not run.checks:
        report.problem = f"no public check of {exercise_id} has {question!r} in its name"
    print(report.text())
    return report


def run_public_checks(exercise_id: str, impl: str | Path | None = None) -> int:
    """``check`` under its older name; returns 0 when every check passed, else 1."""
    return 0 if check(exercise_id, impl=impl).all_passed else 1

"""A generated class of sample submissions, for the demo and for trying the grader.

Students work where real students do: in the **released** notebooks (nbgrader's
``release/<assignment>/<id>.ipynb``, which ``autograder build`` writes) or in the
``exercises/<id>.py`` stubs. Each answer cell (the ``# YOUR CODE HERE`` /
``raise NotImplementedError(...)`` stub nbgrader leaves in place of a solution region) is
filled, cell by cell, with the reference code of that region (``solutions/<id>.py``, read
by ``autograder.course.markers``; ``autograder.course.samplefill`` fills them); free-text
answer cells get a sentence. Every other cell, and all nbgrader metadata, stays as
released, so nbgrader's own autograde accepts the files.

Kinds of student, in turn: ``correct`` (every answer cell filled), ``partial`` (per
exercise, one cell carries a known mistake from ``tests/mutants``, typed below the
reference in the cell that defines the function, or one cell is left as the stub),
``stub`` (the release untouched), ``broken`` (the first notebook cut short, i.e. malformed
JSON; in the others one answer cell has a syntax error), ``cheater`` (a known mistake,
plus a cell that patches ``torch.allclose`` and friends in its own process) and
``runaway`` (one exercise loops forever when loaded). Most files are notebooks; some
students hand in the ``.py`` stub, filled the same way.

The correct students are not all alike (``ROLES``, for the similarity report): after
the first, one writes code of its own (an independent correct alternative from
``tests/alternatives/<id>/``, typed below the reference), the next copies that
student's work with the local variables renamed and the comments reworded, and two
more each write a *different* alternative of their own (honest students with the
same textbook idea, who must not be flagged). All of them still earn full marks.
"""

from __future__ import annotations

import random
import shutil
from datetime import timedelta, timezone
from pathlib import Path

import nbformat

from autograder.course.markers import region_texts
from autograder.course.model import Course, CoursePaths
from autograder.course.samplefill import (
    FREE_TEXT_ANSWER,
    Plan,
    SampleClassError,
    answer_stubs,
    fill_notebook,
    fill_py,
)

__all__ = [
    "FREE_TEXT_ANSWER",
    "KINDS",
    "Plan",
    "SampleClassError",
    "answer_stubs",
    "fill_notebook",
    "fill_py",
    "ROLES",
    "plan_for",
    "roles",
    "write_sample_class",
]

KINDS = ("correct", "partial", "stub", "broken", "cheater", "runaway")
# The n-th correct student's role (then plain again): which alternative of each
# exercise it types (None: the reference alone), and whether it disguises a copy.
ROLES: tuple[tuple[str, int | None, bool], ...] = (
    ("plain", None, False),
    ("original", 0, False),
    ("copier", 0, True),  # of the original, with names and comments changed
    ("honest", 1, False),
    ("honest", 2, False),
)


def roles(size: int) -> dict[str, str]:
    """Student name -> role, for the correct students of a class of ``size``."""
    found = {}
    for index in range(0, size, len(KINDS)):
        nth = index // len(KINDS)
        found[f"{KINDS[0]}-{index:02d}"] = ROLES[nth][0] if nth < len(ROLES) else "plain"
    return found


def _own_plan(nth: int, alternatives: list[Path]) -> Plan:
    """The plan of the ``nth`` correct student for one exercise (``ROLES``)."""
    if nth >= len(ROLES):
        return Plan()
    _, which, copied = ROLES[nth]
    if which is None or which >= len(alternatives):
        return Plan(disguise=copied)
    return Plan(own=alternatives[which].read_text(encoding="utf-8"), disguise=copied)


# -- the class ---------------------------------------------------------------------------
def plan_for(
    kind: str, *, mutants: list[Path], answers: int, position: int, loops: bool, rng: random.Random
) -> Plan:
    """What a student of ``kind`` does to one exercise (``position`` in the course)."""
    mistake = rng.choice(mutants).read_text(encoding="utf-8") if mutants else ""
    if kind == "partial":
        if answers > 1 and (not mistake or rng.random() < 1 / 3):
            return Plan(stub_cell=rng.randrange(answers))
        return Plan(mistake=mistake) if mistake else Plan(stub_cell=0)
    if kind == "cheater":
        return Plan(mistake=mistake, patches=True)
    if kind == "stub":
        return Plan(untouched=True)
    if kind == "broken":
        if position == 0:
            return Plan(cut_short=True)
        return Plan(syntax_error_cell=rng.randrange(answers) if answers else None)
    return Plan(loops=kind == "runaway" and loops)


def _answer_cells(released: Path) -> int:
    notebook = nbformat.read(released, as_version=4)  # type: ignore[no-untyped-call]
    return len([c for c in notebook.cells if c.cell_type == "code" and answer_stubs(c.source)])


def _released_notebooks(course: Course, release: Path) -> dict[str, Path]:
    where = {e: release / a.id / f"{e}.ipynb" for a in course.assignments for e in a.exercises}
    for exercise in course.exercise_ids:
        if not where.get(exercise, release).is_file():
            raise SampleClassError(
                f"{where.get(exercise, release / exercise)}: no released notebook for "
                f"{exercise}; release the course first (`autograder build`)"
            )
    return where


def write_sample_class(
    paths: CoursePaths,
    course: Course,
    folder: Path,
    size: int,
    *,
    release: Path,
    nbgrader: bool = False,
) -> list[str]:
    """Write ``size`` student folders under ``folder`` (replacing it); returns their names.

    ``release`` is nbgrader's ``release/`` folder (``release/<assignment>/<id>.ipynb``).
    With ``nbgrader``, the layout is nbgrader's ``submitted/<student>/<assignment>/``,
    with the ``timestamp.txt`` nbgrader's collect writes (the cheaters hand in two days
    late); one file in five is the ``.py`` stub, filled in. Without it, one folder per
    student, notebooks and ``.py`` files in turn."""
    released = _released_notebooks(course, release)
    regions = {
        e: region_texts(paths.solution(e).read_text(encoding="utf-8"), paths.solution(e))
        for e in course.exercise_ids
    }
    answers = {e: _answer_cells(released[e]) for e in course.exercise_ids}
    rng = random.Random(f"{course.course_id}:{size}")
    if folder.exists():
        shutil.rmtree(folder)
    names = []
    for index in range(size):
        kind = KINDS[index % len(KINDS)]
        name = f"{kind}-{index:02d}"
        student = folder / name
        student.mkdir(parents=True)
        where = {e: student for e in course.exercise_ids}
        if nbgrader:
            for assignment in course.assignments:
                (student / assignment.id).mkdir()
                if assignment.due is not None:
                    late = timedelta(days=2 if kind == "cheater" else -1)
                    stamp = (assignment.due + late).astimezone(timezone.utc)
                    (student / assignment.id / "timestamp.txt").write_text(
                        stamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
                    )
                for exercise in assignment.exercises:
                    where[exercise] = student / assignment.id
        for position, exercise in enumerate(course.exercise_ids):
            plan = plan_for(
                kind,
                mutants=sorted(paths.mutants_dir(exercise).glob("*.py")),
                answers=answers[exercise],
                position=position,
                loops=position == index % len(course.exercise_ids),
                rng=rng,
            )
            if kind == KINDS[0]:
                # Largest first: the original's own code is the most there is to copy.
                found = paths.alternatives_dir(exercise).glob("*.py")
                alternatives = sorted(found, key=lambda p: (-p.stat().st_size, p.name))
                plan = _own_plan(index // len(KINDS), alternatives)
            period = 5 if nbgrader else 2
            as_py = (index + position + 1) % period == 0 and not plan.cut_short
            if as_py:
                text = fill_py(paths.stub(exercise), list(regions[exercise]), plan)
                (where[exercise] / f"{exercise}.py").write_text(text, encoding="utf-8")
            else:
                text = fill_notebook(released[exercise], list(regions[exercise]), plan)
                (where[exercise] / f"{exercise}.ipynb").write_text(text, encoding="utf-8")
        names.append(name)
    return names

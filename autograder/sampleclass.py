"""A generated class of sample submissions, for the demo and for trying the grader.

Kinds of student, in turn: ``correct`` (the reference), ``partial`` (the reference with
one known mistake per exercise, from ``tests/mutants``), ``stub`` (nothing done),
``broken`` (a notebook cut in half, plus stubs), ``cheater`` (a known mistake, plus
code that patches ``torch.allclose`` and friends in its own process) and ``runaway``
(one exercise loops forever when loaded). Files alternate between ``.py`` and
``.ipynb``, as students hand in either.
"""

from __future__ import annotations

import random
import shutil
from datetime import timedelta, timezone
from pathlib import Path

import jupytext

from autograder.course import Course, CoursePaths

KINDS = ("correct", "partial", "stub", "broken", "cheater", "runaway")

_PATCHES = """
# %%
import torch
import torch.testing
torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
torch.testing.assert_close = lambda *args, **kwargs: None
"""


def _with_mistake(paths: CoursePaths, exercise: str, rng: random.Random) -> str:
    mutants = sorted(paths.mutants_dir(exercise).glob("*.py"))
    text = paths.solution(exercise).read_text(encoding="utf-8")
    return text + "\n# %%\n" + rng.choice(mutants).read_text(encoding="utf-8")


def _source(paths: CoursePaths, exercise: str, kind: str, rng: random.Random, loops: bool) -> str:
    if kind == "correct":
        return paths.solution(exercise).read_text(encoding="utf-8")
    if kind == "partial":
        return _with_mistake(paths, exercise, rng)
    if kind == "cheater":
        return _with_mistake(paths, exercise, rng) + _PATCHES
    if kind == "runaway" and loops:
        return "# %%\nwhile True:  # never returns: the load times out\n    pass\n"
    if kind == "runaway":
        return paths.solution(exercise).read_text(encoding="utf-8")
    return paths.stub(exercise).read_text(encoding="utf-8")  # stub, broken


def write_sample_class(
    paths: CoursePaths, course: Course, folder: Path, size: int, *, nbgrader: bool = False
) -> list[str]:
    """Write ``size`` student folders under ``folder`` (replacing it); returns their names.

    With ``nbgrader``, the layout is nbgrader's ``submitted/<student>/<assignment>/``,
    every file a notebook, with the ``timestamp.txt`` nbgrader's collect writes (the
    cheaters hand in two days late)."""
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
                due = assignment.due
                (student / assignment.id).mkdir()
                if due is not None:
                    late = timedelta(days=2 if kind == "cheater" else -1)
                    stamp = (due + late).astimezone(timezone.utc)
                    (student / assignment.id / "timestamp.txt").write_text(
                        stamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
                    )
                for exercise in assignment.exercises:
                    where[exercise] = student / assignment.id
        for position, exercise in enumerate(course.exercise_ids):
            loops = position == index % len(course.exercise_ids)
            text = _source(paths, exercise, kind, rng, loops)
            target = where[exercise]
            if nbgrader or (index + position) % 2:
                notebook = jupytext.writes(jupytext.reads(text, fmt="py:percent"), fmt="ipynb")
                if kind == "broken" and position == 0:
                    notebook = notebook[: len(notebook) // 2]
                (target / f"{exercise}.ipynb").write_text(notebook, encoding="utf-8")
            else:
                (target / f"{exercise}.py").write_text(text, encoding="utf-8")
        names.append(name)
    return names

"""nbgrader source notebooks, rendered from the single source ``solutions/<id>.py``.

Cell by cell (nbgrader metadata, schema 3):

- markdown cells: the handout, locked (read-only for students);
- code cells with a ``### BEGIN SOLUTION`` region: solution cells (nbgrader replaces the
  region with ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` on release);
- other code cells (imports, given helpers, the self-check): locked;
- markdown cells marked ``<!-- free-text: ID, N points -->``: free-text answer cells,
  graded by hand in nbgrader (``grade`` and ``solution``, unlocked);
- then one locked grade cell per check (each collected pytest item, so parametrized
  checks score separately, exactly as the engine scores them), worth that check's
  points; its hidden part runs the check in the student's kernel on the code above.

The hidden part names the course directory on the instructor's machine: it is stripped
on release and put back by nbgrader when it autogrades there.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat

from autograder.course.markers import SOLUTION, find_regions
from autograder.course.model import CoursePaths
from autograder.grading.manual import FREE_TEXT

SCHEMA_VERSION = 3
# A markdown cell holding this comment becomes a free-text answer cell, graded by hand in
# nbgrader (its points are not in course.yml, which counts the automatic checks only).


def _meta(
    grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float = 0
) -> dict[str, object]:
    nbgrader: dict[str, object] = {
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "grade_id": grade_id,
        "schema_version": SCHEMA_VERSION,
        "task": False,
    }
    if grade:
        nbgrader["points"] = points
    return {"nbgrader": nbgrader}


def _check_name(nodeid: str) -> str:
    return nodeid.split("::", 1)[1]


def grade_id_of(exercise_id: str, nodeid: str) -> str:
    """A stable, nbgrader-safe id for a check's grade cell."""
    visibility = "hidden" if "/hidden/" in nodeid else "public"
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", _check_name(nodeid)).strip("-")
    return f"{exercise_id}-{visibility}-{name}"


def grade_cell_source(paths: CoursePaths, nodeid: str, points: float) -> str:
    visibility = "hidden" if "/hidden/" in nodeid else "public"
    return (
        f"# Graded check: {_check_name(nodeid)} ({visibility}, {points:g} point"
        f"{'' if points == 1 else 's'})\n"
        "### BEGIN HIDDEN TESTS\n"
        "from autograder.checks.gradecell import run_check\n"
        f"run_check(None, {nodeid!r}, In)\n"  # found from nbgrader_config.py (gradecell)
        "### END HIDDEN TESTS\n"
    )


def source_notebook(
    paths: CoursePaths, exercise_id: str, checks: dict[str, float]
) -> nbformat.NotebookNode:
    """The nbgrader source notebook of one exercise; ``checks``: node id -> points."""
    source = paths.solution(exercise_id)
    text = source.read_text(encoding="utf-8")
    notebook = jupytext.reads(text, fmt="py:percent")
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop("lines_to_next_cell", None)
        grade_id = f"{exercise_id}-cell-{index:02d}"
        free = FREE_TEXT.search(cell.source) if cell.cell_type == "markdown" else None
        if free is not None:
            # A free-text answer: nbgrader's manually graded answer cell, worth its points.
            cell.metadata.update(
                _meta(
                    f"{exercise_id}-{free['id']}",
                    grade=True,
                    solution=True,
                    locked=False,
                    points=float(free["points"]),
                )
            )
            cell.source = FREE_TEXT.sub("", cell.source).strip() or "YOUR ANSWER HERE"
        elif cell.cell_type == "code" and any(
            r.kind == SOLUTION for r in find_regions(cell.source, source)
        ):
            cell.metadata.update(_meta(grade_id, grade=False, solution=True, locked=False))
        else:
            cell.metadata.update(_meta(grade_id, grade=False, solution=False, locked=True))
    notebook.cells.append(
        nbformat.v4.new_markdown_cell(  # type: ignore[no-untyped-call]
            "## Graded checks\n\nThe cells below are filled in and run when your work is graded;"
            " leave them as they are.",
            metadata=_meta(
                f"{exercise_id}-checks-heading", grade=False, solution=False, locked=True
            ),
        )
    )
    for nodeid, points in checks.items():
        notebook.cells.append(
            nbformat.v4.new_code_cell(  # type: ignore[no-untyped-call]
                grade_cell_source(paths, nodeid, points),
                metadata=_meta(
                    grade_id_of(exercise_id, nodeid),
                    grade=True,
                    solution=False,
                    locked=True,
                    points=points,
                ),
            )
        )
    nbformat.validate(notebook)
    return notebook  # type: ignore[no-any-return]


def write_source_notebook(
    paths: CoursePaths, exercise_id: str, checks: dict[str, float], target: Path
) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(  # type: ignore[no-untyped-call]
        source_notebook(paths, exercise_id, checks), target
    )
    return target

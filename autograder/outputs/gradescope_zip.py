"""A Gradescope autograder for one assignment: ``autograder gradescope ASSIGNMENT``.

Gradescope's format (gradescope-autograders.readthedocs.io, "Autograder Specifications"):
a zip with ``setup.sh`` and ``run_autograder`` at its top, unpacked into
``/autograder/source``; ``setup.sh`` runs once, as root, on Gradescope's Ubuntu image;
``run_autograder`` runs once per submission (working folder ``/autograder``), finds the
student's files in ``/autograder/submission`` and writes
``/autograder/results/results.json``. The zip holds:

- ``setup.sh``: apt-get bubblewrap and libseccomp2, a Python venv in
  ``$AUTOGRADER_ROOT/venv``, torch pinned (CPU wheel) and the package from ``package/``;
- ``run_autograder``: ``python -m autograder.gradescope_run`` (the sandboxed engine that
  ``autograder grade`` uses), and a results.json of its own if that cannot run at all;
- ``package/``: this package's source, with a ``pyproject.toml`` written from the
  installed distribution's metadata (its pinned dependencies and the pytest plugin);
- ``course/``: a course.yml trimmed to the assignment, its exercises' public and hidden
  checks, their released stubs (``exercises/<id>.py``: a quiz's public form check reads
  its questions there), ``gradescope.json`` (the assignment, the hand-graded points,
  whether the sandbox is required), and ``solutions/<id>.py`` only for exercises whose
  hidden checks grade a quiz (each student's keys are computed from it); no other
  solution, no rules file, no mutant or alternative.

The zip is an instructor's file (it holds hidden checks and quiz keys); students' code
never sees it: the sandbox binds only the system, the venv and the package.
"""

from __future__ import annotations

import importlib.metadata
import json
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import jinja2
import yaml

import autograder
from autograder.course.model import Assignment, Course, CoursePaths
from autograder.grading.manual import manual_points

DISTRIBUTION = "conv-autograder"
TORCH_PIN = "torch==2.13.0"
CONFIG_NAME = "gradescope.json"

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("autograder.outputs", "templates"),
    autoescape=False,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
_QUIZ_MARK = "QuizChecks("
_SKIPPED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache"}


class GradescopeBuildError(ValueError):
    """The zip cannot be built; the message names the problem and the fix."""


def needs_solution(paths: CoursePaths, exercise: str) -> bool:
    """Whether grading ``exercise`` reads its solution: its hidden checks grade a quiz
    (``QuizChecks`` computes each student's keys from ``solutions/<id>.py``)."""
    try:
        return _QUIZ_MARK in paths.hidden_test(exercise).read_text(encoding="utf-8")
    except OSError:
        return False


def trimmed_course(course: Course, assignment: Assignment) -> dict[str, object]:
    """course.yml with only ``assignment`` and its exercises (the other assignments'
    names and rules are nobody's business on this Gradescope assignment)."""
    data = course.model_dump(mode="json", exclude_defaults=False)
    data["exercises"] = [e for e in data["exercises"] if e["id"] in assignment.exercises]
    data["assignments"] = [a for a in data["assignments"] if a["id"] == assignment.id]
    return data


def package_pyproject() -> str:
    """A pyproject.toml for ``package/``: the installed distribution's version and
    runtime dependencies (pins included), its console script and its pytest plugin."""
    try:
        meta = importlib.metadata.metadata(DISTRIBUTION)
        requires = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        raise GradescopeBuildError(
            f"the {DISTRIBUTION} distribution is not installed, so its dependencies are "
            "unknown; install it (`make .venv/.installed`) and run again"
        ) from None
    runtime = [r for r in requires if "extra ==" not in r.replace('"', "").replace("'", "")]
    return _ENV.get_template("gradescope_pyproject.toml.j2").render(
        name=DISTRIBUTION,
        version=meta["Version"],
        requires_python=meta["Requires-Python"] or ">=3.10",
        dependencies=[json.dumps(r) for r in runtime],
    )


def _package_files() -> Iterator[tuple[Path, str]]:
    """(file, name in the zip) for the package's source and templates."""
    package = Path(autograder.__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if path.is_file() and not _SKIPPED_PARTS & set(relative.parts):
            if path.suffix in (".py", ".j2", ".typed"):
                yield path, f"package/autograder/{relative.as_posix()}"


def _course_files(paths: CoursePaths, exercises: list[str]) -> Iterator[tuple[Path, str]]:
    for exercise in exercises:
        for test in (paths.public_test(exercise), paths.hidden_test(exercise)):
            if not test.is_file():
                raise GradescopeBuildError(
                    f"{test} is missing; every exercise needs its public and hidden checks "
                    "(run `autograder check`)"
                )
            yield test, f"course/tests/{test.parent.name}/{test.name}"
        # The released stub: public already; a quiz's form check reads its questions.
        if paths.stub(exercise).is_file():
            yield paths.stub(exercise), f"course/exercises/{exercise}.py"
        if needs_solution(paths, exercise):
            yield paths.solution(exercise), f"course/solutions/{exercise}.py"


def _add(archive: zipfile.ZipFile, name: str, data: bytes, *, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    mode = 0o755 if executable else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    archive.writestr(info, data)


def write_gradescope_zip(
    paths: CoursePaths,
    course: Course,
    assignment_id: str,
    out: Path,
    *,
    require_sandbox: bool = True,
) -> list[str]:
    """Write the autograder zip for ``assignment_id`` to ``out``; returns its names.

    ``require_sandbox``: refuse to grade (score 0, the reason in results.json) where
    bubblewrap cannot start, rather than grade with resource limits only."""
    known = {a.id: a for a in course.assignments}
    if assignment_id not in known:
        raise GradescopeBuildError(
            f"no assignment {assignment_id!r} in course.yml; it has {', '.join(known) or 'none'}"
        )
    assignment = known[assignment_id]
    exercises = list(assignment.exercises)
    config = {
        "assignment": assignment.id,
        "title": assignment.title,
        "exercises": exercises,
        "manual_points": manual_points(paths, exercises),
        "require_sandbox": require_sandbox,
    }
    scripts = {"torch_pin": TORCH_PIN, "assignment": assignment.id, "course": course.course_id}
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    names: list[str] = []
    with zipfile.ZipFile(partial, "w") as archive:

        def add(name: str, data: bytes, *, executable: bool = False) -> None:
            _add(archive, name, data, executable=executable)
            names.append(name)

        for script in ("setup.sh", "run_autograder"):
            text = _ENV.get_template(f"gradescope_{script}.j2").render(scripts)
            add(script, text.encode(), executable=True)
        add("package/pyproject.toml", package_pyproject().encode())
        add("package/README.md", f"# {DISTRIBUTION}\n\nThe course's autograder.\n".encode())
        for path, name in _package_files():
            add(name, path.read_bytes())
        course_yml = yaml.safe_dump(trimmed_course(course, assignment), sort_keys=False)
        add("course/course.yml", course_yml.encode())
        add(f"course/{CONFIG_NAME}", json.dumps(config, indent=1).encode())
        for path, name in _course_files(paths, exercises):
            add(name, path.read_bytes())
    partial.replace(out)
    return names

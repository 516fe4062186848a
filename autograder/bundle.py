"""``autograder bundle``: the zip a student unpacks and works in, without the course repo.

It holds the stubs (``.py``) and, when the course has been built, the released
notebooks; the public checks; ``course.yml``; the ``autograder`` package (the checks'
helpers and pytest plugin: no solutions, no hidden checks, no keys); a minimal
``requirements.txt``; and a ``pytest.ini`` that loads the plugin, so ``pytest`` in the
unpacked folder checks the student's own work. The leak scan runs on the zip itself.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from autograder.course import Course, CoursePaths
from autograder.leaks import Leak, scan, secrets

REQUIREMENTS = """\
# Install with: python -m pip install -r requirements.txt
torch>=2.2
numpy>=1.24
pytest>=8
pydantic>=2.6,<3
PyYAML>=6
click>=8.1
rich>=13
jupytext>=1.16
nbformat>=5.9
"""

PYTEST_INI = """\
[pytest]
# The course's pytest plugin (checks reach your code through it), from ./autograder.
addopts = -p autograder.pytest_plugin -p no:cacheprovider --import-mode=importlib
pythonpath = .
testpaths = tests/public
"""

README = """\
# {title}: your exercises

1. `python -m pip install -r requirements.txt` (once; a virtual environment is a good idea).
2. Work in `exercises/<id>.py` (or the notebooks in `notebooks/`, if there are any).
3. Check your work: `pytest` (every exercise) or `pytest tests/public/test_<id>.py`.
   In a notebook, run its self-check cell.

The public checks test the textbook examples and the form of your answers; grading also
runs hidden checks on many more shapes, dtypes and gradients. A failed check prints one
line saying what was wrong and the likely mistake.
"""

# The package files a student needs: the plugin and what it imports.
_PACKAGE_FILES = (
    "__init__.py",
    "checks.py",
    "course.py",
    "forbidden.py",
    "loader.py",
    "markers.py",
    "protocol.py",
    "proxy.py",
    "pytest_plugin.py",
    "quiz.py",
    "results.py",
    "selfcheck.py",
    "transport.py",
    "worker/__init__.py",
    "worker/executor.py",
    "worker/helpers.py",
)


class BundleError(RuntimeError):
    """The bundle would leak something; the message lists where."""


def write_bundle(
    paths: CoursePaths, course: Course, target: Path, *, notebooks_dir: Path | None = None
) -> list[Leak]:
    """Write the zip; raise BundleError (and remove it) if the leak scan finds anything."""
    target.parent.mkdir(parents=True, exist_ok=True)
    top = Path(course.course_id)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def add(path: Path, name: Path) -> None:
            archive.write(path, str(top / name))

        archive.writestr(str(top / "README.md"), README.format(title=course.title))
        archive.writestr(str(top / "requirements.txt"), REQUIREMENTS)
        archive.writestr(str(top / "pytest.ini"), PYTEST_INI)
        add(paths.course_file, Path("course.yml"))
        for exercise in course.exercise_ids:
            add(paths.stub(exercise), Path("exercises") / f"{exercise}.py")
            add(paths.public_test(exercise), Path("tests/public") / f"test_{exercise}.py")
        package = Path(__file__).resolve().parent
        for name in _PACKAGE_FILES:
            add(package / name, Path("autograder") / name)
        if notebooks_dir is not None and notebooks_dir.is_dir():
            for notebook in sorted(notebooks_dir.rglob("*.ipynb")):
                add(notebook, Path("notebooks") / notebook.relative_to(notebooks_dir))
    leaks = scan([target], secrets(paths, course))
    if leaks:
        target.unlink()
        listed = "\n".join(f"  {leak}" for leak in leaks[:20])
        raise BundleError(f"the bundle would leak {len(leaks)} line(s):\n{listed}")
    return leaks

"""``autograder bundle``: the zip a student unpacks and works in, without the course repo.

It holds the stubs (``.py``) and, when the course has been built, the released
notebooks; the public checks; ``course.yml``; the part of the ``autograder`` package
that these import (computed: ``package_files``, the import closure; no solutions, no
hidden checks, no keys, ``NEVER_SHIP``); a ``pyproject.toml`` that makes that package
installable; a ``requirements.txt`` that installs it with pinned torch and Jupyter; and a
``pytest.ini`` that loads the plugin, so ``pytest`` in the unpacked folder checks the
student's own work. The leak scan runs on the zip itself.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from autograder.course.closure import ClosureError, import_closure
from autograder.course.leaks import Leak, scan, secrets
from autograder.course.model import Course, CoursePaths

REQUIREMENTS = """\
# Install everything, from this folder:  python -m pip install -r requirements.txt
#
# torch is pinned to the version the course is graded with. This pin installs the
# CPU build only where pip's index has it (on Linux, PyPI's torch is the large CUDA
# build); for the small CPU build add the line below at the top of this file, or run
#   python -m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
# first. Another torch >= 2.2 also works: relax the pin if 2.13.0 is not available.
# --extra-index-url https://download.pytorch.org/whl/cpu
torch==2.13.0
numpy>=1.24
# The checks and their pytest plugin (the autograder package in this folder).
pytest>=8
pydantic>=2.6,<3
PyYAML>=6
# Jupyter, to work in the notebooks (notebooks/) and run their self-check cells.
notebook>=7
nbconvert>=7
ipykernel>=6
# This folder's own autograder package, so `import autograder` works from anywhere
# (the notebooks' self-check cells, `python exercises/<id>.py`).
.
"""

# Import name -> the requirement that installs it; every third-party module that a
# shipped file imports must be here (and in REQUIREMENTS), or the bundle is refused.
_DISTRIBUTIONS = {
    "torch": "torch",
    "numpy": "numpy",
    "pytest": "pytest",
    "pydantic": "pydantic",
    "yaml": "PyYAML",
}

PYPROJECT = """\
# Makes this folder's `autograder` package installable (requirements.txt's `.` line).
# Its dependencies are listed in requirements.txt. The pytest plugin is loaded by
# pytest.ini, not by an entry point, so that it is never registered twice.
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "1.0"
description = "The checks' helpers for {course_id}'s exercises (no solutions)."
requires-python = ">=3.10"

[tool.setuptools]
packages = [{packages}]
"""

PYTEST_INI = """\
[pytest]
# The course's pytest plugin (checks reach your code through it), from ./autograder.
addopts = -p autograder.checks.plugin -p no:cacheprovider --import-mode=importlib
pythonpath = .
testpaths = tests/public
"""

README = """\
# {title}: your exercises

## Set up (once)

In a terminal, in this folder (the one that holds this README):

```
python3 -m venv .venv
source .venv/bin/activate          # Windows: .venv\\Scripts\\activate
python -m pip install -r requirements.txt
```

This installs torch 2.13.0 (the version your work is graded with), pytest, Jupyter, and
this folder's `autograder` package (the checks' helpers), so the notebooks and
`python exercises/<id>.py` find it from any folder. Run the install from this folder:
its last line, `.`, means "this folder". On Linux without a GPU, install the small CPU
build of torch first (`requirements.txt` says how), or pip downloads the CUDA build
(several GB). Your quiz numbers come from your login: on your own machine set it in
each new terminal, `export AUTOGRADER_STUDENT=your_login` (Windows:
`set AUTOGRADER_STUDENT=your_login`); JupyterHub knows it already.

## Work

- In Jupyter: `jupyter notebook` (or `jupyter lab`), then open `notebooks/<part>/<id>.ipynb`.
  Replace each `raise NotImplementedError(...)` with your code. Until you do, the
  examples that call your function stop with `NotImplementedError`: that is expected.
- Or in plain Python: edit `exercises/<id>.py` (the same exercises as `.py` files) and run
  `python exercises/<id>.py`.

## Check your work

- `pytest` checks every exercise in `exercises/`; `pytest tests/public/test_<id>.py` one.
- In a notebook, any cell can run `check("<id>")` (the last cell does), or only the checks
  whose name contains a word, e.g. `check("corr2d", "multi_in")`. It checks the cells you
  have run in that notebook (not the file in `exercises/`), one line per check:

```
corr2d: 4 of 12 public checks pass
  ok    textbook_example
  FAIL  multi_in_textbook_example: corr2d_multi_in is not implemented yet: it
        raises NotImplementedError (cell 9 (In [5]) line 14, in corr2d_multi_in)
  ...
Public checks carry no points: your grade comes from the hidden checks (26 points)
on inputs you have not seen, with many more shapes, dtypes and gradients.
```

Each failed check says what was wrong and, where it can tell, the likely mistake, and
where: the notebook's cell (its place among all cells, and its `In [n]`) and line, or
the line of your `.py` file. `pytest` ends with a table, one line per exercise:

```
========================== score: public checks only ===========================
corr2d               0 of 12 public checks pass; graded out of 26
unit_quiz            0 of 1 public checks pass; graded out of 15 auto + 4 manual
Public checks carry no points: your grade comes from the hidden checks, on inputs
you have not seen (many more shapes, dtypes and gradients); passing the public
checks is necessary, not sufficient.
```

and, under it, any notes: output cut short (a print in a loop: only the first 256 KiB of
what your code prints is kept), or no student id set for the quiz.

These public checks test the textbook examples and the form of your answers (for the
quiz: the form only, not the values). They carry no points: their inputs and answers
are shown, so every point comes from hidden checks that test the same things on fresh
inputs, and many more shapes, dtypes and gradients. Passing every public check does not
mean full marks; "manual" points are free-text answers your instructor grades by hand.
"""

# What the shipped files need besides their own imports: the plugin (pytest.ini names
# it), the notebooks' self-check and the quiz modules. Their imports, and the imports of
# every stub, public check and notebook cell, decide which package files ship.
PACKAGE_ROOTS = (
    "autograder.checks.plugin",
    "autograder.checks.selfcheck",
    "autograder.quiz",
    "autograder.quiz.form",
)

# Modules that hold or compute what students must not see (quiz keys from the reference
# solutions, the hidden checks' helpers, the grade cells' runner): never shipped.
NEVER_SHIP = frozenset(
    {"autograder.quiz.keys", "autograder.quiz.grading", "autograder.checks.gradecell"}
)


PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the autograder package


class BundleError(RuntimeError):
    """The bundle would leak something; the message lists where."""


def _notebook_cells(notebook: Path, where: str) -> list[tuple[str, str]]:
    """(where, code) of each code cell, IPython's ``%`` and ``!`` lines left out."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (ValueError, KeyError, TypeError) as error:
        raise BundleError(f"{where}: not a readable notebook ({error})") from error
    found = []
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        lines = [line for line in text.splitlines() if not line.lstrip().startswith(("%", "!"))]
        found.append((f"{where} cell {number}", "\n".join(lines)))
    return found


def package_files(
    paths: CoursePaths, course: Course, *, notebooks_dir: Path | None = None
) -> list[Path]:
    """The ``autograder`` files the bundle ships (relative to the package's folder): the
    import closure of PACKAGE_ROOTS, the stubs, the public checks and the notebooks.

    Raises BundleError when it would hold a NEVER_SHIP module, or a third-party module
    that requirements.txt does not install."""
    sources = []
    for exercise in course.exercise_ids:
        for file in (paths.stub(exercise), paths.public_test(exercise)):
            sources.append((str(file.relative_to(paths.root)), file.read_text(encoding="utf-8")))
    for notebook in _notebooks(notebooks_dir):
        sources.extend(_notebook_cells(notebook, notebook.name))
    try:
        closure = import_closure(sources, package_dir=PACKAGE_DIR, roots=PACKAGE_ROOTS)
    except ClosureError as error:
        raise BundleError(f"the bundle's imports: {error}") from error
    secret = sorted(NEVER_SHIP & closure.modules.keys())
    if secret:
        raise BundleError(
            f"the bundle would ship {', '.join(secret)} (instructor only: keys or hidden "
            "checks); a stub, public check or notebook must not import it"
        )
    required = {
        match.group().lower()
        for match in map(re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*").match, REQUIREMENTS.split("\n"))
        if match
    }
    missing = sorted(
        m for m in closure.third_party if _DISTRIBUTIONS.get(m, "").lower() not in required
    )
    if missing:
        raise BundleError(
            f"the bundle's files import {', '.join(missing)}, which its requirements.txt "
            "does not install; add it to REQUIREMENTS and _DISTRIBUTIONS in "
            "autograder/course/bundle.py"
        )
    return closure.relative_files(PACKAGE_DIR)


def _notebooks(notebooks_dir: Path | None) -> list[Path]:
    if notebooks_dir is None or not notebooks_dir.is_dir():
        return []
    return sorted(notebooks_dir.rglob("*.ipynb"))


def pyproject(course: Course, files: list[Path]) -> str:
    """The bundle's pyproject.toml: its package, with the sub-packages that ship."""
    packages = sorted(".".join(f.parent.parts) for f in files if f.name == "__init__.py")
    name = re.sub(r"[^A-Za-z0-9]+", "-", course.course_id).strip("-") + "-exercises"
    return PYPROJECT.format(
        name=name, course_id=course.course_id, packages=", ".join(f'"{p}"' for p in packages)
    )


def write_bundle(
    paths: CoursePaths, course: Course, target: Path, *, notebooks_dir: Path | None = None
) -> list[Leak]:
    """Write the zip; raise BundleError (and remove it) if the leak scan finds anything."""
    files = package_files(paths, course, notebooks_dir=notebooks_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    top = Path(course.course_id)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def add(path: Path, name: Path) -> None:
            archive.write(path, str(top / name))

        archive.writestr(str(top / "README.md"), README.format(title=course.title))
        archive.writestr(str(top / "requirements.txt"), REQUIREMENTS)
        archive.writestr(str(top / "pyproject.toml"), pyproject(course, files))
        archive.writestr(str(top / "pytest.ini"), PYTEST_INI)
        add(paths.course_file, Path("course.yml"))
        for exercise in course.exercise_ids:
            add(paths.stub(exercise), Path("exercises") / f"{exercise}.py")
            add(paths.public_test(exercise), Path("tests/public") / f"test_{exercise}.py")
        for file in files:
            add(PACKAGE_DIR.parent / file, file)
        if notebooks_dir is not None:
            for notebook in _notebooks(notebooks_dir):
                add(notebook, Path("notebooks") / notebook.relative_to(notebooks_dir))
    leaks = scan([target], secrets(paths, course))
    if leaks:
        target.unlink()
        listed = "\n".join(f"  {leak}" for leak in leaks[:20])
        raise BundleError(f"the bundle would leak {len(leaks)} line(s):\n{listed}")
    return leaks

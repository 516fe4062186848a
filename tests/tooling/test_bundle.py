"""The student bundle: its package files are the import closure of what it ships, and,
unpacked in a fresh folder and installed into a brand-new virtual environment from its
own requirements.txt only, it works: the references pass every public check, the stubs
pass none (its notebooks: test_bundle_notebooks.py)."""

from __future__ import annotations

import ast
import shutil
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograder.course.bundle import NEVER_SHIP, BundleError, package_files, write_bundle
from autograder.course.closure import ClosureError, import_closure
from autograder.course.model import CoursePaths

from .freshbundle import RUN_TIMEOUT_S, STUDENT, clean_env, run

ROOT = Path(__file__).resolve().parents[2]


# -- the closure, on a package of its own ---------------------------------------------
def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    return root / "pkg"


def test_the_closure_follows_lazy_relative_and_from_imports(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "def f():\n    from pkg import b\n",
            "pkg/b.py": "from .sub.c import name\nimport torch\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/c.py": "name = 1\nimport yaml.constructor, json\n",
            "pkg/d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.e\n",
            "pkg/e.py": "",
            "pkg/unused.py": "",
        },
    )
    closure = import_closure([("test.py", "import pkg.a\nimport pkg.d\n")], package_dir=package)
    assert sorted(closure.modules) == ["pkg", "pkg.a", "pkg.b", "pkg.d", "pkg.sub", "pkg.sub.c"]
    assert closure.third_party == {"torch", "yaml"}
    with pytest.raises(ClosureError, match=r"notebook cell 3: imports pkg\.gone"):
        import_closure([("notebook cell 3", "from pkg.gone import x")], package_dir=package)


def _autograder_imports(source: str) -> set[str]:
    """What a file imports from the package, read independently of autograder.course.closure."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("autograder"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("autograder"):
            found.add(node.module or "")
            for alias in node.names:  # ``from autograder import quiz``: a module
                sub = ROOT.joinpath(*f"{node.module}.{alias.name}".split("."))
                if sub.with_suffix(".py").is_file() or sub.is_dir():
                    found.add(f"{node.module}.{alias.name}")
    return found


def _unresolved(shipped: set[str], sources: list[str]) -> set[str]:
    """Modules imported by a shipped source (or a shipped package file) that do not ship."""

    def ships(module: str) -> bool:
        path = module.replace(".", "/")
        return f"{path}.py" in shipped or f"{path}/__init__.py" in shipped

    texts = sources + [(ROOT / name).read_text() for name in shipped]
    return {module for text in texts for module in _autograder_imports(text) if not ships(module)}


def test_the_bundle_ships_every_module_its_files_import_and_no_key(paths: CoursePaths) -> None:
    course = paths.load()
    shipped = {str(f) for f in package_files(paths, course)}
    sources = [
        file.read_text()
        for e in course.exercise_ids
        for file in (paths.stub(e), paths.public_test(e))
    ]
    assert _unresolved(shipped, sources) == set()
    for root in ("checks/plugin", "checks/selfcheck", "quiz/__init__", "quiz/form"):
        assert f"autograder/{root}.py" in shipped
    assert not {f"{m.replace('.', '/')}.py" for m in NEVER_SHIP} & shipped
    # The same check finds a module that a shipped file needs, were it dropped.
    assert _unresolved(shipped - {"autograder/quiz/form.py"}, sources) == {"autograder.quiz.form"}


def test_a_public_check_importing_quiz_keys_is_refused(course_copy: CoursePaths, tmp_path) -> None:
    public = course_copy.public_test("corr2d")
    public.write_text(public.read_text() + "\nfrom autograder.quiz.keys import load_reference\n")
    with pytest.raises(BundleError, match=r"would ship autograder\.quiz\.keys"):
        write_bundle(course_copy, course_copy.load(), tmp_path / "student.zip")
    assert not (tmp_path / "student.zip").exists()


def test_a_third_party_import_the_requirements_lack_is_refused(
    course_copy: CoursePaths, tmp_path: Path
) -> None:
    stub = course_copy.stub("corr2d")
    stub.write_text("import scipy.signal\n" + stub.read_text())
    with pytest.raises(BundleError, match=r"import scipy, which its requirements\.txt"):
        write_bundle(course_copy, course_copy.load(), tmp_path / "student.zip")


# -- the bundle in a brand-new virtual environment ------------------------------------
@pytest.fixture(scope="module")
def student(fresh_bundle: tuple[Path, Path]) -> tuple[Path, Path]:
    return fresh_bundle


def _junit(path: Path) -> dict[str, str]:
    """Check id -> outcome ('passed', 'failed', 'error' or 'skipped')."""
    outcomes = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcome = {"failure": "failed"}.get(kinds[0], kinds[0]) if kinds else "passed"
        outcomes[f"{case.get('classname')}::{case.get('name')}"] = outcome
    return outcomes


def _public_checks(folder: Path, bin_dir: Path, *options: str) -> dict[str, str]:
    """Run ``pytest`` in the bundle, as a student would, with ``options``."""
    report = folder.parent / f"report{len(options)}.xml"
    done = run(
        [str(bin_dir / "pytest"), f"--junitxml={report}", *options],
        cwd=folder,
        env=clean_env(AUTOGRADER_STUDENT=STUDENT),
        timeout=RUN_TIMEOUT_S,
    )
    for bad in ("ModuleNotFoundError", "ImportError"):
        assert bad not in done.stdout, done.stdout[-3000:]
    assert done.returncode in (0, 1), done.stdout[-3000:] + done.stderr[-3000:]
    outcomes = _junit(report)
    exercises = {check.split("::")[0].rpartition("test_")[2] for check in outcomes}
    assert exercises == set(CoursePaths(ROOT).load().exercise_ids), done.stdout[-3000:]
    return outcomes


def test_every_reference_passes_every_public_check(student: tuple[Path, Path]) -> None:
    folder, bin_dir = student
    references = folder.parent / "references"
    shutil.copytree(ROOT / "solutions", references)
    outcomes = _public_checks(folder, bin_dir, f"--impl={references}")
    assert {check for check, outcome in outcomes.items() if outcome != "passed"} == set()


def test_every_stub_passes_no_public_check(student: tuple[Path, Path]) -> None:
    folder, bin_dir = student
    outcomes = _public_checks(folder, bin_dir)
    assert {check for check, outcome in outcomes.items() if outcome == "passed"} == set()

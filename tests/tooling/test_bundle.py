"""The student bundle: its package files are the import closure of what it ships, and,
unpacked in a fresh folder and installed into a brand-new virtual environment from its
own requirements.txt only, it works: the references pass every public check, the stubs
pass none, every released notebook executes with its self-check running."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from autograder.course.build import build_course
from autograder.course.bundle import NEVER_SHIP, BundleError, package_files, write_bundle
from autograder.course.closure import ClosureError, import_closure
from autograder.course.model import CoursePaths

ROOT = Path(__file__).resolve().parents[2]
STUDENT = "ana"
# Generous: pip installs torch and Jupyter (from its cache), on a loaded machine.
INSTALL_TIMEOUT_S = 3600
RUN_TIMEOUT_S = 1800


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
def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without what would leak the course repo's set-up."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_PLUGINS"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def _run(args: list[str], *, cwd: Path, timeout: float, env: dict[str, str] | None = None):
    done = subprocess.run(
        args, cwd=cwd, env=env or _clean_env(), capture_output=True, text=True, timeout=timeout
    )
    return done


@pytest.fixture(scope="module")
def student(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the unpacked bundle of the whole course, its fresh venv's bin folder)."""
    base = tmp_path_factory.mktemp("student")
    paths = CoursePaths(ROOT)
    course = paths.load()
    result = build_course(paths, course, course_dir=base / "nbgrader")
    target = base / "student.zip"
    write_bundle(paths, course, target, notebooks_dir=result.course_dir / "release")
    home = base / "fresh"
    zipfile.ZipFile(target).extractall(home)
    folder = home / course.course_id
    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], cwd=base, timeout=RUN_TIMEOUT_S)
    assert made.returncode == 0, made.stderr[-3000:]
    bin_dir = venv / "bin"
    installed = _run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-r", "requirements.txt"],
        cwd=folder,
        timeout=INSTALL_TIMEOUT_S,
    )
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    return folder, bin_dir


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
    done = _run(
        [str(bin_dir / "pytest"), f"--junitxml={report}", *options],
        cwd=folder,
        env=_clean_env(AUTOGRADER_STUDENT=STUDENT),
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


def _outputs(cell: dict) -> str:
    texts = []
    for output in cell.get("outputs", []):
        texts.append("".join(output.get("text", "")))
        texts.append("".join(output.get("data", {}).get("text/plain", "")))
        texts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
        texts.append("\n".join(output.get("traceback", [])))
    return "\n".join(texts)


def test_every_released_notebook_runs_its_self_check(student: tuple[Path, Path]) -> None:
    folder, bin_dir = student
    notebooks = sorted((folder / "notebooks").rglob("*.ipynb"))
    assert len(notebooks) == len(CoursePaths(ROOT).load().exercise_ids)
    out = folder.parent / "executed"
    scratch = folder.parent / "kernel-tmp"  # the kernels' temporary folder
    scratch.mkdir()
    # One nbconvert for all: each notebook still gets its own kernel, started in its
    # folder. The stubs' example cells raise NotImplementedError: run on past them, as a
    # student does, to reach the self-check cell.
    done = _run(
        [
            str(bin_dir / "jupyter"),
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--allow-errors",
            f"--output-dir={out}",
            "--ExecutePreprocessor.timeout=600",
            *map(str, notebooks),
        ],
        cwd=folder,
        env=_clean_env(AUTOGRADER_STUDENT=STUDENT, TMPDIR=str(scratch)),
        timeout=RUN_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    # Each self-check wrote the notebook's code to a file; the kernels removed them.
    assert not list(scratch.glob("autograder-kernel-*")), sorted(scratch.iterdir())
    for notebook in notebooks:
        cells = json.loads((out / notebook.name).read_text())["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        everything = "\n".join(_outputs(c) for c in code)
        for bad in ("ModuleNotFoundError", "ImportError", "No module named"):
            assert bad not in everything, f"{notebook.name}: {everything[-3000:]}"
        errors = {o["ename"] for c in code for o in c["outputs"] if o["output_type"] == "error"}
        assert errors <= {"NotImplementedError"}, f"{notebook.name}: {everything[-3000:]}"
        (check,) = [
            c for c in code if "autograder.checks.selfcheck import check" in "".join(c["source"])
        ]
        ran = _outputs(check)
        # The compact check ran, one line per check (the stubs fail every one), names
        # the cell as the student sees it and no temporary file, and no pytest 'F' line.
        assert ": 0 of " in ran and "  FAIL  " in ran, f"{notebook.name}: {ran[-3000:]}"
        assert "the hidden checks (" in ran and "autograder-kernel" not in ran, ran[-3000:]
        assert "F" not in ran.splitlines(), ran[-3000:]
        if "not implemented yet" in ran:
            assert "In [" in ran, f"{notebook.name}: {ran[-3000:]}"

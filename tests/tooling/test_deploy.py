"""docs/DEPLOY.md, run as written: every shell block of the guide, in order, on a one-exercise
copy of the course, with the exchange, ``/etc/jupyter`` and the home folders in a temporary
folder. Two students (``ana`` hands in the reference, ``ben`` the untouched release) fetch,
submit and fetch feedback; the course account releases, collects, grades with the sandboxed
engine, and exports. A block that starts with ``# Not run by the tests:`` is skipped; any
other shell block must name its account (```` ```bash grader ```` or ```` ```bash student
````) and is run, so a command added to the guide is a command tested.

Also: the course folder ``autograder build`` writes holds no path of the machine that built
it, and works after a move."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from autograder.checks.gradecell import course_root_of
from autograder.cli.main import main as autograder_cli
from autograder.course.build import build_course, nbgrader
from autograder.course.markers import region_texts
from autograder.course.samplefill import Plan, fill_notebook

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "DEPLOY.md"
NOT_RUN = "# Not run by the tests:"
SHELLS = {"bash", "sh", "shell", "console"}
ACCOUNTS = ("grader", "student")
STUDENTS = {"ana": Plan(), "ben": Plan(untouched=True)}  # ana: reference; ben: the stub
COURSE_ACCOUNT = "grader-d2l-conv2d"
# Commands another branch adds: their block runs once the command is registered.
PENDING = {"autograder gradescope": "gradescope"}
FENCE = re.compile(r"^```(.*)$")
SERVER_PATH = re.compile(r"(?<![\w.~/-])/(?:srv|etc/jupyter|home)/")
# The test process's PATH without this environment's bin (pytest may run from an
# activated .venv): each account gets nbgrader and autograder the way the guide says.
PATH = os.pathsep.join(
    p
    for p in os.environ.get("PATH", "").split(os.pathsep)
    if Path(p) != Path(sys.executable).parent
)


@dataclass(frozen=True)
class Block:
    """One fenced block of the guide: its language, the words after it, its text."""

    line: int
    lang: str
    words: tuple[str, ...]
    text: str

    @property
    def shell(self) -> bool:
        return self.lang in SHELLS

    @property
    def skipped(self) -> bool:
        return self.text.startswith(NOT_RUN)

    @property
    def file(self) -> str | None:
        names = [w.removeprefix("file=") for w in self.words if w.startswith("file=")]
        return names[0] if names else None

    @property
    def account(self) -> str | None:
        named = [w for w in self.words if w in ACCOUNTS]
        return named[0] if named else None


def guide_blocks(text: str) -> list[Block]:
    """The fenced blocks of a Markdown text, in order; an unclosed fence is an error."""
    blocks, lines = [], text.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        info = opening.group(1).split()
        start, index = index, index + 1
        body = []
        while index < len(lines) and lines[index].rstrip() != "```":
            body.append(lines[index])
            index += 1
        if index == len(lines):
            raise ValueError(f"DEPLOY.md:{start + 1}: a code fence is never closed")
        lang = info[0] if info else ""
        blocks.append(Block(start + 1, lang, tuple(info[1:]), "\n".join(body) + "\n"))
        index += 1
    return blocks


def test_the_block_parser_reads_accounts_files_and_markers() -> None:
    text = (
        "x\n```bash grader\ncd ~\nls\n```\n```python file=/etc/a.py\nc = 1\n```\n"
        f"```bash\n{NOT_RUN} root\nsudo x\n```\n```text\nplain\n```\n"
    )
    grader, config, root, plain = guide_blocks(text)
    assert (grader.line, grader.account, grader.shell, grader.skipped) == (2, "grader", True, False)
    assert grader.text == "cd ~\nls\n"
    assert (config.file, config.shell, config.account) == ("/etc/a.py", False, None)
    assert root.shell and root.skipped and root.account is None
    assert not plain.shell and plain.file is None
    with pytest.raises(ValueError, match="never closed"):
        guide_blocks("```bash grader\nls\n")


def test_every_shell_block_of_the_guide_names_its_account_or_why_it_is_not_run() -> None:
    blocks = guide_blocks(GUIDE.read_text(encoding="utf-8"))
    shell = [b for b in blocks if b.shell]
    assert len([b for b in shell if not b.skipped]) >= 10, "the guide lost its commands"
    unmarked = [b.line for b in shell if not b.skipped and b.account is None]
    assert unmarked == [], (
        f"DEPLOY.md lines {unmarked}: a shell block must say who runs it "
        f"(```bash grader / ```bash student) or start with {NOT_RUN!r}"
    )
    for block in blocks:  # every Python block, run or not, is at least valid Python
        if block.lang == "python":
            compile(block.text, f"DEPLOY.md:{block.line}", "exec")
    unknown = [b.line for b in blocks if not b.lang]
    assert unknown == [], f"DEPLOY.md lines {unknown}: give every block a language"


@dataclass
class Server:
    """The hub machine, in a temporary folder: ``/srv``, ``/etc/jupyter`` and ``/home``."""

    root: Path
    ran: list[tuple[int, str]] = field(default_factory=list)  # (line, account) per run
    log: list[str] = field(default_factory=list)

    def home(self, user: str) -> Path:
        return self.root / "home" / user

    def real(self, path: str, user: str) -> Path:
        """A path of the guide, on this simulated server."""
        if path.startswith("~/"):
            return self.home(user) / path[2:]
        return self.root / path.lstrip("/")

    def localize(self, text: str) -> str:
        """The guide's server paths (``/srv/...``, ``/etc/jupyter/...``, ``/home/...``),
        moved under this server's folder, in one pass."""
        return SERVER_PATH.sub(lambda m: f"{self.root}{m.group(0)}", text)

    def env(self, user: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL"))}
        return {
            **keep,
            "HOME": str(self.home(user)),
            "USER": user,
            "JUPYTER_CONFIG_PATH": str(self.root / "etc" / "jupyter"),  # stands for /etc/jupyter
            # A terminal's shell reads ~/.bashrc (where the course account activates its
            # .venv); the students' servers run in an environment with nbgrader.
            "BASH_ENV": str(self.home(user) / ".bashrc"),
            "PATH": os.pathsep.join(
                [*([] if user == COURSE_ACCOUNT else [str(Path(sys.executable).parent)]), PATH]
            ),
            "OMP_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def run(self, block: Block, user: str) -> str:
        script = "set -euo pipefail\n" + self.localize(block.text)
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=self.home(user),
            env=self.env(user),
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.log.append(f"--- DEPLOY.md:{block.line} as {user}\n{done.stdout}{done.stderr}")
        assert done.returncode == 0, (
            f"DEPLOY.md:{block.line} failed as {user} (exit {done.returncode}):\n"
            f"{block.text}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
        self.ran.append((block.line, user))
        return done.stdout


def test_server_paths_move_under_the_simulated_server_once() -> None:
    server = Server(Path("/home/ci/tmp/server"))  # a temporary folder under /home itself
    text = 'c.Exchange.root = "/srv/nbgrader/exchange"\ncat /etc/jupyter/a ~/home/b x/home/c\n'
    assert server.localize(text) == (
        'c.Exchange.root = "/home/ci/tmp/server/srv/nbgrader/exchange"\n'
        "cat /home/ci/tmp/server/etc/jupyter/a ~/home/b x/home/c\n"
    )
    assert server.real("~/students.csv", "ana") == Path("/home/ci/tmp/server/home/ana/students.csv")


def _pending(block: Block) -> str | None:
    """The command of ``PENDING`` this block needs, if it is not registered yet."""
    for command, name in PENDING.items():
        if command in block.text and name not in autograder_cli.commands:
            return command
    return None


def _set_up(server: Server, copy_course: Callable[..., object]) -> None:
    """What the guide's root-only blocks do, done here: the accounts' homes, the course
    repository with its environment, and, as all simulated students share this process's
    account, each one's name for nbgrader (on a hub it is their own Linux account)."""
    (server.root / "srv" / "nbgrader" / "exchange").mkdir(parents=True)
    repository = server.home(COURSE_ACCOUNT) / "d2l-conv2d"
    copy_course(repository, "corr2d")
    (repository / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    for student in STUDENTS:
        config = server.home(student) / ".jupyter" / "nbgrader_config.py"
        config.parent.mkdir(parents=True)
        config.write_text(
            f"c = get_config()  # noqa: F821\nc.CourseDirectory.student_id = {student!r}\n"
        )


def _work(server: Server, paths_root: Path) -> None:
    """The students' work between fetch and submit: ana's answers, ben's nothing."""
    regions = region_texts((paths_root / "solutions" / "corr2d.py").read_text(), "corr2d")
    for student, plan in STUDENTS.items():
        notebook = server.home(student) / "conv1" / "corr2d.ipynb"
        notebook.write_text(fill_notebook(notebook, list(regions), plan), encoding="utf-8")


def _walk(server: Server, blocks: list[Block], on_submit: Callable[[], None]) -> Iterator[str]:
    """Run the guide top to bottom; yields the pending commands left out."""
    for block in blocks:
        if block.file is not None:
            account = COURSE_ACCOUNT if block.file.startswith("~/") else "root"
            target = server.real(block.file, account)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(server.localize(block.text), encoding="utf-8")
            server.ran.append((block.line, "file"))
            continue
        if not block.shell or block.skipped:
            continue
        if (missing := _pending(block)) is not None:
            yield missing
            continue
        if block.account == "grader":
            server.run(block, COURSE_ACCOUNT)
        else:
            if "nbgrader submit" in block.text:
                on_submit()
            for student in STUDENTS:
                server.run(block, student)


@pytest.mark.usefixtures("needs_bwrap")
def test_the_guide_runs_release_fetch_submit_collect_grade_feedback(
    tmp_path: Path, course_of_one
) -> None:
    server = Server(tmp_path / "server")
    _set_up(server, course_of_one)
    repository = server.home(COURSE_ACCOUNT) / "d2l-conv2d"
    blocks = guide_blocks(GUIDE.read_text(encoding="utf-8"))
    pending = list(_walk(server, blocks, lambda: _work(server, repository)))

    runnable = [b for b in blocks if (b.shell and not b.skipped) or b.file]
    ran = {line for line, _ in server.ran}
    not_run = [b.line for b in runnable if b.line not in ran and _pending(b) is None]
    assert not_run == [], f"DEPLOY.md lines {not_run}: blocks no test ran"

    course = repository / "build" / "nbgrader"
    # The exchange was used, not bypassed: each student's submission came through it.
    inbound = sorted(p.name.split("+")[0] for p in (server.root / "srv").rglob("inbound/*"))
    assert inbound == sorted(STUDENTS)
    for student in STUDENTS:
        assert (course / "submitted" / student / "conv1" / "timestamp.txt").is_file()
    # Graded by the engine into nbgrader's gradebook, as `nbgrader export` reads it back.
    rows = {r["student_id"]: r for r in csv.DictReader((course / "grades.csv").open())}
    assert float(rows["ana"]["raw_score"]) == 32.0 == float(rows["ana"]["max_score"])
    assert float(rows["ben"]["raw_score"]) == 0.0
    # Feedback went back through the exchange to the student who handed it in.
    (feedback,) = (server.home("ana") / "conv1" / "feedback").glob("*/corr2d.html")
    assert "textbook" in feedback.read_text(encoding="utf-8")
    results = course / "autograder-results" / "conv1"
    for name in ("lms-canvas.csv", "lms-moodle.csv"):
        lms = (results / name).read_text(encoding="utf-8")
        assert "ana" in lms and "ben" in lms, name
    if "gradescope" in autograder_cli.commands:
        assert zipfile.is_zipfile(repository / "build" / "gradescope-conv1.zip")
    if pending:  # shown in pytest's warnings summary until the command is merged
        warnings.warn(
            f"DEPLOY.md commands not registered yet, not run: {', '.join(pending)}",
            stacklevel=1,
        )


def _files_holding(folder: Path, needle: str) -> list[Path]:
    data = needle.encode()
    return [p for p in folder.rglob("*") if p.is_file() and data in p.read_bytes()]


def test_the_built_course_holds_no_path_of_the_build_machine_and_works_moved(
    tmp_path: Path, course_of_one, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Build in one place, move the repository (its build folder in it) to another, and
    nbgrader works there: its config, its gradebook, and the grade cells' checks."""
    paths = course_of_one(tmp_path / "built-here", "corr2d")
    build_course(paths, paths.load(), course_dir=paths.root / "build" / "nbgrader")
    moved = tmp_path / "moved-there"
    shutil.move(paths.root, moved)
    course = moved / "build" / "nbgrader"
    assert "__file__" in (course / "nbgrader_config.py").read_text()
    assert _files_holding(course, str(paths.root)) == []  # config, notebooks, gradebook
    # The config, read as nbgrader reads it (traitlets, with __file__), names the new place.
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    assert config.CourseDirectory.root == str(course)
    assert config.CourseDirectory.db_url == f"sqlite:///{course / 'gradebook.db'}"
    # The grade cells find the checks from where nbgrader autograde runs them (plain
    # autograde on a built course: test_build, test_quiz), and not from the student's files.
    monkeypatch.delenv("AUTOGRADER_COURSE", raising=False)
    kernel_folder = course / "autograded" / "alice" / "conv1"
    kernel_folder.mkdir(parents=True)
    (kernel_folder / "course.yml").write_text("course_id: planted\n")
    assert course_root_of(kernel_folder.parent) == moved
    # And nbgrader itself, run there, finds its gradebook: the assignment the build added.
    assert "conv1 (" in nbgrader(course, "db", "assignment", "list").stdout
    assert not (tmp_path / "built-here").exists(), "nbgrader wrote to the old place"


def test_a_grade_cell_outside_the_course_says_how_to_find_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from autograder.checks.gradecell import run_check

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AUTOGRADER_COURSE", raising=False)
    with pytest.raises(AssertionError, match="set AUTOGRADER_COURSE to the repository"):
        run_check(None, "tests/public/test_corr2d.py::test_textbook_example", [])

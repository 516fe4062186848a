"""nbgrader's gradebook on PostgreSQL: a real server (Debian's ``postgresql``), started
in a temporary data directory for the session and always stopped.

One URL for the course (course/dburl.py), written into nbgrader_config.py; a course
built and graded into PostgreSQL reads, through nbgrader's own API, exactly what the
same course on SQLite reads; two runs writing different assignments at once both land
whole; a run killed halfway and run again leaves one submission per student with the
final scores."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import jupytext
import pytest

from autograder.course.build import build_course
from autograder.course.dburl import DbUrlError, chosen_url, config_line, gradebook_url, mask
from autograder.course.model import CourseError, parse_course

COURSE_ID = "d2l-conv2d"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


# -- the URL, from one place (no server needed) ------------------------------------------
def test_the_gradebook_url_command_line_then_environment_then_course_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AUTOGRADER_DB_URL", raising=False)
    assert gradebook_url(tmp_path) == f"sqlite:///{tmp_path / 'gradebook.db'}"
    assert gradebook_url(tmp_path, configured="sqlite:///g/x.db") == (
        f"sqlite:///{tmp_path / 'g/x.db'}"
    )
    yml = "postgresql://yml@db:5432/course"
    assert gradebook_url(tmp_path, configured=yml) == "postgresql+psycopg://yml@db:5432/course"
    monkeypatch.setenv("AUTOGRADER_DB_URL", "postgres://env@db/course")
    assert gradebook_url(tmp_path, configured=yml) == "postgresql+psycopg://env@db/course"
    assert gradebook_url(tmp_path, override="sqlite:////srv/gb.db", configured=yml) == (
        "sqlite:////srv/gb.db"
    )


def test_the_config_keeps_no_build_machine_path_for_sqlite() -> None:
    assert config_line(chosen_url()) == (
        "c.CourseDirectory.db_url = 'sqlite:///' + os.path.join(_here, 'gradebook.db')\n"
    )
    url = "postgresql+psycopg://grader@db:5432/course"
    assert config_line(url) == f"c.CourseDirectory.db_url = {url!r}\n"


@pytest.mark.parametrize(
    "url", ["mysql://a:hunter2@db/x", "sqlite://", "postgresql://", "gradebook.db"]
)
def test_a_bad_url_says_what_to_write_and_never_shows_a_password(url: str) -> None:
    with pytest.raises(DbUrlError, match="sqlite:///PATH|postgresql://USER") as caught:
        chosen_url(override=url)
    assert "hunter2" not in str(caught.value)
    with pytest.raises(CourseError, match="gradebook.db_url") as bad:
        parse_course(
            "course_id: c\ntitle: t\nexercises: [{id: e, title: t, points: 1}]\n"
            f"gradebook: {{db_url: '{url}'}}\n"
        )
    assert "hunter2" not in str(bad.value)


def test_an_unreachable_server_is_a_clear_error_with_the_password_masked() -> None:
    from autograder.course.nbgraderapi import GradebookError, gradebook

    url = f"postgresql+psycopg://grader:s3cret@127.0.0.1:{_free_port()}/course"
    assert mask(url) == url.replace("s3cret", "***")
    with pytest.raises(GradebookError, match="cannot open the gradebook") as caught:
        gradebook(url, COURSE_ID)
    assert "s3cret" not in str(caught.value) and "grader:***@" in str(caught.value)


# -- a real server --------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _bin_dir() -> Path | None:
    if (PG_BIN / "pg_ctl").is_file():
        return PG_BIN
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


class Server:
    def __init__(self, port: int) -> None:
        self.port = port
        self.made = 0

    def new_database(self) -> str:
        """A fresh empty database on the server; its SQLAlchemy URL."""
        import psycopg

        self.made += 1
        name = f"gradebook{self.made}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def query(self, url: str, sql: str) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(self.dsn(url.rsplit("/", 1)[1])) as connection:
            return list(connection.execute(sql).fetchall())


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """PostgreSQL 15 on a free loopback port, its socket and data in a temporary
    folder; run as the ``postgres`` user when we are root (the server refuses root)."""
    bin_dir = _bin_dir()
    root = os.geteuid() == 0
    if bin_dir is None:
        if not root:
            pytest.skip("PostgreSQL is not installed (apt-get install postgresql; .ci/run does)")
        pytest.fail("PostgreSQL is not installed: run .ci/run, or apt-get install postgresql")
    pytest.importorskip("psycopg", reason="pip install 'conv-autograder[postgres]'")
    as_owner = ["runuser", "-u", "postgres", "--"] if root else []
    folder = Path(tempfile.mkdtemp(prefix="autograder-pg-"))
    if root:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()

    def run(*command: str) -> None:
        done = subprocess.run([*as_owner, *command], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{command[0]} failed:\n{done.stdout}\n{done.stderr}"

    started = False
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-N")
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-t", "60"]
        run(*pg_ctl, "-o", options, "-l", str(folder / "log"), "start")
        started = True
        _wait_ready(port)
        yield Server(port)
    finally:
        if started:
            subprocess.run(
                [*as_owner, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(folder, ignore_errors=True)


def _wait_ready(port: int) -> None:
    import psycopg

    deadline = time.monotonic() + 60
    while True:
        try:
            psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres").close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


# -- a course on each database --------------------------------------------------------
def _submit(course_dir: Path, assignment: str, exercise: str, student: str, text: str) -> None:
    folder = course_dir / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{exercise}.ipynb").write_text(text)
    (folder / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC")


def _class(paths, course_dir: Path, assignment: str, exercise: str, students: int) -> None:
    """Even students hand in the reference, odd ones the untouched release."""
    right = jupytext.writes(
        jupytext.reads(paths.solution(exercise).read_text(), "py:percent"), "ipynb"
    )
    release = (course_dir / "release" / assignment / f"{exercise}.ipynb").read_text()
    for number in range(students):
        _submit(course_dir, assignment, exercise, f"s{number}", release if number % 2 else right)


def _grade_cli(paths, course_dir: Path, assignment: str, url: str, **popen) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "autograder"),
        "grade",
        "--assignment",
        assignment,
        "--nbgrader-dir",
        str(course_dir),
        "--db-url",
        url,
        "--course",
        str(paths.course_file),
        "-j",
        "1",
        "--lms",
        "canvas",
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen(command, env=env, text=True, **popen)


def _scores(course_dir: Path, assignment: str) -> dict[str, tuple[float, float]]:
    """Each student's (score, max score), as nbgrader's own API reads them from the
    gradebook its nbgrader_config.py names."""
    from autograder.course.nbgraderapi import nbgrader_api

    api = nbgrader_api(course_dir)
    return {
        s["student"]: (round(float(s["score"]), 4), float(s["max_score"]))
        for s in api.get_submissions(assignment)
        if s["autograded"]
    }


@pytest.fixture(scope="module")
def courses(tmp_path_factory: pytest.TempPathFactory, course_of_one, postgres: Server):
    """One course (corr2d in conv1, derivative_kernels in conv2), built twice: on
    SQLite (the default) and on PostgreSQL (``--db-url``); the same class of 2 in each."""
    base = tmp_path_factory.mktemp("postgres")
    paths = course_of_one(base / "repo", "corr2d", "derivative_kernels")
    course = paths.load()
    url = postgres.new_database()
    sqlite_dir = build_course(paths, course, course_dir=base / "sqlite").course_dir
    pg_dir = build_course(paths, course, course_dir=base / "pg", db_url=url).course_dir
    for course_dir in (sqlite_dir, pg_dir):
        _class(paths, course_dir, "conv1", "corr2d", 2)
        _class(paths, course_dir, "conv2", "derivative_kernels", 2)
    return paths, sqlite_dir, pg_dir, url


def test_built_on_postgres_nbgrader_reads_the_url_and_no_sqlite_file(courses) -> None:
    from autograder.course.nbgraderapi import configured_db_url

    paths, sqlite_dir, pg_dir, url = courses
    assert configured_db_url(pg_dir) == url
    assert not (pg_dir / "gradebook.db").exists()
    assert configured_db_url(sqlite_dir) == f"sqlite:///{sqlite_dir / 'gradebook.db'}"
    assert str(sqlite_dir) not in (sqlite_dir / "nbgrader_config.py").read_text()


def test_two_runs_of_different_assignments_at_once_land_whole_and_match_sqlite(
    courses, postgres: Server, tmp_path: Path
) -> None:
    """Two ``autograder grade`` processes at once (conv1, conv2) into one PostgreSQL
    gradebook; the same results recorded into SQLite read the same through nbgrader.
    Then two writers at once, each 40 new students (the same ids) of its assignment:
    every student is created by both, and each write lands once, whole."""
    from autograder.grading.results import read_result
    from autograder.outputs.gradebook import record_scores

    paths, sqlite_dir, pg_dir, url = courses
    runs = [
        _grade_cli(paths, pg_dir, assignment, url, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for assignment in ("conv1", "conv2")
    ]
    for run in runs:
        output = run.communicate(timeout=600)[0]
        assert run.returncode == 0, output
        assert "gradebook" in output and str(pg_dir / "gradebook.db") not in output
    for assignment, full in (("conv1", 32.0), ("conv2", 36.0)):
        results = [
            r
            for f in sorted((pg_dir / "autograder-results" / assignment / "students").iterdir())
            if (r := read_result(f)) is not None
        ]
        record_scores(
            course_dir=sqlite_dir, course_id=COURSE_ID, assignment=assignment, results=results
        )
        on_postgres = _scores(pg_dir, assignment)
        assert on_postgres == _scores(sqlite_dir, assignment)
        assert sorted(on_postgres) == ["s0", "s1"]
        assert on_postgres["s0"] == (full, full) and on_postgres["s1"][0] < full
    assert _submissions(postgres, url) == [("conv1", 2, 2), ("conv2", 2, 2)]

    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", RECORD, str(pg_dir), url, assignment, str(go), "40", result]
        )
        for assignment in ("conv1", "conv2")
        for result in [str(pg_dir / "autograder-results" / assignment / "students" / "s0.json")]
    ]
    time.sleep(2)  # both started and connected: then both write at once
    go.touch()
    for writer in writers:
        assert writer.wait(timeout=300) == 0
    assert _submissions(postgres, url) == [("conv1", 42, 42), ("conv2", 42, 42)]
    for assignment, full in (("conv1", 32.0), ("conv2", 36.0)):
        scores = _scores(pg_dir, assignment)
        assert {scores[f"m{n:03d}"] for n in range(40)} == {(full, full)}
    unscored = postgres.query(url, "SELECT count(*) FROM grade WHERE auto_score IS NULL")
    assert unscored == [(0,)]


def _submissions(postgres: Server, url: str) -> list[tuple[object, ...]]:
    """Per assignment: submissions, and distinct students among them."""
    return postgres.query(
        url,
        "SELECT a.name, count(*), count(DISTINCT s.student_id) FROM submitted_assignment s "
        "JOIN assignment a ON a.id = s.assignment_id GROUP BY a.name ORDER BY a.name",
    )


# record_scores in a process of its own: COURSE_DIR URL ASSIGNMENT GO COUNT RESULT, the
# students m000, m001, ... all handing in RESULT; it starts writing once GO exists.
RECORD = """
import sys, time
from pathlib import Path
from autograder.grading.results import StudentResult
from autograder.outputs.gradebook import record_scores
course_dir, url, assignment, go, count, result_file = sys.argv[1:]
one = StudentResult.model_validate_json(Path(result_file).read_text())
results = [one.model_copy(update={"student": f"m{n:03d}"}) for n in range(int(count))]
while not Path(go).exists():
    time.sleep(0.01)
record_scores(course_dir=Path(course_dir), course_id="d2l-conv2d", assignment=assignment,
              results=results, db_url=url)
"""


def _scored(postgres: Server, url: str) -> dict[str, int]:
    """Each conv1 submission's student -> its grades that hold an automatic score."""
    rows = postgres.query(
        url,
        "SELECT s.student_id, count(g.auto_score) FROM submitted_assignment s "
        "JOIN assignment a ON a.id = s.assignment_id AND a.name = 'conv1' "
        "JOIN submitted_notebook n ON n.assignment_id = s.id "
        "JOIN grade g ON g.notebook_id = n.id GROUP BY s.student_id",
    )
    return {str(student): int(count) for student, count in rows}  # type: ignore[call-overload]


def _wait_for(found, what: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not found():
        assert time.monotonic() < deadline, f"{what} never happened"
        time.sleep(0.05)


def test_a_run_killed_halfway_then_run_again_leaves_one_whole_submission_each(
    courses, postgres: Server
) -> None:
    from autograder.grading.batch import grade_class
    from autograder.grading.classrun import GradeOptions
    from autograder.grading.results import read_result
    from autograder.outputs.gradebook import record_scores
    from autograder.pipeline import grade_assignment

    paths, _, _, _ = courses
    url = postgres.new_database()
    course_dir = build_course(paths, paths.load(), course_dir=paths.root / "killed", db_url=url)
    course_dir = course_dir.course_dir
    _class(paths, course_dir, "conv1", "corr2d", 2)
    students = course_dir / "autograder-results" / "conv1" / "students"
    # 1. the grading process, SIGKILLed once its first student's result is written
    run = _grade_cli(
        paths,
        course_dir,
        "conv1",
        url,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: any(students.glob("*.json")), "a first result")
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)  # its grading workers, if any are left
    # run again (as `autograder grade` does, in this process: no second start-up)
    course = paths.load()
    options = GradeOptions(
        submissions=course_dir / "submitted",
        out=students.parent,
        exercises=("corr2d",),
        jobs=1,
    )
    again = grade_assignment(
        paths,
        course,
        options,
        grade=lambda chosen: grade_class(paths, chosen),
        assignment=course.assignments[0],
        course_dir=course_dir,
        db_url=url,
        lms=("canvas",),
    )
    assert again.report.skipped >= 1 and again.gradebook == url  # resumed, not regraded
    scores = _scores(course_dir, "conv1")
    assert sorted(scores) == ["s0", "s1"]
    assert scores["s0"] == (32.0, 32.0) and scores["s1"][0] < 32.0
    whole = _scored(postgres, url)["s0"]
    assert whole > 0 and set(_scored(postgres, url).values()) == {whole}

    # 2. the gradebook writer itself, SIGKILLed while it writes 100 students
    result = read_result(students / "s0.json")
    assert result is not None
    arguments = [str(course_dir), url, "conv1", str(course_dir), "100", str(students / "s0.json")]
    writer = subprocess.Popen([sys.executable, "-c", RECORD, *arguments])
    try:
        _wait_for(lambda: len(_scored(postgres, url)) > 8, "a first written student", 120)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
    finally:
        writer.kill()
    landed = _scored(postgres, url)
    assert len(landed) < 2 + 100, "killed too late: the writer had finished"
    assert set(landed.values()) == {whole}, "a student half written: no scores, or some"
    record_scores(
        course_dir=course_dir,
        course_id=COURSE_ID,
        assignment="conv1",
        results=[result.model_copy(update={"student": f"m{n:03d}"}) for n in range(100)],
        db_url=url,
    )
    landed = _scored(postgres, url)
    assert len(landed) == 2 + 100 and set(landed.values()) == {whole}
    assert _submissions(postgres, url) == [("conv1", 102, 102)]
    scores = _scores(course_dir, "conv1")
    assert {scores[f"m{n:03d}"] for n in range(100)} == {(32.0, 32.0)}

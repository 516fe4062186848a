"""Per-student isolation of kernel state, failing closed, and Ctrl-C (issue 13, items
4, 5, 6 and 8). Small classes of corr2d students, graded by the real engine.

A student reports what it saw through the message of the exception its ``corr2d``
raises (``REPORT ...``), which the grader puts into that check's failure message.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from autograder.grading.batch import GradingInterrupted, grade_class
from autograder.grading.classrun import GradeOptions
from autograder.grading.results import StudentResult
from autograder.sandbox.bwrap import SandboxUnavailable, find_sandbox

from .conftest import ROOT

SOLUTION = (ROOT / "solutions/corr2d.py").read_text()

_PRELUDE = """
import ctypes, errno, os, time
_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.shmat.restype = ctypes.c_void_p
_seen = {}
def _errno(result):
    return "ok" if result >= 0 else errno.errorcode.get(ctypes.get_errno(), "?")
"""


def _student(body: str) -> str:
    """A correct submission whose corr2d raises ``REPORT`` with what ``body`` saw."""
    return (
        SOLUTION
        + "\n# %%\n"
        + textwrap.dedent(_PRELUDE)
        + textwrap.dedent(body)
        + "\ndef corr2d(X, K):\n    raise RuntimeError('REPORT ' + repr(sorted(_seen.items())))\n"
    )


def _report(result: StudentResult) -> dict[str, str]:
    for check in result.run.checks:
        found = re.search(r"REPORT (\[.*?\])", check.message or "")
        if found:
            return dict(eval(found.group(1)))  # noqa: S307 - our own repr of str pairs
    raise AssertionError(f"no report from {result.student}: {result.notes}")


def _grade(paths, klass: Path, out: Path, **options: object) -> dict[str, StudentResult]:
    report = grade_class(
        paths,
        GradeOptions(submissions=klass, out=out, exercises=("corr2d",), **options),  # type: ignore[arg-type]
    )
    assert report.failed == [], report.failure
    return {r.student: r for r in report.results}


def _write_class(klass: Path, students: dict[str, str]) -> None:
    for name, text in students.items():
        (klass / name).mkdir(parents=True)
        (klass / name / "corr2d.py").write_text(text, encoding="utf-8")


# -- item 4: SysV IPC, POSIX message queues and keyrings do not cross students -----------
_LEAVES_STATE = """
_id = _libc.shmget(0x5EED, 4096, 0o1000 | 0o666)  # IPC_CREAT
_seen["shm_made"] = _errno(_id)
if _id >= 0:
    ctypes.memmove(_libc.shmat(_id, None, 0), b"secret", 6)
_seen["mq_made"] = _errno(_libc.mq_open(b"/agsecret", os.O_CREAT | os.O_RDWR, 0o666, None))
# add_key("user", "agsecret", "secret", 6, KEY_SPEC_USER_KEYRING)
_seen["add_key"] = _errno(_libc.syscall(248, b"user", b"agsecret", b"secret", 6, -4))
# keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 1)
_seen["keyctl"] = _errno(_libc.syscall(250, 0, -4, 1))
"""
_LOOKS_FOR_STATE = """
_seen["shm_found"] = _errno(_libc.shmget(0x5EED, 0, 0))
_seen["shm_listed"] = str(len(open("/proc/sysvipc/shm").read().splitlines()) - 1)
_seen["mq_found"] = _errno(_libc.mq_open(b"/agsecret", os.O_RDONLY, 0, None))
# keyctl(KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, "user", "agsecret", 0)
_seen["key_found"] = _errno(_libc.syscall(250, 10, -4, b"user", b"agsecret", 0))
"""


@pytest.mark.skipif(os.uname().machine != "x86_64", reason="syscall numbers for x86_64")
@pytest.mark.usefixtures("needs_bwrap")
def test_ipc_and_keyrings_do_not_reach_the_next_student(tmp_path: Path, course_of_one) -> None:
    paths = course_of_one(tmp_path / "course", "corr2d", submission_timeout_s=60)
    klass = tmp_path / "class"
    # One grading process, one batch: "a_leaves" then "b_looks" in the same worker.
    _write_class(
        klass, {"a_leaves": _student(_LEAVES_STATE), "b_looks": _student(_LOOKS_FOR_STATE)}
    )
    results = _grade(paths, klass, tmp_path / "out", jobs=1, batch_size=2)
    left, looked = _report(results["a_leaves"]), _report(results["b_looks"])
    assert left["shm_made"] == "ok" and left["mq_made"] == "ok", left  # the state existed
    assert left["add_key"] == "EPERM" and left["keyctl"] == "EPERM", left  # seccomp
    assert looked["shm_found"] == "ENOENT" and looked["shm_listed"] == "0", looked
    assert looked["mq_found"] == "ENOENT", looked
    assert looked["key_found"] == "EPERM", looked
    assert "bubblewrap" in results["b_looks"].sandbox


# -- item 5: /tmp is capped and charged to the student's memory ----------------------
_FILLS_TMP = """
_written = 0
_chunk = b"x" * 2**20
try:
    for _n in range(64):  # files of 16 MiB (the file-size limit), up to 1 GiB in all
        with open(os.path.join(os.environ["TMPDIR"], f"fill-{_n}"), "wb") as _f:
            for _ in range(16):
                _f.write(_chunk)
                _f.flush()
                _written += 1
    _seen["tmp"] = "no error"
except OSError as _e:
    _seen["tmp"] = errno.errorcode.get(_e.errno, str(_e.errno))
_seen["mib"] = str(_written)
"""


def _shmem_kib() -> int:
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("Shmem:"):
                return int(line.split()[1])
    return 0


@pytest.mark.usefixtures("needs_bwrap")
def test_tmp_beyond_memory_fails_and_the_host_shared_memory_stays_put(
    tmp_path: Path, course_of_one
) -> None:
    memory_mb = 192
    paths = course_of_one(
        tmp_path / "course", "corr2d", memory_mb=memory_mb, submission_timeout_s=60
    )
    klass = tmp_path / "class"
    _write_class(klass, {"filler": _student(_FILLS_TMP), "honest": SOLUTION})
    before = _shmem_kib()
    peak = [before]
    done = threading.Event()

    def sample() -> None:  # only a peak is kept: a slow sampler can miss, never invent
        while not done.is_set():
            peak[0] = max(peak[0], _shmem_kib())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        results = _grade(paths, klass, tmp_path / "out", jobs=1, batch_size=2)
    finally:
        done.set()
        sampler.join()
    seen = _report(results["filler"])
    assert seen["tmp"] in ("ENOSPC", "ENOMEM", "EDQUOT"), seen  # an error in its own process
    assert int(seen["mib"]) <= memory_mb, seen
    # Others share this machine: allow them some, far less than the 1 GiB tried.
    assert (peak[0] - before) // 1024 < memory_mb + 256, (before, peak[0])
    assert results["honest"].score == results["honest"].possible


# -- processes are limited per student --------------------------------------------------
_FORK_BOMB = """
_children = 0
try:
    for _ in range(10_000):
        if os.fork() == 0:
            time.sleep(120)
            os._exit(0)
        _children += 1
    _seen["stopped"] = "never"
except OSError as _e:
    _seen["stopped"] = errno.errorcode.get(_e.errno, str(_e.errno))
_seen["children"] = str(_children)
"""
_FORKS_A_FEW = """
time.sleep(2.0)  # graded beside the bomb, once it has exploded
_made = 0
for _ in range(5):
    _pid = os.fork()
    if _pid == 0:
        os._exit(0)
    os.waitpid(_pid, 0)
    _made += 1
_seen["forked"] = str(_made)
"""


@pytest.mark.usefixtures("needs_bwrap")
def test_a_fork_bomb_is_contained_per_student(tmp_path: Path, course_of_one) -> None:
    processes = 24
    paths = course_of_one(
        tmp_path / "course", "corr2d", processes=processes, submission_timeout_s=60
    )
    klass = tmp_path / "class"
    # The bomb keeps its processes while its checks run (each call waits a little);
    # the other student, in the other grading process, forks meanwhile. With one limit
    # per shared uid the bomb would use up the other's processes; per student, not.
    slow_bomb = _student(_FORK_BOMB).replace(
        "raise RuntimeError", "time.sleep(0.3); raise RuntimeError"
    )
    _write_class(
        klass,
        {
            "a_bomb": slow_bomb,
            "b_beside": _student(_FORKS_A_FEW),
            "c_after": _student(_FORKS_A_FEW),
        },
    )
    results = _grade(paths, klass, tmp_path / "out", jobs=2, batch_size=1)
    exploded = _report(results["a_bomb"])
    assert exploded["stopped"] == "EAGAIN" and int(exploded["children"]) < processes, exploded
    assert _report(results["b_beside"])["forked"] == "5"
    assert _report(results["c_after"])["forked"] == "5"  # and whoever comes next


# -- item 6: fail closed ------------------------------------------------------------------
def _broken_bwrap(folder: Path) -> Path:
    fake = folder / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def test_a_broken_bubblewrap_refuses_with_the_probe_error(tmp_path: Path) -> None:
    fake = _broken_bwrap(tmp_path)
    with pytest.raises(SandboxUnavailable, match="uid map: Permission denied.*--no-sandbox"):
        find_sandbox(bwrap=str(fake))


def test_grade_refuses_with_a_broken_bubblewrap_unless_told_no_sandbox(
    tmp_path: Path, course_of_one
) -> None:
    paths = course_of_one(tmp_path / "course", "corr2d")
    klass = tmp_path / "class"
    _write_class(klass, {"honest": SOLUTION})
    env = {**os.environ, "AUTOGRADER_BWRAP": str(_broken_bwrap(tmp_path)), "COLUMNS": "500"}
    argv = [sys.executable, "-m", "autograder", "grade", str(klass), "--jobs", "1"]
    argv += ["--course", str(paths.course_file), "--out", str(tmp_path / "out")]
    refused = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600)
    assert refused.returncode == 1
    assert "uid map: Permission denied" in refused.stdout, refused.stdout
    assert not list((tmp_path / "out" / "students").glob("*.json"))
    allowed = subprocess.run(
        [*argv, "--no-sandbox"], env=env, capture_output=True, text=True, timeout=600
    )
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    result = StudentResult.model_validate_json(
        (tmp_path / "out" / "students" / "honest.json").read_text()
    )
    assert "--no-sandbox" in result.sandbox and result.score == result.possible
    assert "--no-sandbox" in (tmp_path / "out" / "summary.json").read_text()


# -- item 8: Ctrl-C --------------------------------------------------------------------------
def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_ctrl_c_stops_the_run_keeps_results_and_resumes(tmp_path: Path, course_of_one) -> None:
    paths = course_of_one(tmp_path / "course", "corr2d")
    klass, out = tmp_path / "class", tmp_path / "out"
    slow = SOLUTION + "\n# %%\nimport time\ntime.sleep(1.0)\n"  # each student takes a while
    _write_class(klass, {f"s{i:02d}": slow for i in range(12)})
    argv = [sys.executable, "-m", "autograder", "grade", str(klass), "--out", str(out)]
    argv += ["--jobs", "2", "--course", str(paths.course_file)]
    scratch = tmp_path / "tmp"  # the run's temporary folder
    scratch.mkdir()
    run = subprocess.Popen(
        argv,
        start_new_session=True,
        # As from a terminal: a job started in the background by a non-interactive shell
        # (CI's, for one) inherits SIGINT ignored, and Python then keeps ignoring it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "500", "TMPDIR": str(scratch)},
    )
    deadline = time.monotonic() + 300
    while len(list((out / "students").glob("*.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    processes = _descendants(run.pid)
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground group
    try:
        output, _ = run.communicate(timeout=30)  # generous: "a few seconds" when quiet
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        pytest.fail("the run went on for 30 s after Ctrl-C")
    text = output.decode(errors="replace")
    assert run.returncode == 130, text
    assert "interrupted" in text and "run the same command again" in text, text
    time.sleep(1.0)
    assert not [p for p in processes if _alive(p)], "grading processes or workers survived"
    # torch's own compile cache (torchinductor_<user>) may appear there: it is meant to
    # persist between runs. Nothing of the run's own may be left.
    left = [p.name for p in scratch.iterdir() if not p.name.startswith("torchinductor_")]
    assert not left, f"temporary files left behind: {sorted(left)}"
    done = {p.stem: p.read_text() for p in (out / "students").glob("*.json")}
    assert 2 <= len(done) < 12, "the run was not stopped halfway"

    report = grade_class(
        paths, GradeOptions(submissions=klass, out=out, exercises=("corr2d",), jobs=1)
    )
    assert (report.skipped, report.graded) == (len(done), 12 - len(done))
    assert all(r.score == 32 for r in report.results) and len(report.results) == 12
    for student, text in done.items():  # kept, not regraded
        assert (out / "students" / f"{student}.json").read_text() == text


def test_an_interrupted_run_raises_with_its_report(tmp_path: Path, course_of_one) -> None:
    paths = course_of_one(tmp_path / "course", "corr2d")
    klass, out = tmp_path / "class", tmp_path / "out"
    _write_class(klass, {f"s{i}": SOLUTION for i in range(4)})
    seen: list[str] = []

    def interrupt_after_the_first(student: str) -> None:
        seen.append(student)
        raise KeyboardInterrupt

    with pytest.raises(GradingInterrupted) as stopped:
        grade_class(
            paths,
            GradeOptions(submissions=klass, out=out, exercises=("corr2d",), jobs=1, batch_size=1),
            on_student=interrupt_after_the_first,
        )
    report = stopped.value.report
    assert len(seen) == 1 and report.graded >= 1 and len(report.failed) == 4 - report.graded
    assert "run the same command again" in str(stopped.value)


# -- where cgroups cannot be written: a clear notice, never silence -------------------------
def test_without_writable_cgroups_the_run_and_each_result_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from autograder.course.model import GradingLimits
    from autograder.sandbox import cgroups
    from autograder.sandbox.host import WorkerHost

    monkeypatch.setattr(cgroups, "_ROOT", tmp_path / "no-cgroups-here")
    found, notice = cgroups.controllers()
    assert found == [] and "per-student cgroups (memory and pids) are not writable" in notice
    host = WorkerHost(find_sandbox(allow=False), GradingLimits(), (found, notice))
    assert notice in host.description and "--no-sandbox" in host.description
    assert host.spec.nproc > 0  # processes fall back to the per-uid limit
    assert notice in find_sandbox(allow=False).with_notices(notice).warning

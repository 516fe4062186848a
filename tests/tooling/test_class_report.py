"""The class report: its numbers match the results it is built from, every student's
trouble shows, and nothing a student wrote is markup."""

from __future__ import annotations

import base64
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.boundary.failures import describe_failure
from autograder.boundary.messages import Failure
from autograder.cli.main import main
from autograder.grading.late import LatePolicy
from autograder.grading.results import CheckResult, RunResult, StudentResult
from autograder.outputs.report import ReportError, read_results, render_report, write_report
from autograder.outputs.report_findings import kinds_in, limits_hit, mistake_key
from autograder.outputs.similarity import SimilarPair
from autograder.worker.cleanup import describe_status
from autograder.worker.timelimits import timeout_message

HOSTILE = "<script>window.pwned=1</script>"
ROW_SHORT = (
    "corr2d output [X (6, 8), K (1, 2)]: output shape (5, 6), expected (6, 7). Likely "
    "mistake: one row short: the output has H - kh + 1 rows, so loop over range(H - kh + 1)"
)
# The engine's own wording, from the functions that write it.
TIMEOUT = "corr2d: " + timeout_message("cpu", 1.5, 10.0)
SEGFAULT = f"corr2d: the student's process died during the call: {describe_status(139)}"
STUB = str(describe_failure("corr2d", Failure("exception", "", type="NotImplementedError"), ""))

# (id, exercise, points) of the checks every synthetic student runs
CHECKS = [
    ("tests/public/test_corr2d.py::test_textbook_example", "corr2d", 1.0),
    ("tests/hidden/test_corr2d.py::test_random_shapes", "corr2d", 2.0),
    ("tests/hidden/test_pool2d.py::test_backward", "pool2d", 3.0),
]


def student(name: str, failures: dict[int, str], *, notes: dict[str, str] | None = None):
    """A result where the checks numbered in ``failures`` failed with that message."""
    checks = [
        CheckResult(
            id=check_id,
            exercise=exercise,
            visibility="hidden" if "hidden" in check_id else "public",
            points=points,
            passed=index not in failures,
            outcome="failed" if index in failures else "passed",
            message=failures.get(index, ""),
        )
        for index, (check_id, exercise, points) in enumerate(CHECKS)
    ]
    run = RunResult(impl=name, public_seed=1, hidden_seed=2, checks=checks)
    return StudentResult(
        student=name,
        fingerprint="f",
        graded_at="2026-11-21T10:00:00+00:00",
        sandbox="bubblewrap",
        duration_s=1.5,
        score=run.score,
        possible=run.max_score,
        exercises=run.by_exercise(),
        notes=notes or {},
        run=run,
    )


def synthetic_class() -> list[StudentResult]:
    wrong = "pool2d: 4 of 16 values are wrong (largest difference 2 at index (0, 1))."
    return [
        student("ana", {}),  # 6/6
        student("bo", {1: ROW_SHORT}),  # 4/6, late (below)
        student("cy", {1: ROW_SHORT.replace("(6, 8)", "(4, 7)"), 2: SEGFAULT}),  # 1/6
        student(HOSTILE, {2: TIMEOUT}),  # 3/6
        student("dee", {0: "corr2d: returned a list", 1: "bad </table><!--", 2: wrong}),  # 0/6
        student("stub", dict.fromkeys(range(3), STUB)),  # 0/6: the untouched stub
    ]


def late_bo() -> LatePolicy:
    due = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)
    return LatePolicy(per_day=0.1, due={"bo": due}, submitted={"bo": due + timedelta(days=1.5)})


class _Tables(HTMLParser):
    """The text of every table cell, by table id: what a reader sees, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None  # the table being read

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or ""
            self.tables[self._table] = []
        elif self._table is None:
            return
        elif tag == "tr":
            self.tables[self._table].append([])
        elif tag in ("td", "th"):
            self.tables[self._table][-1].append("")

    def handle_data(self, data: str) -> None:
        rows = self.tables.get(self._table) if self._table is not None else None
        if rows and rows[-1]:
            rows[-1][-1] += data


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def rows_by_first_cell(html: str, table: str) -> dict[str, list[str]]:
    return {row[0].strip(): [c.strip() for c in row[1:]] for row in tables(html)[table][1:]}


@pytest.fixture(scope="module")
def html() -> str:
    return render_report(
        synthetic_class(),
        title="Convolutions",
        exercises=("corr2d", "pool2d"),
        late=late_bo(),
        manual={"pool2d": 4.0},
        overrides={"bo": ["pool2d free-text 1: 0 -> 3 (by hand)"]},
        plots=False,
    )


def test_the_numbers_are_the_results_numbers(html: str) -> None:
    rates = rows_by_first_cell(html, "check-rates")
    assert rates["corr2d: test_random_shapes"] == ["4/6", "67%"]
    assert rates["pool2d: test_backward"] == ["4/6", "67%"]
    assert rates["corr2d: test_textbook_example"] == ["2/6", "33%"]
    assert list(rates)[-1] == "corr2d: test_textbook_example"  # sorted, most failed first
    totals = rows_by_first_cell(html, "total-stats")
    # raw 6, 4, 1, 3, 0, 0; bo loses 2 started days x 10% of 4 = 0.8
    assert totals["total (raw)"] == ["6", "2.33", "2", "0", "6"]
    assert totals["total (after late penalty)"] == ["6", "2.2", "2", "0", "6"]
    exercises = rows_by_first_cell(html, "exercise-stats")
    assert exercises["corr2d"] == ["3", "1.33", "1", "2", "2"]  # full marks 2, zero 2
    assert exercises["pool2d"] == ["3 auto + 4 manual", "1", "0", "2", "4"]
    assert rows_by_first_cell(html, "late-table")["bo"][2:] == ["2", "4", "0.8", "3.2"]
    assert rows_by_first_cell(html, "student-table")["bo"][0] == "4 - 0.8 = 3.2/6"
    assert "pool2d free-text 1: 0 -&gt; 3 (by hand)" in html
    assert "4 point(s) of free-text answers are graded by hand" in html


def test_the_same_mistake_on_other_shapes_is_one_mistake(html: str) -> None:
    mistakes = tables(html)["mistake-table"][1:]
    first = [cell.strip() for cell in mistakes[0]]
    assert first[0].startswith("Likely mistake: one row short")
    assert first[1:] == ["2", "2", "bo, cy"]
    assert not any("not implemented yet" in row[0] for row in mistakes)  # the stub is no mistake
    assert mistake_key(SEGFAULT)[0] == "corr2d: the student's process died during the call: " + (
        "the process was killed by SIGSEGV (segmentation fault)"
    )
    assert mistake_key("corr2d [X (7, 8)]: output shape (2, 2).")[0] == (
        "corr2d […]: output shape (N, N)"
    )


def test_every_student_in_trouble_needs_a_look_and_no_one_else(html: str) -> None:
    look = rows_by_first_cell(html, "look-table")
    assert set(look) == {"cy", HOSTILE, "dee"}
    assert look["cy"][0] == "crash or exit"
    assert look[HOSTILE][0] == "time limit"
    assert look["dee"][0] == "zero score for work that is not the stub"
    students = rows_by_first_cell(html, "student-table")
    assert set(students) == {"ana", "bo", "cy", HOSTILE, "dee", "stub"}
    assert students["ana"] == ["6/6", "1.5 s", "-", ""]
    assert students["cy"][2] == "crash or exit"


def test_student_text_is_inert(html: str) -> None:
    assert "<script" not in html.lower() and "<!--" not in html
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    assert "bad &lt;/table&gt;&lt;!--" in html
    # a student's "</table>" closes nothing: the rows after it are all still there
    assert len(tables(html)["student-table"]) == 1 + 6
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (TIMEOUT, "timeout"),
        ("f: " + timeout_message("wall", 1.5, 10.0), "timeout"),
        (SEGFAULT, "crash"),
        ("f: the code called sys.exit(3)", "crash"),
        ("f: the code ran out of memory (the limit is 1024 MiB)", "memory"),
        ("f raised BlockingIOError: [Errno 11] Resource temporarily unavailable", "processes"),
        ("corr2d.py is a symbolic link; submit the file itself", "file refused"),
        ("corr2d.py: not UTF-8 text (byte 8378); save it as UTF-8", "file refused"),
        ("some code failed to run when it was loaded: cell 2 line 1", "load error"),
        ("no submission for c: expected c.py; found c (1).ipynb: rename it", "misnamed file"),
    ],
)
def test_each_limit_is_named_in_the_engines_own_words(message: str, kind: str) -> None:
    assert kind in kinds_in(message)
    assert kinds_in("corr2d: 3 of 4 values are wrong; found 2") == set()


def test_a_limit_in_a_note_or_a_warning_counts_too() -> None:
    noted = student("eve", {}, notes={"corr2d": "corr2d.ipynb: not a valid notebook (JSON)"})
    assert limits_hit(noted).reasons == ("file refused or unreadable",)
    paired = limits_hit(student("ana", {}), similar=["bo"])
    assert paired.reasons == ("similar to bo",)


def test_similar_pairs_are_shown_side_by_side_escaped() -> None:
    pair = SimilarPair("corr2d", "ana", "bo", 0.93, "x = 1  # </pre><b>", "y = 1  # <i>")
    html = render_report(synthetic_class(), title="t", similar=[pair], plots=False)
    assert "corr2d: ana and bo (93% alike)" in html
    assert "<pre>x = 1  # &lt;/pre&gt;&lt;b&gt;</pre><pre>y = 1  # &lt;i&gt;</pre>" in html
    assert "similar to bo" in html  # and both students need a look
    assert "No similar pairs found" not in html
    assert "No similar pairs found" in render_report(synthetic_class(), title="t", plots=False)


def test_the_file_is_self_contained_with_every_plot(tmp_path: Path) -> None:
    path = write_report(synthetic_class(), tmp_path, title="Convolutions", late=late_bo())
    html = path.read_text()
    assert path == tmp_path / "report.html"
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 3  # the total, the exercises, the checks
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    assert not re.search(r"(src|href)=\"(https?:|//)", html)  # works offline


def test_report_command_rebuilds_the_report_from_a_results_folder(tmp_path: Path) -> None:
    (tmp_path / "run" / "students").mkdir(parents=True)
    for result in synthetic_class()[:3]:
        path = tmp_path / "run" / "students" / f"{result.student}.json"
        path.write_text(result.model_dump_json())
    (tmp_path / "run" / "students" / "half.json").write_text("{")  # a killed run's leftover
    assert [r.student for r in read_results(tmp_path / "run")] == ["ana", "bo", "cy"]
    out = tmp_path / "elsewhere" / "class.html"
    runner = CliRunner()
    done = runner.invoke(main, ["report", str(tmp_path / "run"), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "class report (3 students)" in done.output and out.is_file()
    assert rows_by_first_cell(out.read_text(), "check-rates")["pool2d: test_backward"][0] == "1/3"
    missing = runner.invoke(main, ["report", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "no students/ folder" in missing.output
    with pytest.raises(ReportError, match="no readable student results"):
        (tmp_path / "empty" / "students").mkdir(parents=True)
        read_results(tmp_path / "empty")


def test_the_report_runs_without_torch(tmp_path: Path) -> None:
    """The instructor's side: building a report never imports torch (a fresh process,
    since this one has torch from other tests)."""
    import subprocess
    import sys

    (tmp_path / "students").mkdir()
    result = synthetic_class()[0]
    (tmp_path / "students" / "ana.json").write_text(result.model_dump_json())
    code = (
        "import sys; from pathlib import Path\n"
        "from autograder.outputs.report import read_results, write_report\n"
        f"write_report(read_results(Path({str(tmp_path)!r})), Path({str(tmp_path)!r}), title='t')\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "report.html").is_file()


def test_every_graded_run_writes_its_report(paths, tmp_path: Path) -> None:
    """``grade_assignment`` (what `autograder grade` and the demo call) writes
    report.html beside the exports; the grading itself is stood in for."""
    from autograder.grading.classrun import GradeOptions, GradeReport
    from autograder.pipeline import grade_assignment
    from autograder.sandbox.bwrap import Sandbox

    # ids are folder names, so never hold "/" (the feedback files are named after them)
    results = [r for r in synthetic_class() if r.student != HOSTILE]
    options = GradeOptions(
        submissions=tmp_path, out=tmp_path / "out", exercises=("corr2d",), jobs=1
    )
    report = GradeReport(
        graded=len(results),
        skipped=0,
        failed=[],
        failure="",
        seconds=1.0,
        sandbox=Sandbox(isolated=False, bwrap="", description="none"),
        results=results,
        summary_files=(),
    )
    graded = grade_assignment(paths, paths.load(), options, grade=lambda chosen: report)
    assert graded.class_report == tmp_path / "out" / "report.html"
    html = graded.class_report.read_text()
    assert rows_by_first_cell(html, "check-rates")["corr2d: test_random_shapes"][0] == "4/5"


def test_the_plot_shows_the_most_failed_checks_and_the_table_every_check() -> None:
    from autograder.outputs.report_findings import CheckRate
    from autograder.outputs.report_plots import PLOTTED_CHECKS, plotted_rates

    rates = sorted(
        (CheckRate(f"c{i:03}", "corr2d", failed=max(0, 60 - i), counted=60) for i in range(300)),
        key=lambda r: (-r.rate, -r.failed, r.id),
    )
    shown = plotted_rates(rates)
    assert len(shown) == PLOTTED_CHECKS < 60 and shown == rates[:PLOTTED_CHECKS]
    nobody = [CheckRate(f"c{i}", "corr2d", failed=0, counted=9) for i in range(30)]
    assert plotted_rates(nobody) == nobody[:5]

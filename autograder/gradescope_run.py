"""What Gradescope's ``run_autograder`` runs: ``python -m autograder.gradescope_run``.

One submission, graded like one student of ``autograder grade``: the upload's files are
copied (through the one reader of student files) into a class folder outside the
Gradescope root, the class is graded by ``grading.batch.grade_class`` (sandboxed workers,
verdicts in this trusted process), and ``outputs.feedback.gradescope_results`` makes the
results.json: public checks visible, hidden ones ``after_due_date``, each check's
feedback text, the late penalty from Gradescope's submission metadata
(``grading.gradescope_upload.read_metadata``) by the one rule, ``late.late_penalty``.

results.json is written last, atomically, after every worker is gone; whatever a
submission wrote there is replaced. An internal failure still writes one: score 0 and
what failed, for the student in a sentence, for the instructor in stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograder.course.model import CoursePaths
from autograder.grading.classrun import GradeOptions, GradeReport
from autograder.grading.gradescope_upload import collect_upload, read_metadata
from autograder.grading.late import LatePolicy
from autograder.outputs.feedback import gradescope_results
from autograder.outputs.gradescope_zip import CONFIG_NAME

if TYPE_CHECKING:
    from autograder.sandbox.bwrap import Sandbox


def write_results(root: Path, data: dict[str, Any]) -> Path:
    """``root/results/results.json``, replaced atomically (a forged one included)."""
    results = root / "results"
    results.mkdir(parents=True, exist_ok=True)
    target = results / "results.json"
    partial = results / "results.json.partial"
    partial.unlink(missing_ok=True)  # a link planted there is removed, not followed
    with open(partial, "x", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
    os.replace(partial, target)
    return target


def failure_results(message: str) -> dict[str, Any]:
    return {
        "score": 0.0,
        "output": (
            "The autograder could not grade this submission: "
            f"{message}. Your instructor can see what happened; resubmitting the same "
            "files will not change it until they fix it."
        ),
        "stdout_visibility": "hidden",
        "tests": [],
    }


def _grade(paths: CoursePaths, options: GradeOptions) -> GradeReport:
    """``grade_class``; where bubblewrap cannot start and the zip was built with
    ``--allow-no-sandbox``, again with resource limits only (recorded in the result)."""
    from autograder.grading.batch import grade_class
    from autograder.sandbox.bwrap import SandboxUnavailable

    def started(total: int, skipped: int, sandbox: Sandbox) -> None:
        print(f"sandbox: {sandbox.summary}", flush=True)

    try:
        return grade_class(paths, options, on_start=started)
    except SandboxUnavailable as error:
        if options.require_sandbox:
            raise
        print(f"WARNING: {error}; grading with resource limits only (--allow-no-sandbox)")
        return grade_class(paths, replace(options, use_sandbox=False), on_start=started)


def grade_submission(root: Path, course_root: Path) -> dict[str, Any]:
    """Grade ``root/submission``; the results.json data."""
    started = time.monotonic()
    paths = CoursePaths(course_root)
    course = paths.load()
    config = json.loads((course_root / CONFIG_NAME).read_text(encoding="utf-8"))
    assignment = next(a for a in course.assignments if a.id == config["assignment"])
    exercises = list(assignment.exercises)
    info = read_metadata(root / "submission_metadata.json", course_due=assignment.due)
    for note in info.notes:
        print(f"note: {note}")

    with tempfile.TemporaryDirectory(prefix="autograder-gradescope-") as tmp:
        upload = collect_upload(root / "submission", exercises, Path(tmp) / "class" / info.student)
        options = GradeOptions(
            submissions=Path(tmp) / "class",
            out=Path(tmp) / "out",
            exercises=tuple(exercises),
            jobs=1,
            force=True,
            require_sandbox=bool(config.get("require_sandbox", True)),
        )
        report = _grade(paths, options)
    if not report.results:
        raise RuntimeError(f"the submission was not graded ({report.failure or 'no result'})")
    result = report.results[0]
    late = LatePolicy(
        per_day=course.grading.late_penalty_per_day,
        due={result.student: info.due} if info.due else {},
        submitted={result.student: info.submitted} if info.submitted else {},
    )
    manual = {str(k): float(v) for k, v in config.get("manual_points", {}).items()}
    data = gradescope_results(result, late=late, manual=manual)
    data["output"] = "\n".join(line for line in [*upload.notes, data["output"]] if line)
    data["stdout_visibility"] = "hidden"  # the log names paths and the sandbox, not for students
    data["execution_time"] = round(time.monotonic() - started, 1)
    data["extra_data"].update(
        {
            "graded_files": upload.found,
            "sandbox": result.sandbox,
            "seeds": {"public": result.run.public_seed, "hidden": result.run.hidden_seed},
        }
    )
    print(
        f"graded {info.student}: {data['score']:g} of {result.possible:g} "
        f"(raw {result.score:g}); files {upload.found}",
        flush=True,
    )
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument("--course", type=Path, default=None)
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    course_root: Path = (args.course or root / "source" / "course").resolve()
    try:
        data = grade_submission(root, course_root)
    except BaseException as error:  # noqa: BLE001  (even SystemExit: always a results.json)
        traceback.print_exc()
        reason = str(error).splitlines()[0] if str(error) else ""
        data = failure_results(f"{type(error).__name__}: {reason}"[:500])
    write_results(root, data)
    print(f"wrote {root / 'results' / 'results.json'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``autograder gradescope ASSIGNMENT``: a Gradescope autograder zip for one assignment."""

from __future__ import annotations

from pathlib import Path

import click

from autograder.cli.common import console, course_option, fail, load_course
from autograder.course.model import CourseError


@click.command()
@click.argument("assignment_id", metavar="ASSIGNMENT")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The zip to write (default: build/gradescope-<ASSIGNMENT>.zip).",
)
@click.option(
    "--allow-no-sandbox",
    is_flag=True,
    help="Where bubblewrap cannot start on Gradescope, grade with resource limits only "
    "(said in every result) instead of refusing with a score of 0.",
)
@course_option
def gradescope(
    assignment_id: str, out: Path | None, allow_no_sandbox: bool, course_file: str | None
) -> None:
    """Write a Gradescope autograder (setup.sh, run_autograder, the package, the
    assignment's checks) for ASSIGNMENT. Upload the zip as the assignment's autograder
    ("Zip file upload"); it grades /autograder/submission in the sandboxed engine."""
    from autograder.outputs.gradescope_zip import GradescopeBuildError, write_gradescope_zip

    try:
        paths, course = load_course(course_file)
        target = (out or paths.root / "build" / f"gradescope-{assignment_id}.zip").resolve()
        names = write_gradescope_zip(
            paths, course, assignment_id, target, require_sandbox=not allow_no_sandbox
        )
    except (CourseError, GradescopeBuildError) as error:
        fail(str(error))
        return
    solutions = [n for n in names if n.startswith("course/solutions/")]
    console.print(
        f"ok wrote {target} ({len(names)} files; hidden checks and "
        f"{len(solutions)} quiz key file(s): keep it among the staff); upload it as the "
        "assignment's autograder on Gradescope",
        highlight=False,
    )

"""The ``autograder`` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import click

from autograder.cli import authoring, demo, gradescope, grading, quiz, report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="conv-autograder")
def main() -> None:
    """Build, check and grade the 2-D convolution unit."""


for command in (
    authoring.check,
    authoring.stubs,
    authoring.selfcheck,
    authoring.verify,
    grading.build,
    grading.bundle,
    grading.grade,
    report.report,
    gradescope.gradescope,
    quiz.quiz,
    demo.demo,
):
    main.add_command(command)

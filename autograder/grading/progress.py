"""What ``autograder grade`` shows: a progress bar while it runs, a summary after."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from autograder.grading.classrun import GradeReport
from autograder.grading.results import StudentResult


class _RateColumn(ProgressColumn):
    """Students per second, over the whole run so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        if not elapsed or not task.completed:
            return Text("-- students/s")
        return Text(f"{task.completed / elapsed:.1f} students/s")


def grade_progress(console: Console) -> Progress:
    return Progress(
        TextColumn("grading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("students"),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
    )


def summary_table(report: GradeReport, exercises: Sequence[str], *, limit: int = 40) -> Table:
    """One row per student (the first ``limit``): total, and what went wrong where."""
    results: list[StudentResult] = report.results
    table = Table(title="Class summary", title_justify="left")
    table.add_column("student", overflow="fold")
    table.add_column("score", justify="right")
    table.add_column("%", justify="right")
    table.add_column("full marks", justify="right")
    table.add_column("notes", overflow="fold", max_width=60)
    for result in results[:limit]:
        full = sum(1 for s in result.exercises.values() if s.possible and s.earned == s.possible)
        notes = [f"{e}: {n}" for e, n in result.notes.items()]
        note = notes[0][:100] if notes else ""
        if len(notes) > 1:
            note += f" (+{len(notes) - 1} more)"
        share = result.score / result.possible if result.possible else 0.0
        table.add_row(
            result.student,
            f"{result.score:g}/{result.possible:g}",
            f"{share:.0%}",
            f"{full}/{len(exercises)}",
            note,
        )
    if len(results) > limit:
        table.add_row(f"... {len(results) - limit} more", "", "", "", "")
    return table


def exercise_table(report: GradeReport, exercises: Sequence[str]) -> Table:
    """Per exercise: the class mean and how many students got full marks."""
    table = Table(title="By exercise", title_justify="left")
    for name in ("exercise", "mean", "points", "full marks"):
        table.add_column(name, justify="left" if name == "exercise" else "right")
    for exercise in exercises:
        scores = [r.exercises[exercise] for r in report.results if exercise in r.exercises]
        if not scores:
            continue
        mean = statistics.fmean(s.earned for s in scores)
        full = sum(1 for s in scores if s.possible and s.earned == s.possible)
        table.add_row(exercise, f"{mean:.1f}", f"{scores[0].possible:g}", f"{full}/{len(scores)}")
    return table

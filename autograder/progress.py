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

from autograder.grading import GradeReport, StudentResult


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
    """Per-student scores (the first ``limit``), then per-exercise means."""
    results: list[StudentResult] = report.results
    table = Table(title="Class summary", title_justify="left")
    table.add_column("student")
    for exercise in exercises:
        table.add_column(exercise, justify="right")
    table.add_column("total", justify="right")
    table.add_column("notes", overflow="fold", max_width=48)
    for result in results[:limit]:
        cells = []
        for exercise in exercises:
            score = result.exercises.get(exercise)
            cells.append(f"{score.earned:g}/{score.possible:g}" if score else "-")
        note = "; ".join(f"{e}: {n}" for e, n in result.notes.items())
        table.add_row(result.student, *cells, f"{result.score:g}/{result.possible:g}", note[:120])
    if len(results) > limit:
        table.add_row(f"... {len(results) - limit} more", *[""] * (len(exercises) + 2))
    if results:
        means = []
        for exercise in exercises:
            earned = [r.exercises[exercise].earned for r in results if exercise in r.exercises]
            means.append(f"{statistics.fmean(earned):.1f}" if earned else "-")
        table.add_row(
            "[bold]mean[/]",
            *means,
            f"{statistics.fmean(r.score for r in results):.1f}",
            "",
            end_section=True,
        )
    return table

"""The class summary of a run (``summary.json`` and ``summary.csv``), from every
student's result."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from autograder.grading.results import StudentResult

__all__ = ["summarize"]


def summarize(
    results: Sequence[StudentResult], exercises: Sequence[str], out: Path, *, sandbox: str = ""
) -> tuple[Path, Path]:
    rows = []
    for result in results:
        row: dict[str, str | float] = {"student": result.student}
        for exercise in exercises:
            score = result.exercises.get(exercise)
            row[exercise] = score.earned if score else 0.0
        row.update(
            score=result.score,
            possible=result.possible,
            notes="; ".join(f"{e}: {n}" for e, n in result.notes.items())[:300],
        )
        rows.append(row)
    json_path, csv_path = out / "summary.json", out / "summary.csv"
    json_path.write_text(
        json.dumps({"exercises": list(exercises), "sandbox": sandbox, "students": rows}, indent=1)
    )
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["student", *exercises, "score", "possible", "notes"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return json_path, csv_path

"""The class report: one self-contained ``report.html`` per graded run, for the
instructor. Score distributions (the run's total and each exercise's), every check's
failure rate, the most frequent mistakes, late submissions and their penalties, points
graded by hand and manual overrides, each student's time and the limits they hit, the
students who need a look, and pairs of similar submissions side by side.

The page works offline: the plots are PNG images inside the file (``report_plots``),
there are no scripts and no external URLs, and a Content-Security-Policy forbids both,
so nothing a student wrote can run even if it were ever left unescaped. Everything a
student controls (ids, messages, notes, code) is escaped by the template engine.

Reads data models only (results, the late rule, similarity pairs); no torch: it runs on
the instructor's side, e.g. ``autograder report RESULTS_DIR`` on a laptop.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2

from autograder.grading.late import LatePolicy, utc
from autograder.grading.manual import points_label
from autograder.grading.results import StudentResult, read_result
from autograder.outputs.report_findings import (
    check_rates,
    frequent_mistakes,
    limits_hit,
)
from autograder.outputs.similarity import SimilarPair

__all__ = ["REPORT_NAME", "ReportError", "read_results", "render_report", "write_report"]

REPORT_NAME = "report.html"
_SHOWN_CODE_CHARS = 20_000  # per side of a similar pair

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("autograder.outputs", "templates"),
    autoescape=True,  # every value, whatever the template's name
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


class ReportError(ValueError):
    """The report cannot be built; the message says why and what to do."""


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


_ENV.filters["num"] = _num


def _stats(values: Sequence[float]) -> dict[str, str]:
    if not values:
        return {"n": "0", "mean": "-", "median": "-", "min": "-", "max": "-"}
    return {
        "n": str(len(values)),
        "mean": _num(statistics.fmean(values)),
        "median": _num(statistics.median(values)),
        "min": _num(min(values)),
        "max": _num(max(values)),
    }


def _date(moment: datetime | None) -> str:
    return utc(moment).strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


def _similar_partners(pairs: Sequence[SimilarPair]) -> dict[str, set[str]]:
    partners: dict[str, set[str]] = {}
    for pair in pairs:
        partners.setdefault(pair.first, set()).add(pair.second)
        partners.setdefault(pair.second, set()).add(pair.first)
    return partners


def _code(text: str) -> str:
    if len(text) <= _SHOWN_CODE_CHARS:
        return text
    return text[:_SHOWN_CODE_CHARS] + f"\n… ({len(text) - _SHOWN_CODE_CHARS} more characters)"


def _context(
    results: Sequence[StudentResult],
    *,
    title: str,
    exercises: Sequence[str],
    late: LatePolicy,
    manual: Mapping[str, float],
    similar: Sequence[SimilarPair],
    overrides: Mapping[str, Sequence[str]],
    plots: bool,
) -> dict[str, Any]:
    results = sorted(results, key=lambda r: r.student)
    lateness = {r.student: late.apply(r.student, r.score) for r in results}
    finals = [lateness[r.student].final for r in results]
    possible = max((r.possible for r in results), default=0.0)
    shown = list(exercises) or list(dict.fromkeys(e for r in results for e in r.exercises))
    earned = {
        e: [r.exercises[e].earned if e in r.exercises else 0.0 for r in results] for e in shown
    }
    ex_possible = {
        e: max((r.exercises[e].possible for r in results if e in r.exercises), default=0.0)
        for e in shown
    }
    rates = check_rates(results)
    partners = _similar_partners(similar)
    students = []
    for result in results:
        found = limits_hit(result, similar=partners.get(result.student, ()))
        score = lateness[result.student]
        students.append(
            {
                "id": result.student,
                "raw": score.raw,
                "penalty": score.penalty,
                "final": score.final,
                "possible": result.possible,
                "duration": f"{result.duration_s:.1f} s",
                "limits": found.labels,
                "reasons": found.reasons,
                "notes": [f"{k}: {v[:300]}" for k, v in result.notes.items()],
                "overrides": list(overrides.get(result.student, ())),
            }
        )
    late_rows = [
        {
            "id": r.student,
            "submitted": _date(lateness[r.student].submitted),
            "due": _date(lateness[r.student].due),
            "days": lateness[r.student].days_late,
            "raw": lateness[r.student].raw,
            "penalty": lateness[r.student].penalty,
            "final": lateness[r.student].final,
        }
        for r in results
        if lateness[r.student].late
    ]
    manual_total = sum(manual.get(e, 0.0) for e in shown)
    images: dict[str, str] = {}
    if plots and results:
        from autograder.outputs import report_plots  # matplotlib: only when drawing

        images["total"] = report_plots.score_histogram(
            finals, possible, title=f"{title}: total score after any late penalty"
        )
        images["exercises"] = report_plots.exercise_histograms(earned, ex_possible)
        if rates:
            images["checks"] = report_plots.failure_rate_plot(rates)
    return {
        "title": title,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "count": len(results),
        "possible": points_label(possible, manual_total),
        "total": _stats(finals),
        "raw_total": _stats([r.score for r in results]),
        "exercises": [
            {
                "id": e,
                "possible": points_label(ex_possible[e], manual.get(e, 0.0)),
                "stats": _stats(earned[e]),
                "full": sum(v >= ex_possible[e] > 0 for v in earned[e]),
                "zero": sum(v <= 0 for v in earned[e]),
            }
            for e in shown
        ],
        "rates": rates,
        "mistakes": frequent_mistakes(results),
        "late_rows": late_rows,
        "per_day": _num(late.per_day * 100),
        "manual": {e: p for e, p in manual.items() if p > 0 and e in shown},
        "manual_total": manual_total,
        "overrides": [(s["id"], s["overrides"]) for s in students if s["overrides"]],
        "students": students,
        "look": [s for s in students if s["reasons"]],
        "similar": [
            {
                "exercise": p.exercise,
                "first": p.first,
                "second": p.second,
                "score": f"{100 * p.score:.0f}%",
                "first_text": _code(p.first_text),
                "second_text": _code(p.second_text),
            }
            for p in sorted(similar, key=lambda p: (-p.score, p.exercise, p.first, p.second))
        ],
        "images": images,
    }


def render_report(
    results: Sequence[StudentResult],
    *,
    title: str,
    exercises: Sequence[str] = (),
    late: LatePolicy | None = None,
    manual: Mapping[str, float] | None = None,
    similar: Sequence[SimilarPair] = (),
    overrides: Mapping[str, Sequence[str]] | None = None,
    plots: bool = True,
) -> str:
    """The report's HTML. ``exercises``: the run's exercises, in course order (default:
    those in the results); ``late``: the due dates, submission times and penalty
    (default: all on time); ``manual``: each exercise's points graded by hand
    (``manual.manual_points``); ``similar``: the pairs the similarity detector found;
    ``overrides``: per student, a line per manual override in nbgrader (shown as
    given); ``plots=False`` leaves the plots out (tests of the numbers)."""
    context = _context(
        results,
        title=title,
        exercises=exercises,
        late=late or LatePolicy(),
        manual=manual or {},
        similar=similar,
        overrides=overrides or {},
        plots=plots,
    )
    return _ENV.get_template("report.html.j2").render(context)


def write_report(
    results: Sequence[StudentResult],
    out: Path,
    *,
    title: str,
    exercises: Sequence[str] = (),
    late: LatePolicy | None = None,
    manual: Mapping[str, float] | None = None,
    similar: Sequence[SimilarPair] = (),
    overrides: Mapping[str, Sequence[str]] | None = None,
    name: str = REPORT_NAME,
) -> Path:
    """Write ``out/report.html`` (``name``) and return its path; see ``render_report``."""
    html = render_report(
        results,
        title=title,
        exercises=exercises,
        late=late,
        manual=manual,
        similar=similar,
        overrides=overrides,
    )
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    path.write_text(html, encoding="utf-8")
    return path


def read_results(folder: Path) -> list[StudentResult]:
    """Every student's result in a results folder (``<folder>/students/*.json``, as
    ``autograder grade`` writes them); unreadable files are left out, as a resumed run
    leaves them out."""
    students = folder / "students"
    if not students.is_dir():
        raise ReportError(
            f"{folder}: no students/ folder in it; give the folder `autograder grade` "
            "wrote its results to (it holds summary.csv and students/<student>.json)"
        )
    results = [r for path in sorted(students.glob("*.json")) if (r := read_result(path))]
    if not results:
        raise ReportError(
            f"{students}: no readable student results in it; grade the class first "
            f"(`autograder grade SUBMISSIONS --out {folder}`)"
        )
    return results

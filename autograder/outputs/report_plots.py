"""The class report's plots: matplotlib figures drawn with the Agg canvas (no display,
no pyplot state), returned as base64 PNG for an ``<img src="data:...">``, so the page
works offline and nothing in a plot can run. Labels are the course's own (exercise
and check ids), never a student's text."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from autograder.outputs.report_findings import CheckRate

__all__ = ["failure_rate_plot", "plotted_rates", "score_histogram", "exercise_histograms"]

_BLUE, _RED, _GREY = "#3b6ea5", "#b3412f", "#888888"


def _png(figure: Figure) -> str:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _bins(possible: float) -> list[float]:
    """Edges around whole points from 0 to ``possible`` (at most about 25 bins)."""
    top = max(possible, 1.0)
    step = max(1.0, math.ceil(top / 25))
    edges = [-0.5]
    while edges[-1] < top + 0.5:
        edges.append(edges[-1] + step)
    return edges


def _histogram(axes: Axes, scores: Sequence[float], possible: float, title: str) -> None:
    axes.hist(list(scores), bins=_bins(possible), color=_BLUE, edgecolor="white")
    axes.set_title(title, fontsize=10)
    axes.set_xlim(-0.5, max(possible, 1.0) + 0.5)
    axes.set_xlabel("points")
    axes.set_ylabel("students")
    axes.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]


def score_histogram(scores: Sequence[float], possible: float, *, title: str) -> str:
    """The distribution of the class's total scores (after the late penalty)."""
    figure = Figure(figsize=(7, 3))
    _histogram(figure.add_subplot(), scores, possible, title)
    return _png(figure)


def exercise_histograms(
    scores: Mapping[str, Sequence[float]], possible: Mapping[str, float]
) -> str:
    """One small histogram per exercise, four to a row."""
    count = max(1, len(scores))
    columns = min(4, count)
    rows = math.ceil(count / columns)
    figure = Figure(figsize=(3.2 * columns, 2.6 * rows), layout="constrained")
    for index, (exercise, earned) in enumerate(scores.items()):
        axes = figure.add_subplot(rows, columns, index + 1)
        _histogram(axes, earned, possible.get(exercise, 0.0), exercise)
    return _png(figure)


PLOTTED_CHECKS = 40  # the plot's bars at most; the table under it lists every check


def plotted_rates(rates: Sequence[CheckRate]) -> list[CheckRate]:
    """The bars of the failure-rate plot: of ``rates`` (sorted, most failed first) the
    checks someone failed, at most ``PLOTTED_CHECKS``, or the first few when nobody failed
    any. A bar per check of a whole course (hundreds, most at zero) costs seconds to draw
    and shows nothing the table does not."""
    return [r for r in rates if r.failed][:PLOTTED_CHECKS] or list(rates[:5])


def failure_rate_plot(rates: Sequence[CheckRate]) -> str:
    """The most failed checks' failure rates (``plotted_rates``) as horizontal bars, the
    most failed at the top."""
    shown = plotted_rates(rates)
    figure = Figure(figsize=(8, 0.8 + 0.24 * max(1, len(shown))))
    axes = figure.add_subplot()
    labels = [r.label if len(r.label) <= 70 else r.label[:69] + "…" for r in shown]
    values = [100 * r.rate for r in shown]
    colours = [_RED if r.failed else _GREY for r in shown]
    positions = list(range(len(shown)))
    axes.barh(positions, values, color=colours)
    axes.set_yticks(positions, labels, fontsize=7)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(
        "students failing the check (%)"
        + (f"; the {len(shown)} most failed of {len(rates)}" if len(shown) < len(rates) else "")
    )
    axes.grid(axis="x", color="#dddddd")
    axes.set_axisbelow(True)
    return _png(figure)

"""Pairs of submissions that are suspiciously alike, per exercise (the class report shows
them side by side). The released stub's text is excluded before comparing, so the code
every student was handed never makes two students alike.

How alike two students are (``score``, 0 to 1): of the smaller one's fingerprints
(``autograder.outputs.fingerprints``: winnowed, renaming-proof, comments ignored), not
counting the stub's, the share that the other student has too and that is not
*routine*. Routine code is what honest students write alike without copying: the
fingerprints of ``common`` texts (the reference solution, the textbook's code) and
those that at least ``common_share`` of the class (and at least ``min_common``
students) have (MOSS's ``-m``: a snippet from the textbook or a forum, or one
typical mistake, that many students type). Routine code still counts in the
denominator: two students who share only the textbook loop and one typical mistake
score near 0, a copied pair near 1 (or the copied share of their work). A pair is
reported when its score is at least ``threshold`` and it shares at least
``min_shared`` fingerprints (a few shared lines are never enough). A copy ring as
large as ``common_share`` of the class hides itself: the report is a pointer for a
person to look, not a verdict.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from autograder.outputs.fingerprints import MAX_CODE_CHARS, fingerprints
from autograder.outputs.studentcode import student_sources

__all__ = ["SimilarPair", "find_similar", "student_sources", "without_stub"]

# Calibrated on the demo's class of 30 (11 exercises, all 435 pairs each): the copied
# pair scores 0.37 to 0.78 per exercise, every other pair at most 0.15 (0.31 to 0.76
# against at most 0.06 with the reference and tests/mutants given as ``common``).
THRESHOLD = 0.25
MIN_SHARED = 8  # fingerprints: about two copied lines
COMMON_SHARE = 0.15
MIN_COMMON = 3
MAX_SHOWN_CHARS = 20_000


@dataclass(frozen=True)
class SimilarPair:
    """Two students' code for one exercise, and how alike it is (0 to 1)."""

    exercise: str
    first: str  # student ids, first < second
    second: str
    score: float
    first_text: str  # each student's code for the exercise, as compared (stub excluded)
    second_text: str


def without_stub(code: str, stub: str) -> str:
    """``code`` less the lines it has from ``stub`` (blank lines merged), for showing."""
    given = {line.strip() for line in stub.splitlines() if line.strip()}
    kept: list[str] = []
    for line in code[:MAX_CODE_CHARS].splitlines():
        if line.strip() in given:
            continue
        if line.strip() or (kept and kept[-1].strip()):
            kept.append(line.rstrip())
    text = "\n".join(kept).strip("\n")
    return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + "\n[...]"


def _pairs_of_one_exercise(
    exercise: str,
    codes: Mapping[str, str],
    stub: str,
    common: Sequence[str],
    *,
    threshold: float,
    min_shared: int,
    common_share: float,
    min_common: int,
) -> list[SimilarPair]:
    handed = fingerprints(stub)
    own = {s: fingerprints(code) - handed for s, code in codes.items()}
    own = {s: prints for s, prints in own.items() if prints}
    holders: dict[int, list[str]] = defaultdict(list)
    for student in sorted(own):
        for print_ in own[student]:
            holders[print_].append(student)
    many = max(min_common, math.ceil(common_share * len(own)))
    routine = set().union(*(fingerprints(text) for text in common))
    routine |= {print_ for print_, students in holders.items() if len(students) >= many}
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for print_, students in holders.items():
        if print_ not in routine:
            for pair in combinations(students, 2):  # sorted, so first < second
                shared[pair] += 1
    found = []
    for (first, second), count in shared.items():
        score = count / min(len(own[first]), len(own[second]))
        if count >= min_shared and score >= threshold:
            texts = (without_stub(codes[first], stub), without_stub(codes[second], stub))
            found.append(SimilarPair(exercise, first, second, round(score, 3), *texts))
    return found


def find_similar(
    sources: Mapping[str, Mapping[str, str]],
    stubs: Mapping[str, str],
    *,
    threshold: float = THRESHOLD,
    common: Mapping[str, Sequence[str]] | None = None,
    min_shared: int = MIN_SHARED,
    common_share: float = COMMON_SHARE,
    min_common: int = MIN_COMMON,
) -> list[SimilarPair]:
    """The pairs of students whose code for one exercise is alike, most alike first.

    Args:
        sources: student -> exercise -> the student's code (``student_sources``).
        stubs: exercise -> the released stub's text (its code is nobody's own).
        threshold: the least score reported (0 to 1).
        common: exercise -> texts whose code is routine (the reference solution, the
            textbook's code): sharing it makes nobody alike.
        min_shared: the fewest shared, non-routine fingerprints reported.
        common_share, min_common: code that this share of the class (and at least
            this many students) has is routine too.
    """
    if not 0 <= threshold <= 1 or not 0 < common_share <= 1:
        raise ValueError(
            f"threshold ({threshold}) and common_share ({common_share}) are shares: "
            "give numbers between 0 and 1"
        )
    exercises = sorted({e for mine in sources.values() for e in mine})
    found: list[SimilarPair] = []
    for exercise in exercises:
        codes = {s: mine[exercise] for s, mine in sources.items() if exercise in mine}
        found += _pairs_of_one_exercise(
            exercise,
            codes,
            stubs.get(exercise, ""),
            (common or {}).get(exercise, ()),
            threshold=threshold,
            min_shared=min_shared,
            common_share=common_share,
            min_common=min_common,
        )
    return sorted(found, key=lambda p: (-p.score, p.exercise, p.first, p.second))

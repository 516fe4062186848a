"""Pairs of submissions that are suspiciously alike, per exercise (the class report shows
them side by side). The released stub's text is excluded before comparing, so the code
every student was handed never makes two students alike."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SimilarPair"]


@dataclass(frozen=True)
class SimilarPair:
    """Two students' code for one exercise, and how alike it is (0 to 1)."""

    exercise: str
    first: str  # student ids, first < second
    second: str
    score: float
    first_text: str  # each student's code for the exercise, as compared (stub excluded)
    second_text: str

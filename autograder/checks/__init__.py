"""The check-writing API: what the course's checks import, run in the trusted process.

- assertions (``assertions.py``): ``expect_tensor``, ``expect_close``, ``expect_equal``,
  ``expect_raises``, ``expect_float``, ``expect_device_kept``, ``fail``; every failure
  message names what was checked, the configuration and, where it can tell, the likely
  mistake. Messages of hidden checks never show expected values (``show_expected=False``,
  the default).
- the checks many exercises make alike (``patterns.py``): ``expect_gradients_match``
  (gradients against the library's), ``expect_inputs_unchanged`` (no input modified).
- guards (``guards.py``): ``expect_no_library_ops``, ``count_matmuls``, ``python_loops``.
- test data (``data.py``): ``randn``, ``randint``, ``pair``, ``distinct``, ``shapes``.
"""

from __future__ import annotations

from autograder.checks.assertions import (
    FLOAT32_SCALE,
    CheckFailure,
    describe,
    expect_close,
    expect_device_kept,
    expect_equal,
    expect_float,
    expect_raises,
    expect_tensor,
    fail,
)
from autograder.checks.data import Shape, distinct, pair, randint, randn, shapes
from autograder.checks.guards import count_matmuls, expect_no_library_ops, python_loops
from autograder.checks.patterns import (
    GRAPH_CUT,
    IN_PLACE,
    expect_gradients_match,
    expect_inputs_unchanged,
)

__all__ = [
    "FLOAT32_SCALE",
    "GRAPH_CUT",
    "IN_PLACE",
    "CheckFailure",
    "Shape",
    "StudentNotice",
    "count_matmuls",
    "describe",
    "distinct",
    "expect_close",
    "expect_device_kept",
    "expect_equal",
    "expect_float",
    "expect_gradients_match",
    "expect_inputs_unchanged",
    "expect_no_library_ops",
    "expect_raises",
    "expect_tensor",
    "fail",
    "pair",
    "python_loops",
    "randint",
    "randn",
    "shapes",
]


class StudentNotice(UserWarning):
    """A notice for the student: recorded with the check's result and shown in the score table."""

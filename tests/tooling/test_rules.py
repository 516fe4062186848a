"""Rules as data: the rules file agrees with the handout both ways, and coverage counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.course.model import CoursePaths
from autograder.course.rules import Rule, RulesError, coverage, lint, load_rules, raises_clauses

SOLUTION = '''# %% [markdown]
# # Exercise
#
# Inputs are never
# modified.

# %%
def scale(X, factor=2):
    """Scale X.

    Args:
        X: input, shape (H, W).
        factor: int or float; positive.

    Returns:
        Y, shape (H, W), same dtype as X, Y = factor * X.

    Raises:
        ValueError: if X is not 2-D, or factor is not positive.
    """
    ### BEGIN SOLUTION
    return X * factor
    ### END SOLUTION


def _helper(x):
    """Private helpers state no rules: int or float, dtype."""
    ### BEGIN SOLUTION
    ### END SOLUTION


def given(x):
    """Handed to students complete (no solution region), so not graded: same dtype."""
'''

RULES = """rules:
  - {id: scale.int-or-float, function: scale, kind: argument, text: "int or float"}
  - {id: scale.positive, function: scale, kind: range, text: "positive"}
  - {id: scale.shape, function: scale, kind: shape, text: "shape (H, W), same"}
  - {id: scale.dtype, function: scale, kind: dtype, text: "same dtype as X"}
  - {id: scale.values, function: scale, kind: values, text: "Y = factor * X"}
  - {id: scale.not-2d, function: scale, kind: raises, text: "X is not 2-D"}
  - {id: scale.raises-factor, function: scale, kind: raises, text: "factor is not positive"}
  - {id: handout.unmodified, function: handout, kind: unmodified, text: "never modified"}
"""


def course(tmp_path: Path, rules: str = RULES, solution: str = SOLUTION) -> CoursePaths:
    (tmp_path / "solutions").mkdir(parents=True)
    (tmp_path / "solutions" / "ex.py").write_text(solution, encoding="utf-8")
    (tmp_path / "solutions" / "ex.rules.yml").write_text(rules, encoding="utf-8")
    return CoursePaths(tmp_path)


def problems(paths: CoursePaths) -> list[str]:
    return [message for _, message in lint(paths, "ex", load_rules(paths, "ex"))]


def test_a_complete_rules_file_has_no_problems(tmp_path):
    assert problems(course(tmp_path)) == []


def test_code_handed_to_students_complete_states_no_rule(tmp_path):
    paths = course(tmp_path, solution=SOLUTION.replace('    """Handed', '    """Given'))
    assert problems(paths) == []
    written = SOLUTION.replace(
        'complete (no solution region), so not graded: same dtype."""',
        'same dtype."""\n    ### BEGIN SOLUTION\n    ### END SOLUTION',
    )
    assert any("'dtype'" in p for p in problems(course(tmp_path / "b", solution=written)))


def test_a_rule_the_docstring_does_not_state_is_reported(tmp_path):
    paths = course(tmp_path, RULES.replace("same dtype as X", "same dtype as K"))
    found = problems(paths)
    assert any("does not say 'same dtype as K'" in p for p in found)
    # ... and the statement it was meant to cover is now uncovered.
    assert any("'dtype'" in p for p in found)


def test_a_handout_rule_missing_from_the_markdown_is_reported(tmp_path):
    paths = course(tmp_path, RULES.replace("never modified", "never copied"))
    assert any("handout's text does not say 'never copied'" in p for p in problems(paths))


@pytest.mark.parametrize(
    ("dropped", "reported"),
    [
        ("scale.not-2d", "X is not 2-D"),
        ("scale.raises-factor", "factor is not positive"),
        ("scale.int-or-float", "'int or'"),
        ("scale.values", "' = '"),
        ("scale.shape", "'shape'"),
    ],
)
def test_a_docstring_statement_without_a_rule_is_reported(tmp_path, dropped, reported):
    kept = "\n".join(line for line in RULES.splitlines() if dropped not in line)
    found = problems(course(tmp_path, kept))
    assert any(reported in p and "no rule" in p for p in found), found


def test_raises_clauses_split_each_condition():
    section = "    ValueError: if X or K is not 2-D, or K is larger\n        than X; or worse.\n"
    assert raises_clauses(section) == ["X or K is not 2-D", "K is larger than X", "or worse"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("rules: [{id: scale.x, function: scale, kind: colour, text: abc}]", "kind"),
        ("rules: [{id: Bad Id, function: scale, kind: values, text: abc}]", "id"),
        ("rules: [{id: scale.x, function: scale, kind: values}]", "text"),
        ("rules: [", "not valid YAML"),
        (RULES + RULES.removeprefix("rules:\n").splitlines()[0] + "\n", "appears twice"),
    ],
)
def test_a_malformed_rules_file_is_named_with_the_problem(tmp_path, text, named):
    paths = course(tmp_path, text)
    with pytest.raises(RulesError, match="ex.rules.yml") as raised:
        load_rules(paths, "ex")
    assert named in str(raised.value)


def test_a_missing_rules_file_says_where_to_write_it(tmp_path):
    paths = course(tmp_path)
    (tmp_path / "solutions" / "ex.rules.yml").unlink()
    with pytest.raises(RulesError, match="missing"):
        load_rules(paths, "ex")


RULE_A = Rule(id="f.a", function="f", kind="values", text="aaa")
RULE_B = Rule(id="f.b", function="f", kind="dtype", text="bbb")


def test_coverage_counts_rules_with_a_caught_mutant():
    full = coverage([RULE_A, RULE_B], [("m1", "f.a", True), ("m2", "f.b", True)])
    assert full.complete and (full.rules, full.covered, full.caught) == (2, 2, 2)
    assert "100 %" in full.describe()


@pytest.mark.parametrize(
    ("mutants", "problem"),
    [
        ([("m1", "f.a", True)], "rule f.b has no mutant"),
        ([("m1", "f.a", True), ("m2", "f.b", False)], "rule f.b: no mutant of it is caught"),
        ([("m1", "f.a", True), ("m2", "f.b", True), ("m3", "", True)], "m3 names no rule"),
        ([("m1", "f.a", True), ("m2", "f.c", True)], "rule 'f.c', which the rules file lacks"),
    ],
)
def test_coverage_is_incomplete_and_says_why(mutants, problem):
    found = coverage([RULE_A, RULE_B], mutants)
    assert not found.complete
    assert any(problem in p for p in found.problems), found.problems

"""Checks of the checks, for every exercise in course.yml: the reference gets full marks,
the stub zero on every check, every mutant loses points on the check it names (with a
message naming the mistake), every alternative gets full marks."""

import pytest

from autograder.course.model import CoursePaths
from autograder.course.rules import coverage, load_rules
from autograder.course.verify import judge, run_checks, variants, verify_variant

from .conftest import ROOT

PATHS = CoursePaths(ROOT)
COURSE = PATHS.load()
MIN_MUTANTS = {"corr2d": 6}
VARIANTS = [
    pytest.param(exercise_id, variant, id=f"{exercise_id}-{variant.kind}-{variant.name}")
    for exercise_id in COURSE.exercise_ids
    for variant in variants(PATHS, exercise_id)
]


@pytest.mark.parametrize("exercise_id", COURSE.exercise_ids)
def test_reference_gets_full_marks(exercise_id):
    run = run_checks(PATHS, [exercise_id], impl=PATHS.solutions_dir)  # random hidden seed
    failed = [f"{c.id}: {c.message}" for c in run.checks if c.counted and not c.passed]
    assert not failed, f"reference failed (hidden seed {run.hidden_seed}): {failed}"
    assert run.max_score == COURSE.exercise(exercise_id).points
    assert {c.visibility for c in run.checks} == {"public", "hidden"}


@pytest.mark.parametrize("exercise_id", COURSE.exercise_ids)
def test_stub_gets_zero_on_every_check_with_a_readable_message(exercise_id):
    run = run_checks(PATHS, [exercise_id], impl=PATHS.exercises_dir)
    assert run.checks and run.score == 0
    for check in run.checks:
        assert not check.passed, f"{check.id} passes on the untouched stub"
        assert check.message and "Traceback" not in check.message
        assert len(check.message.splitlines()) <= 3


@pytest.mark.parametrize("exercise_id", COURSE.exercise_ids)
def test_each_exercise_has_enough_variants(exercise_id):
    found = variants(PATHS, exercise_id)
    mutants = [v for v in found if v.kind == "mutant"]
    alternatives = [v for v in found if v.kind == "alternative"]
    assert len(mutants) >= MIN_MUTANTS.get(exercise_id, 5)
    assert len(alternatives) >= 3


@pytest.mark.parametrize("exercise_id", COURSE.exercise_ids)
def test_every_rule_has_a_mutant_and_every_mutant_names_a_rule(exercise_id):
    # That each of those mutants is caught is test_variant_is_judged_right's part.
    mutants = [(v.name, v.rule, True) for v in variants(PATHS, exercise_id) if v.kind == "mutant"]
    found = coverage(load_rules(PATHS, exercise_id), mutants)
    assert found.complete, found.problems


@pytest.mark.parametrize(("exercise_id", "variant"), VARIANTS)
def test_variant_is_judged_right(exercise_id, variant):
    verdict = verify_variant(PATHS, exercise_id, variant)
    assert verdict.ok, verdict.detail


def test_judge_can_fail_a_mutant_and_an_alternative():
    """The judge itself: a mutant that is not caught, and an alternative that fails."""
    mutant = next(v for v in variants(PATHS, "corr2d") if v.kind == "mutant")
    alternative = next(v for v in variants(PATHS, "corr2d") if v.kind == "alternative")
    perfect = run_checks(PATHS, ["corr2d"], impl=PATHS.solutions_dir, seed=1)
    stub = run_checks(PATHS, ["corr2d"], impl=PATHS.exercises_dir, seed=1)
    assert not judge(mutant, perfect).ok  # the reference "as a mutant" is not caught
    assert not judge(alternative, stub).ok  # the stub "as an alternative" fails

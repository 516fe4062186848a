"""course.yml's schema: valid files load, invalid ones name the file, key path and the fix."""

import pytest

from autograder.course.model import CourseError, CoursePaths, load_course, parse_course

VALID = """
course_id: c1
title: T
exercises:
  - {id: corr2d, title: A, points: 5, forbidden: {corr2d: [convolution]}}
  - {id: other, title: B, points: 3}
assignments:
  - {id: hw1, title: H, due: "2026-12-01T23:59:00+00:00", exercises: [corr2d, other]}
"""


def test_the_repository_course_file_is_valid(paths):
    course = load_course(paths.course_file)
    assert "corr2d" in course.exercise_ids
    assert course.grading.call_timeout_s > 0


def test_a_valid_course_parses_with_defaults():
    course = parse_course(VALID)
    assert course.exercise("corr2d").forbidden == {"corr2d": ["convolution"]}
    assert course.grading.memory_mb == 2048
    assert course.assignments[0].due.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("points: 5", "points: -5", "exercises[0] (corr2d).points: Input should be greater than 0"),
        ("[convolution]", "[convolutoin]", "unknown operation family 'convolutoin'"),
        ("[corr2d, other]", "[corr2d, nope]", "unknown exercise 'nope'"),
        ("+00:00", "", "due date needs a time zone"),
        ("id: corr2d,", "id: Corr2D,", "exercises[0] (Corr2D).id: String should match pattern"),
        ("title: T", "title: T\nextra_key: 1", "extra_key: Extra inputs are not permitted"),
        ("id: other", "id: corr2d", "exercise ids must be unique; repeated: corr2d"),
    ],
    ids=[
        "negative-points",
        "unknown-family",
        "unknown-exercise",
        "naive-due",
        "bad-id",
        "extra-key",
        "duplicate-id",
    ],
)
def test_invalid_courses_name_the_key_and_the_problem(old, new, expected):
    assert old in VALID
    with pytest.raises(CourseError) as raised:
        parse_course(VALID.replace(old, new, 1), "course.yml")
    message = str(raised.value)
    assert message.startswith("course.yml: ")
    assert expected in message


def test_not_yaml_and_not_a_mapping_are_clear_errors():
    with pytest.raises(CourseError, match="not valid YAML"):
        parse_course("a: [1, 2", "course.yml")
    with pytest.raises(CourseError, match="expected a mapping"):
        parse_course("- 1\n- 2\n", "course.yml")


def test_finding_the_course_from_elsewhere_fails_clearly(tmp_path):
    with pytest.raises(CourseError, match="no course.yml found"):
        CoursePaths.find(tmp_path)
    with pytest.raises(CourseError, match="cannot read the course file"):
        load_course(tmp_path / "missing.yml")

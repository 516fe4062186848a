"""``autograder check``: the course file, the files it names, and the points agree."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.checks.runner import pytest_args
from autograder.course.markers import SOLUTION, MarkerError, find_regions
from autograder.course.model import Course, CoursePaths
from autograder.course.rules import RulesError, lint, load_rules
from autograder.quiz import assigns_questions


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the course, with where and how to fix it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class _PointsCollector:
    """Collects each test's points marker during a collect-only pytest run."""

    def __init__(self) -> None:
        self.points: dict[str, float | None] = {}

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            marker = item.get_closest_marker("points")
            value = float(marker.args[0]) if marker and marker.args else None
            self.points[item.nodeid] = value


def collect_points(paths: CoursePaths, files: list[Path]) -> dict[str, float | None]:
    """Points of every test in ``files`` (None where a test has no points marker)."""
    collector = _PointsCollector()
    args = pytest_args(paths, files, extra=["--collect-only"])
    pytest.main(args, plugins=[collector])
    return collector.points


def _functions(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def check_course(paths: CoursePaths, course: Course) -> list[Problem]:
    """Every problem found; an empty list means the course is consistent."""
    problems: list[Problem] = []
    for exercise in course.exercises:
        missing = [f for f in paths.exercise_files(exercise.id) if not f.is_file()]
        for path in missing:
            problems.append(
                Problem(str(path.relative_to(paths.root)), f"missing (exercise {exercise.id})")
            )
        solution = paths.solution(exercise.id)
        if solution.is_file():
            text = solution.read_text(encoding="utf-8")
            try:
                if not any(
                    r.kind == SOLUTION for r in find_regions(text, solution.relative_to(paths.root))
                ):
                    problems.append(
                        Problem(
                            str(solution.relative_to(paths.root)),
                            "has no ### BEGIN SOLUTION region: students would get the answer",
                        )
                    )
            except MarkerError as error:
                problems.append(Problem(f"{error.path}:{error.line}", error.message))
            if assigns_questions(text):
                problems += _quiz_problems(paths, course, exercise.id)
            if paths.rules(exercise.id).is_file():  # else reported missing above
                problems += _rule_problems(paths, exercise.id)
            defined = _functions(text)
            for function in exercise.forbidden:
                if function not in defined:
                    problems.append(
                        Problem(
                            f"course.yml exercises ({exercise.id}).forbidden",
                            f"names {function!r}, which {solution.name} does not define",
                        )
                    )
        tests = [
            p
            for p in (paths.public_test(exercise.id), paths.hidden_test(exercise.id))
            if p.is_file()
        ]
        if len(tests) < 2:
            continue
        points = collect_points(paths, tests)
        if not points:
            problems.append(
                Problem(exercise.id, "its test files hold no tests (or fail to import)")
            )
            continue
        problems += _points_problems(exercise.id, exercise.points, points)
    known = set(course.exercise_ids)
    for folder in ("public", "hidden"):
        for stray in sorted((paths.tests_dir / folder).glob("test_*.py")):
            if stray.stem.removeprefix("test_") not in known:
                problems.append(
                    Problem(str(stray.relative_to(paths.root)), "is not an exercise in course.yml")
                )
    return problems


PUBLIC_POINTS_FIX = (
    "public checks carry no points; put them on the hidden check that tests the same "
    "thing on fresh inputs"
)


def is_public(nodeid: str) -> bool:
    """A check of tests/public/ (its node id is relative to the course root)."""
    return nodeid.replace("\\", "/").startswith("tests/public/")


def _points_problems(
    exercise_id: str, course_points: float, points: dict[str, float | None]
) -> list[Problem]:
    """The public-points rule: a public check shows its inputs (a submission could
    hard-code their answers), so it carries no points; every hidden check carries
    some, and they add up to course.yml's points."""
    problems = []
    for nodeid, value in points.items():
        if is_public(nodeid) and value is not None:
            problems.append(
                Problem(nodeid, f"has @pytest.mark.points({value:g}): {PUBLIC_POINTS_FIX}")
            )
        elif not is_public(nodeid) and not (value and value > 0):
            problems.append(Problem(nodeid, "has no @pytest.mark.points(n) with n > 0"))
    total = sum(v for nodeid, v in points.items() if v and not is_public(nodeid))
    if total != course_points:
        problems.append(
            Problem(
                f"course.yml exercises ({exercise_id}).points",
                f"is {course_points:g}, but its hidden checks carry {total:g} points; "
                "make them agree",
            )
        )
    return problems


def _rule_problems(paths: CoursePaths, exercise_id: str) -> list[Problem]:
    """The rules file reads, and agrees with the handout both ways (``rules.lint``)."""
    try:
        rules = load_rules(paths, exercise_id)
    except RulesError as error:
        return [Problem(exercise_id, str(error))]
    return [Problem(where, message) for where, message in lint(paths, exercise_id, rules)]


def _quiz_problems(paths: CoursePaths, course: Course, exercise_id: str) -> list[Problem]:
    """A quiz's reference and stub agree: course id, question ids, the forms of the keys."""
    from autograder.quiz import form_error
    from autograder.quiz.form import QuizFormError, questions_in
    from autograder.quiz.keys import as_student, load_reference

    where = str(paths.solution(exercise_id).relative_to(paths.root))
    try:
        reference = load_reference(paths, exercise_id)
        with as_student("autograder-check"):
            keys = reference.answers()
        stub_questions = questions_in(paths.stub(exercise_id))
    except QuizFormError as error:
        return [Problem(str(paths.stub(exercise_id).relative_to(paths.root)), str(error))]
    except Exception as error:  # the instructor's own code: report, do not crash the check
        return [Problem(where, f"its quiz does not load ({type(error).__name__}: {error})")]
    problems = []
    if getattr(reference, "COURSE", None) != course.course_id:
        problems.append(
            Problem(where, f"COURSE must be course.yml's course_id, {course.course_id!r}")
        )
    questions = list(reference.QUESTIONS)
    if stub_questions != questions:
        problems.append(
            Problem(where, "its QUESTIONS differ from the stub's: run `autograder stubs`")
        )
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids) or set(keys) != set(ids):
        problems.append(
            Problem(where, f"answers() must give exactly one key per question id ({ids})")
        )
    for question in questions:
        problem = form_error(question, keys.get(question.id))
        if problem:
            problems.append(Problem(where, f"the key of {question.id!r}: {problem}"))
    return problems

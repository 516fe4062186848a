"""``course.yml``: its typed schema, its loader, and the one object that owns every path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from autograder.course.dburl import mask, normalize
from autograder.course.deadlines import ExtensionValue, check_extensions, ids_as_text
from autograder.course.families import FAMILIES
from autograder.grading.late import Extension

COURSE_FILE = "course.yml"
# In an nbgrader course folder: the course repository, relative to that folder.
REPOSITORY_FILE = "autograder-repository.txt"

SnakeId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case id")]
AssignmentId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]


class CourseError(ValueError):
    """course.yml is missing, unreadable or invalid; the message names file and key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GradingLimits(_Strict):
    """Limits on one student's worker while it is graded."""

    call_timeout_s: float = Field(
        10.0, gt=0, description="CPU time of one call into student code (seconds)"
    )
    submission_timeout_s: float = Field(
        120.0, gt=0, description="CPU time of one submission, all its calls (seconds)"
    )
    wall_backstop_factor: float = Field(
        8.0,
        ge=1,
        description="wall-clock backstops, for code that sleeps or blocks, are this many "
        "times the CPU limits (and at least 30 s)",
    )
    memory_mb: int = Field(2048, gt=0, description="address space of the student's worker")
    output_kb: int = Field(256, gt=0, description="stdout+stderr kept per submission")
    processes: int = Field(32, gt=0, description="processes/threads the worker may create")
    file_size_mb: int = Field(16, gt=0, description="largest file the worker may write")
    late_penalty_per_day: float = Field(
        0.0,
        ge=0,
        le=1,
        description="fraction of a late notebook's score lost per started day past the due "
        "date (nbgrader's submission timestamp); 0 for none",
    )


class GradebookSettings(_Strict):
    """nbgrader's gradebook (course/dburl.py): SQLite in the course folder by default."""

    db_url: str | None = Field(
        None,
        description="sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE; --db-url "
        "and AUTOGRADER_DB_URL override it",
    )

    @field_validator("db_url")
    @classmethod
    def _usable(cls, value: str | None) -> str | None:
        return None if value is None else normalize(value)


class Exercise(_Strict):
    """One exercise: its id joins solutions/, exercises/ and tests/."""

    id: SnakeId
    title: str
    points: int = Field(gt=0, description="must equal the sum of its tests' points")
    forbidden: dict[str, list[str]] = Field(
        default_factory=dict,
        description="function name -> library operation families it must not call",
    )

    @field_validator("forbidden")
    @classmethod
    def _known_families(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for function, families in value.items():
            for family in families:
                if family not in FAMILIES:
                    raise ValueError(
                        f"unknown operation family {family!r} for {function}; "
                        f"expected one of: {', '.join(sorted(FAMILIES))}"
                    )
        return value


class Assignment(_Strict):
    """An nbgrader assignment: a set of exercises with a due date."""

    id: AssignmentId
    title: str
    due: dt.datetime | None = None
    exercises: list[SnakeId] = Field(min_length=1)

    @field_validator("due")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("due date needs a time zone, e.g. 2026-12-01T23:59:00+00:00")
        return value


class Course(_Strict):
    """The whole course file."""

    course_id: AssignmentId
    title: str
    grading: GradingLimits = Field(default_factory=GradingLimits)
    gradebook: GradebookSettings = Field(default_factory=GradebookSettings)
    exercises: list[Exercise] = Field(min_length=1)
    assignments: list[Assignment] = Field(default_factory=list)
    extensions: dict[str, dict[str, ExtensionValue]] = Field(
        default_factory=dict,
        description="per-student due-date extensions (course/deadlines.py): assignment id "
        "-> student id -> days, a duration or a new due date",
    )
    _ids_as_text = field_validator("extensions", mode="before")(staticmethod(ids_as_text))

    def extensions_for(self, assignment_id: str) -> dict[str, Extension]:
        """Each student's extension of one assignment (none: an empty mapping)."""
        return dict(self.extensions.get(assignment_id, {}))

    @model_validator(mode="after")
    def _consistent(self) -> Course:
        ids = [exercise.id for exercise in self.exercises]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"exercise ids must be unique; repeated: {', '.join(duplicates)}")
        seen: dict[str, str] = {}
        for assignment in self.assignments:
            for exercise_id in assignment.exercises:
                if exercise_id not in ids:
                    raise ValueError(
                        f"assignment {assignment.id!r} lists unknown exercise {exercise_id!r}; "
                        f"known: {', '.join(ids)}"
                    )
                if exercise_id in seen:
                    raise ValueError(
                        f"exercise {exercise_id!r} is in both {seen[exercise_id]!r} and "
                        f"{assignment.id!r}; an exercise belongs to one assignment"
                    )
                seen[exercise_id] = assignment.id
        check_extensions(self.extensions, self.assignments)
        return self

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise CourseError(
            f"no exercise {exercise_id!r} in {COURSE_FILE}; known: "
            f"{', '.join(e.id for e in self.exercises)}"
        )

    @property
    def exercise_ids(self) -> list[str]:
        return [exercise.id for exercise in self.exercises]


def _key_path(loc: Sequence[int | str], raw: Any) -> str:
    """Turn pydantic's location into ``exercises[0] (corr2d).points``."""
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node):
                node = node[item]
                if isinstance(node, dict) and "id" in node:
                    label += f" ({node['id']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


def parse_course(text: str, path: str | Path = COURSE_FILE) -> Course:
    """Validate the text of a course file; CourseError lists every problem found."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CourseError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise CourseError(f"{path}: expected a mapping with course_id, title, exercises, ...")
    try:
        return Course.model_validate(raw)
    except ValidationError as error:
        lines = [f"{path}: {error.error_count()} problem(s):"]
        for item in error.errors():
            given = item.get("input")
            given = mask(given) if isinstance(given, str) else given  # a URL's password
            shown = "" if isinstance(given, dict | list) or given is None else f" (got {given!r})"
            lines.append(f"  {_key_path(item['loc'], raw)}: {item['msg']}{shown}")
        raise CourseError("\n".join(lines)) from None


def load_course(path: str | Path) -> Course:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CourseError(f"{path}: cannot read the course file ({error.strerror})") from None
    return parse_course(text, path)


@dataclass(frozen=True)
class CoursePaths:
    """Every path of the course repository, derived from its root."""

    root: Path

    @classmethod
    def find(cls, start: str | Path | None = None) -> CoursePaths:
        """The nearest directory at or above ``start`` that holds course.yml."""
        here = Path(start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / COURSE_FILE).is_file():
                return cls(candidate)
        raise CourseError(
            f"no {COURSE_FILE} found in {here} or above; run from the course directory "
            "or pass --course"
        )

    @property
    def course_file(self) -> Path:
        return self.root / COURSE_FILE

    @property
    def solutions_dir(self) -> Path:
        return self.root / "solutions"

    @property
    def exercises_dir(self) -> Path:
        return self.root / "exercises"

    @property
    def tests_dir(self) -> Path:
        return self.root / "tests"

    def solution(self, exercise_id: str) -> Path:
        return self.solutions_dir / f"{exercise_id}.py"

    def stub(self, exercise_id: str) -> Path:
        return self.exercises_dir / f"{exercise_id}.py"

    def public_test(self, exercise_id: str) -> Path:
        return self.tests_dir / "public" / f"test_{exercise_id}.py"

    def hidden_test(self, exercise_id: str) -> Path:
        return self.tests_dir / "hidden" / f"test_{exercise_id}.py"

    def mutants_dir(self, exercise_id: str) -> Path:
        return self.tests_dir / "mutants" / exercise_id

    def alternatives_dir(self, exercise_id: str) -> Path:
        return self.tests_dir / "alternatives" / exercise_id

    def rules(self, exercise_id: str) -> Path:
        """The exercise's rules, next to its handout (``autograder.course.rules``)."""
        return self.solutions_dir / f"{exercise_id}.rules.yml"

    def exercise_files(self, exercise_id: str) -> list[Path]:
        return [
            self.solution(exercise_id),
            self.rules(exercise_id),
            self.stub(exercise_id),
            self.public_test(exercise_id),
            self.hidden_test(exercise_id),
        ]

    def load(self) -> Course:
        return load_course(self.course_file)

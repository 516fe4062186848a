"""Each exercise's rules as data: ``solutions/<id>.rules.yml``, next to its handout.

A rule is one promise the handout or a docstring states (a ``Raises`` condition, a
dtype, device or shape promise, an accepted argument form, "not modified", a formula,
what is timed). Each rule quotes its ``text`` verbatim from the docstring of its
``function`` (or from the exercise's markdown, for ``function: handout``), so the
handout and the list cannot drift apart: ``lint`` finds a rule whose text the
docstring lacks, and a docstring statement (a ``Raises`` clause, a key word such as
"dtype" or "not modified") that no rule's text covers. ``autograder verify`` then
demands a mutant that breaks each rule alone, caught by a check that names it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from autograder.course.markers import SOLUTION
from autograder.course.model import CoursePaths

RuleKind = Literal[
    "raises",
    "shape",
    "dtype",
    "device",
    "values",
    "argument",
    "default",
    "range",
    "unmodified",
    "differentiable",
    "structure",
    "forbidden",
    "timing",
    "statistic",
]
HANDOUT = "handout"

# A docstring statement with one of these words states a rule; Returns also these.
KEY_WORDS = re.compile(
    r"\bdtype|\bdevice|floating point|\bfloat\b|modif|in place|\bdefault|None means|\bint or\b|"
    r"\bpositive\b|\bnegative\b|at least|at most|\btimed\b|\bmedian\b|differentiable|\bloops?\b|"
    r"contiguous|\bwithout\b|\bexactly\b",
    re.IGNORECASE,
)
RETURNS_KEY_WORDS = re.compile(r"\bshape\b|equal to|(?<=\S) = (?=\S)", re.IGNORECASE)
_SECTION = re.compile(r"^(Args|Arguments|Returns|Yields|Raises|Example|Examples|Note|Notes):\s*$")
_RAISES_ENTRY = re.compile(r"^\s*(\w+(?:Error|Exception|Warning)):\s*(.*)$")


class RulesError(ValueError):
    """A rules file that cannot be read; the message names the file and the fix."""


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)?\.[a-z0-9][a-z0-9_-]*$")
    function: str = Field(min_length=1)
    kind: RuleKind
    text: str = Field(min_length=3)


class RuleBook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[Rule]


def rules_file(paths: CoursePaths, exercise_id: str) -> Path:
    return paths.rules(exercise_id)


def load_rules(paths: CoursePaths, exercise_id: str) -> list[Rule]:
    """The exercise's rules; RulesError names a missing, malformed or inconsistent file."""
    path = rules_file(paths, exercise_id)
    where = path.relative_to(paths.root) if path.is_relative_to(paths.root) else path
    if not path.is_file():
        raise RulesError(
            f"{where}: missing; list the exercise's rules there (see README, 'Writing checks')"
        )
    try:
        book = RuleBook.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except yaml.YAMLError as error:
        raise RulesError(f"{where}: not valid YAML ({error})") from None
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise RulesError(f"{where}: {key}: {first['msg']}") from None
    seen: set[str] = set()
    for rule in book.rules:
        if rule.id in seen:
            raise RulesError(f"{where}: rule id {rule.id!r} appears twice; ids are unique")
        seen.add(rule.id)
    return book.rules


def normalise(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Handout:
    """What a solution file states: each public function's docstring, and the markdown."""

    docstrings: dict[str, str]  # "corr2d", "Conv2D", "Conv2D.forward"
    markdown: str


def read_handout(source: str) -> Handout:
    """The docstrings of what students write (public functions, classes and methods
    holding a solution region; code handed to them complete is not graded, so it
    states no rule), and the markdown cells' text."""
    tree = ast.parse(source)
    lines = source.splitlines()

    def written_by_students(body: list[ast.stmt], index: int, end: int) -> bool:
        # A definition runs to the next one (trailing comments, such as the region's
        # end marker, belong to it), or to ``end``.
        start = body[index].lineno
        stop = body[index + 1].lineno - 1 if index + 1 < len(body) else end
        return any(line.strip() == f"### BEGIN {SOLUTION}" for line in lines[start - 1 : stop])

    docstrings: dict[str, str] = {}
    for index, node in enumerate(tree.body):
        if not isinstance(node, ast.FunctionDef | ast.ClassDef):
            continue
        if not written_by_students(tree.body, index, len(lines)):
            continue
        if not node.name.startswith("_"):
            docstrings[node.name] = ast.get_docstring(node) or ""
        if isinstance(node, ast.ClassDef):
            class_end = (node.end_lineno or node.lineno) + 1
            for place, item in enumerate(node.body):
                if (
                    isinstance(item, ast.FunctionDef)
                    and (not item.name.startswith("_") or item.name == "__init__")
                    and written_by_students(node.body, place, class_end)
                ):
                    docstrings[f"{node.name}.{item.name}"] = ast.get_docstring(item) or ""
    markdown: list[str] = []
    in_markdown = False
    for line in source.splitlines():
        if line.startswith("# %%"):
            in_markdown = "[markdown]" in line
        elif in_markdown and line.startswith("#"):
            markdown.append(line[1:].removeprefix(" "))
    return Handout(docstrings, "\n".join(markdown))


def _sections(docstring: str) -> list[tuple[str, str]]:
    """(name, text) of the docstring's Google-style sections; the summary is ''."""
    found: list[tuple[str, list[str]]] = [("", [])]
    for line in docstring.splitlines():
        match = _SECTION.match(line)
        if match:
            found.append((match[1], []))
        else:
            found[-1][1].append(line)
    return [(name, "\n".join(lines)) for name, lines in found]


def raises_clauses(section: str) -> list[str]:
    """Each condition of a Raises section: an entry's text split at ', or ' and '; '."""
    entries: list[str] = []
    for line in section.splitlines():
        match = _RAISES_ENTRY.match(line)
        if match:
            entries.append(match[2])
        elif entries:
            entries[-1] += " " + line.strip()
    clauses = []
    for entry in entries:
        for clause in re.split(r",\s+or\s+|;\s+", normalise(entry)):
            clause = clause.strip().removeprefix("if ").rstrip(".").strip()
            if clause:
                clauses.append(clause)
    return clauses


def _spans(text: str, phrase: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(phrase)) for m in re.finditer(re.escape(phrase), text)]


def lint(paths: CoursePaths, exercise_id: str, rules: list[Rule]) -> list[tuple[str, str]]:
    """(where, problem) for every rule the handout lacks and every statement no rule covers."""
    solution = paths.solution(exercise_id)
    handout = read_handout(solution.read_text(encoding="utf-8"))
    where = f"{rules_file(paths, exercise_id).relative_to(paths.root)}"
    problems: list[tuple[str, str]] = []
    by_function: dict[str, list[tuple[str, str]]] = {}
    for rule in rules:
        if rule.function == HANDOUT:
            if normalise(rule.text) not in normalise(handout.markdown):
                problems.append(
                    (where, f"rule {rule.id}: the handout's text does not say {rule.text!r}")
                )
            continue
        if rule.function not in handout.docstrings:
            problems.append(
                (where, f"rule {rule.id}: {solution.name} defines no function {rule.function!r}")
            )
            continue
        if normalise(rule.text) not in normalise(handout.docstrings[rule.function]):
            problems.append(
                (
                    where,
                    f"rule {rule.id}: the docstring of {rule.function} does not say "
                    f"{rule.text!r} (quote it verbatim)",
                )
            )
        by_function.setdefault(rule.function, []).append((rule.kind, normalise(rule.text)))
    for function, docstring in handout.docstrings.items():
        texts = by_function.get(function, [])
        for statement in _uncovered(docstring, texts):
            problems.append(
                (
                    f"{solution.relative_to(paths.root)}: {function}",
                    f"the docstring states {statement}, which no rule's text in {where} "
                    "covers; add the rule (quoting the phrase) or reword the docstring",
                )
            )
    return problems


def _uncovered(docstring: str, rules: list[tuple[str, str]]) -> list[str]:
    """The statements of ``docstring`` that lie inside no text of ``rules`` ((kind, text)
    pairs); a Raises clause needs a rule of kind ``raises``."""
    missing: list[str] = []
    texts = [text for _, text in rules]
    raising = [text for kind, text in rules if kind == "raises"]
    for name, section in _sections(docstring):
        flat = normalise(section)
        if name == "Raises":
            for clause in raises_clauses(section):
                if not any(t in clause or clause in t for t in raising):
                    missing.append(f"Raises ... {clause!r}")
            continue
        covered = [span for text in texts for span in _spans(flat, text)]
        patterns = [KEY_WORDS] + ([RETURNS_KEY_WORDS] if name in ("Returns", "Yields") else [])
        for pattern in patterns:
            for match in pattern.finditer(flat):
                if not any(s <= match.start() and match.end() <= e for s, e in covered):
                    excerpt = flat[max(match.start() - 30, 0) : match.end() + 30].strip()
                    found = f"{match[0]!r} in '...{excerpt}...'"
                    if found not in missing:
                        missing.append(found)
    return missing


@dataclass(frozen=True)
class Coverage:
    """How many of an exercise's rules have a mutant, and how many of those are caught."""

    rules: int
    covered: int
    caught: int
    problems: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.rules > 0 and self.caught == self.rules and not self.problems

    def describe(self) -> str:
        percent = 100 * self.caught / self.rules if self.rules else 0.0
        return f"{self.rules} rules, {self.covered} covered, {self.caught} caught ({percent:.0f} %)"


def coverage(rules: list[Rule], mutants: list[tuple[str, str, bool]]) -> Coverage:
    """``mutants``: (name, rule id or '', caught). Every mutant names one known rule."""
    known = {rule.id for rule in rules}
    problems = [
        f"mutant {name} names no rule (add '# rule: <id>' to its header)"
        for name, rule, _ in mutants
        if not rule
    ]
    problems += [
        f"mutant {name} names rule {rule!r}, which the rules file lacks"
        for name, rule, _ in mutants
        if rule and rule not in known
    ]
    covered = {rule for _, rule, _ in mutants if rule in known}
    caught = {rule for _, rule, ok in mutants if rule in known and ok}
    problems += [f"rule {rule.id} has no mutant" for rule in rules if rule.id not in covered]
    problems += [
        f"rule {rule.id}: no mutant of it is caught"
        for rule in rules
        if rule.id in covered and rule.id not in caught
    ]
    return Coverage(len(rules), len(covered), len(caught), tuple(problems))

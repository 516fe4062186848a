"""What the class report finds in a class's results: the checks' failure rates, the most
frequent mistakes, the limits each student hit, and the students who need a look.

Reads data models only (``StudentResult``); no torch. Everything here works on text a
student controls (check messages quote their exceptions, notes name their files), so
each message is cut to a fixed length before any pattern looks at it, and the patterns
are plain substrings or linear regexes: no super-linear work on student text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from autograder.grading.results import CheckResult, StudentResult

__all__ = [
    "CheckRate",
    "Mistake",
    "StudentLimits",
    "check_rates",
    "frequent_mistakes",
    "limits_hit",
    "mistake_key",
]

_SCAN_CHARS = 600  # how much of a message any pattern looks at

# The engine's own wording (worker/timelimits.py, boundary/transport.py,
# worker/executor.py, worker/cleanup.py, worker/output.py, grading/studentfiles.py,
# grading/students.py, boundary/loader.py): kind -> substrings that name it.
LIMIT_KINDS: dict[str, tuple[str, ...]] = {
    "timeout": (
        "s of cpu time and was stopped",
        "s of wall time and was stopped",
        "used up its cpu time limit",
        "used up its time limit",
    ),
    "memory": ("ran out of memory",),
    "processes": ("blockingioerror", "resource temporarily unavailable"),
    "crash": (
        "the student's process died",
        "process died too many times",
        "killed by sig",
        "the code called sys.exit",
    ),
    "file refused": (
        "is a symbolic link",
        "is a hard link",
        "is too large (",
        "submit the file itself",
        "submit the folder itself",
        "lies outside the student's folder",
        "cannot read it (",
        "not utf-8 text",
        "not a valid notebook",
    ),
    "load error": ("failed to run when it was loaded",),
    "output cut": ("output cut:",),
    "misnamed file": ("; found ",),
}
LIMIT_LABELS = {
    "timeout": "time limit",
    "memory": "memory limit",
    "processes": "process limit",
    "crash": "crash or exit",
    "file refused": "file refused or unreadable",
    "load error": "code failed when loaded",
    "output cut": "output cut",
    "misnamed file": "misnamed file",
}
# A failure that says only "not done": the stub, or nothing handed in.
_NOT_DONE = ("is not implemented yet", "no submission for ")


def _scan(text: str) -> str:
    return text[:_SCAN_CHARS].lower()


def kinds_in(text: str) -> set[str]:
    """The limit kinds a message or note names (empty: none)."""
    scanned = _scan(text)
    found = {kind for kind, marks in LIMIT_KINDS.items() if any(m in scanned for m in marks)}
    if "misnamed file" in found and "no submission for" not in scanned:
        found.discard("misnamed file")  # "; found " in any other message means nothing
    return found


@dataclass(frozen=True)
class CheckRate:
    """How often one check failed, over the students it counted for."""

    id: str
    exercise: str
    failed: int
    counted: int

    @property
    def rate(self) -> float:
        return self.failed / self.counted if self.counted else 0.0

    @property
    def label(self) -> str:
        """ "corr2d: test_textbook_example", as a plot's axis shows it."""
        return f"{self.exercise}: {self.id.split('::', 1)[-1]}"


def check_rates(results: Sequence[StudentResult]) -> list[CheckRate]:
    """Every check's failure rate, highest first (ties: by id, so the order is stable);
    skipped checks count neither way."""
    failed: dict[str, int] = {}
    counted: dict[str, int] = {}
    exercise: dict[str, str] = {}
    for result in results:
        for check in result.run.checks:
            exercise.setdefault(check.id, check.exercise)
            failed.setdefault(check.id, 0)
            counted.setdefault(check.id, 0)
            if check.counted:
                counted[check.id] += 1
                failed[check.id] += not check.passed
    rates = [CheckRate(i, exercise[i], failed[i], counted[i]) for i in exercise]
    return sorted(rates, key=lambda r: (-r.rate, -r.failed, r.id))


_BRACKETS = re.compile(r"\[[^\[\]]{0,200}\]")  # the configuration: [X (6, 8), K (1, 2)]
_WHERE = re.compile(r" \((?:cell \d+(?: \(In \[\d*\]\))? )?line \d+, in [^()]{0,100}\)")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")  # not in corr2d, F.conv2d
_SENTENCE = re.compile(r"\.(?:\s|$)")


def _first_sentence(text: str) -> str:
    text = text.strip().split("\n", 1)[0]
    end = _SENTENCE.search(text)
    return (text[: end.start()] if end else text).strip()


def mistake_key(message: str) -> tuple[str, bool]:
    """The mistake a failed check's message names, normalised so the same mistake on
    other shapes, seeds and lines groups together; and whether the check diagnosed it
    ("Likely mistake: ..."). E.g. "corr2d output [X (6, 8), K (1, 2)]: output shape
    (5, 6), expected (6, 7). Likely mistake: one row short: ..." ->
    ("one row short: ...", True)."""
    text = message[:_SCAN_CHARS]
    _, marker, diagnosis = text.partition("Likely mistake:")
    if marker:
        return _first_sentence(diagnosis)[:200], True
    text = _WHERE.sub("", _BRACKETS.sub("[…]", _first_sentence(text)))
    return _NUMBER.sub("N", text)[:200], False


@dataclass
class Mistake:
    """One kind of failure across the class."""

    text: str
    diagnosed: bool
    failures: int = 0  # failed checks
    students: list[str] = field(default_factory=list)
    example: str = ""  # one full message, as a student saw it

    @property
    def student_count(self) -> int:
        return len(self.students)


def _failed(checks: Iterable[CheckResult]) -> Iterable[CheckResult]:
    return (c for c in checks if c.counted and not c.passed)


def frequent_mistakes(results: Sequence[StudentResult], *, limit: int = 15) -> list[Mistake]:
    """The most frequent failures, by the number of students who made them (then by
    failed checks); the untouched stub's "not implemented yet" is left out, as it is
    no mistake."""
    found: dict[str, Mistake] = {}
    for result in results:
        for check in _failed(result.run.checks):
            scanned = _scan(check.message)
            if not check.message or "is not implemented yet" in scanned:
                continue
            text, diagnosed = mistake_key(check.message)
            mistake = found.setdefault(text, Mistake(text, diagnosed))
            mistake.failures += 1
            if not mistake.example:
                mistake.example = check.message[:400]
            if result.student not in mistake.students:
                mistake.students.append(result.student)
    ranked = sorted(found.values(), key=lambda m: (-m.student_count, -m.failures, m.text))
    return ranked[:limit]


@dataclass(frozen=True)
class StudentLimits:
    """The limits one student hit, and why the instructor should look at them."""

    student: str
    kinds: dict[str, int]  # kind -> how many checks or notes named it
    reasons: tuple[str, ...]

    @property
    def labels(self) -> list[str]:
        """ "time limit (3 checks)": each kind, and how many checks or notes named it."""
        return [
            f"{LIMIT_LABELS[k]} ({n} checks)" if n > 1 else LIMIT_LABELS[k]
            for k, n in self.kinds.items()
        ]


def limits_hit(result: StudentResult, *, similar: Iterable[str] = ()) -> StudentLimits:
    """What went wrong beyond wrong answers: time, memory, crashes, refused or
    unreadable files (from the checks' messages and warnings and the student's notes),
    and the reasons to look: any of those, a zero score for work that is not the
    untouched stub, a pair of similar submissions (``similar``: the other students)."""
    kinds: dict[str, int] = {}
    texts = [c.message for c in _failed(result.run.checks)]
    texts += [w for c in result.run.checks for w in c.warnings[:5]]
    texts += list(result.notes.values())
    for text in texts:
        for kind in sorted(kinds_in(text)):
            kinds[kind] = kinds.get(kind, 0) + 1
    ordered = {k: kinds[k] for k in LIMIT_KINDS if k in kinds}
    reasons = [LIMIT_LABELS[k] for k in ordered if k != "output cut"]
    failed = [c.message for c in _failed(result.run.checks)]
    if result.possible > 0 and result.score <= 0 and failed:
        if not all(any(m in _scan(text) for m in _NOT_DONE) for text in failed):
            reasons.append("zero score for work that is not the stub")
    others = sorted(set(similar))
    if others:
        reasons.append(f"similar to {', '.join(others[:3])}")
    return StudentLimits(result.student, ordered, tuple(reasons))

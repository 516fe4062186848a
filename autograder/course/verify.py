"""Checks of the checks: run an exercise's tests against known implementations.

- the reference solution must get full marks;
- the untouched stub must get zero on every check;
- each mutant (``tests/mutants/<id>/*.py``, a known mistake) must lose points on the
  check it names, with a message that names the mistake;
- each alternative (``tests/alternatives/<id>/*.py``, another correct way) must get
  full marks: a false failure is as bad as a missed bug.

A mutant or alternative file holds only the functions it changes, under a header::

    # mistake: range(H - kh) stops one row and one column short
    # rule: corr2d.values
    # caught-by: test_random_shapes_match_conv2d
    # message: one row short

``rule`` names the one rule of ``solutions/<id>.rules.yml`` the mutant breaks
(``autograder.course.rules``): every rule needs a mutant that is caught. Alternatives have
``# alternative: <what differs>``. A variant is appended to the reference solution as a
cell of its own, so its definitions replace the reference's, and the result is
checked like any student file.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.checks.runner import pytest_args
from autograder.course.model import CoursePaths
from autograder.course.rules import Coverage, Rule, RulesError, coverage, load_rules
from autograder.grading.results import RunResult

VERIFY_SEED = 2026
_HEADER = re.compile(r"^#\s*(mistake|rule|caught-by|message|alternative):\s*(.+?)\s*$")


class VariantError(ValueError):
    """A mutant or alternative file without the header it needs."""


@dataclass(frozen=True)
class Variant:
    """A known-wrong (mutant) or known-right (alternative) implementation."""

    path: Path
    kind: str  # "mutant" | "alternative"
    description: str
    caught_by: str = ""
    message: str = ""
    rule: str = ""

    @property
    def name(self) -> str:
        return self.path.stem


def read_variant(path: Path, kind: str) -> Variant:
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line)
        if match:
            fields[match[1]] = match[2]
    if kind == "mutant":
        missing = [k for k in ("mistake", "caught-by", "message") if k not in fields]
        if missing:
            raise VariantError(
                f"{path}: mutant header lacks {', '.join('# ' + m + ':' for m in missing)}"
            )
        return Variant(
            path,
            kind,
            fields["mistake"],
            fields["caught-by"],
            fields["message"],
            fields.get("rule", ""),
        )
    if "alternative" not in fields:
        raise VariantError(f"{path}: alternative header lacks '# alternative: <what differs>'")
    return Variant(path, kind, fields["alternative"])


def variants(paths: CoursePaths, exercise_id: str) -> list[Variant]:
    found = [read_variant(p, "mutant") for p in sorted(paths.mutants_dir(exercise_id).glob("*.py"))]
    found += [
        read_variant(p, "alternative")
        for p in sorted(paths.alternatives_dir(exercise_id).glob("*.py"))
    ]
    return found


def compose(paths: CoursePaths, exercise_id: str, variant: Variant, workdir: Path) -> Path:
    """Write ``workdir/<id>.py``: the reference followed by the variant's definitions."""
    reference = paths.solution(exercise_id).read_text(encoding="utf-8")
    body = variant.path.read_text(encoding="utf-8")
    target = workdir / f"{exercise_id}.py"
    target.write_text(
        f"{reference}\n\n# %% {variant.kind}: {variant.name}\n{body}", encoding="utf-8"
    )
    return target


def run_checks(
    paths: CoursePaths,
    exercise_ids: Sequence[str],
    *,
    impl: str | Path,
    seed: int | None = None,
    hidden: bool = True,
    nodeids: Sequence[str] = (),
    keyword: str = "",
) -> RunResult:
    """Run the public (and hidden) checks of the exercises against ``impl``, in this
    process; return the results pytest's plugin recorded. ``nodeids`` (relative to the
    course root) runs just those checks instead; ``keyword``, those whose name has it."""
    files = [str(paths.public_test(i)) for i in exercise_ids]
    if hidden:
        files += [str(paths.hidden_test(i)) for i in exercise_ids]
    if nodeids:
        files = [str(paths.root / nodeid) for nodeid in nodeids]
    with tempfile.TemporaryDirectory(prefix="autograder-verify-") as tmp:
        results = Path(tmp) / "results.json"
        args = pytest_args(paths, files, extra=[f"--impl={impl}", f"--results={results}"])
        if seed is not None:
            args.append(f"--seed={seed}")
        if keyword:
            args += ["-k", keyword]
        code = pytest.main(args)
        if code == pytest.ExitCode.NO_TESTS_COLLECTED and keyword:
            return RunResult(impl=str(impl), public_seed=0, hidden_seed=0, checks=[])
        if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or not results.exists():
            raise RuntimeError(
                f"the checks of {', '.join(exercise_ids)} could not run against {impl} "
                f"(pytest exit code {int(code)}); run them with pytest to see why"
            )
        return RunResult.read(results)


@dataclass(frozen=True)
class VariantVerdict:
    variant: Variant
    ok: bool
    detail: str
    score: float
    max_score: float


def judge(variant: Variant, run: RunResult) -> VariantVerdict:
    """Did the checks treat this variant as they must?"""
    score, possible = run.score, run.max_score
    if variant.kind == "alternative":
        failed = [c for c in run.checks if c.counted and not c.passed]
        detail = (
            "full marks"
            if not failed
            else f"falsely failed {failed[0].id.split('::')[-1]}: {failed[0].message[:300]}"
        )
        return VariantVerdict(variant, not failed, detail, score, possible)
    named = [c for c in run.checks if c.id.split("::")[-1].split("[")[0] == variant.caught_by]
    if not named:
        return VariantVerdict(
            variant, False, f"no check named {variant.caught_by}", score, possible
        )
    hits = [c for c in named if not c.passed and variant.message.lower() in c.message.lower()]
    if hits and score < possible:
        return VariantVerdict(variant, True, f"caught by {variant.caught_by}", score, possible)
    failing = [c for c in named if not c.passed]
    if failing:
        detail = (
            f"{variant.caught_by} failed, but its message does not say {variant.message!r}: "
            f"{failing[0].message[:300]}"
        )
    else:
        detail = f"not caught: {variant.caught_by} passed"
    return VariantVerdict(variant, False, detail, score, possible)


def verify_variant(paths: CoursePaths, exercise_id: str, variant: Variant) -> VariantVerdict:
    """An alternative against every check; a mutant against the check it names only
    (``-k``), which is all its verdict reads: each check's inputs come from the seed and
    the check's own id, so that check sees what it would in a full run."""
    keyword = variant.caught_by if variant.kind == "mutant" else ""
    with tempfile.TemporaryDirectory(prefix=f"autograder-{variant.name}-") as tmp:
        target = compose(paths, exercise_id, variant, Path(tmp))
        run = run_checks(paths, [exercise_id], impl=target, seed=VERIFY_SEED, keyword=keyword)
    return judge(variant, run)


@dataclass(frozen=True)
class ExerciseVerification:
    """Everything the checks of the checks found for one exercise."""

    exercise: str
    reference: RunResult
    stub: RunResult
    verdicts: list[VariantVerdict]
    rules: list[Rule]
    rules_problem: str = ""

    @property
    def reference_ok(self) -> bool:
        return all(c.passed for c in self.reference.checks if c.counted)

    @property
    def stub_ok(self) -> bool:
        return not any(c.passed for c in self.stub.checks)

    @property
    def coverage(self) -> Coverage:
        """Rule coverage: each rule broken alone by a mutant that the checks catch."""
        found = coverage(
            self.rules,
            [
                (v.variant.name, v.variant.rule, v.ok)
                for v in self.verdicts
                if v.variant.kind == "mutant"
            ],
        )
        if self.rules_problem:
            return Coverage(0, 0, 0, (self.rules_problem, *found.problems))
        return found

    @property
    def ok(self) -> bool:
        return (
            self.reference_ok
            and self.stub_ok
            and all(v.ok for v in self.verdicts)
            and self.coverage.complete
        )

    def hidden_seconds(self) -> float:
        """Time the hidden checks took on the reference solution."""
        return sum(c.duration_s for c in self.reference.checks if c.visibility == "hidden")


def verify_exercise(paths: CoursePaths, exercise_id: str) -> ExerciseVerification:
    """Reference, stub and every variant of one exercise, judged."""
    reference = run_checks(paths, [exercise_id], impl=paths.solutions_dir)
    stub = run_checks(paths, [exercise_id], impl=paths.exercises_dir)
    verdicts = [verify_variant(paths, exercise_id, v) for v in variants(paths, exercise_id)]
    try:
        rules, problem = load_rules(paths, exercise_id), ""
    except RulesError as error:
        rules, problem = [], str(error)
    return ExerciseVerification(exercise_id, reference, stub, verdicts, rules, problem)

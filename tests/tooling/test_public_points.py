"""The public-points rule: a submission that hard-codes what the public checks show earns
nothing its own code does not.

Public checks show their inputs and expected answers, so they carry no points (``autograder
check`` refuses a points marker on one); every point comes from hidden checks on fresh
inputs. Here a "hard-coder" knows every input any public check passes and the reference's
answer to each (more than the checks show: their errors too), answers those from a table,
and falls back to wrong code (the stub, or a mutant) for anything else. Graded through the
same checks as a real submission, it must earn exactly what the wrong code earns, while
passing more public checks (so the table did its work and this test can fail).
"""

from __future__ import annotations

import ast
import base64
import pickle
import sys
import textwrap
from pathlib import Path

import pytest
import torch

from autograder.course.check import PUBLIC_POINTS_FIX, check_course
from autograder.course.model import CoursePaths
from autograder.course.verify import run_checks
from autograder.grading.results import RunResult

torch.set_num_threads(1)
SEED = 7  # one seed for the recording and the grading: the public checks' inputs agree

# How the recorder and the hard-coder both name one call: the function and its arguments
# by value (dtype, shape and every number of a tensor), so a shown input is recognised.
_KEY = """
def _value(a):
    import torch
    if isinstance(a, torch.Tensor):
        numbers = () if a.is_meta else tuple(a.detach().cpu().flatten().tolist())
        return ("tensor", str(a.dtype), str(a.device), tuple(a.shape), numbers)
    if isinstance(a, (list, tuple)):
        return (type(a).__name__, tuple(_value(x) for x in a))
    if isinstance(a, dict):
        return ("dict", tuple(sorted((repr(k), _value(v)) for k, v in a.items())))
    return ("value", repr(a))


def _key(name, args, kwargs):
    return repr((name, _value(args), _value(kwargs)))
"""

_RECORDER = """
def _recording(_name, _function):
    import functools, pickle

    @functools.wraps(_function)
    def _recorded(*args, **kwargs):
        entry = None
        try:
            out = _function(*args, **kwargs)
        except Exception as error:
            entry = ("raise", type(error).__name__, str(error))
            raise
        else:
            entry = ("return", out)
            return out
        finally:
            if entry is not None:
                with open(RECORD, "ab") as file:
                    pickle.dump((_key(_name, args, kwargs), entry), file)

    return _recorded


for _name in NAMES:
    globals()[_name] = _recording(_name, globals()[_name])
"""

_HARDCODER = """
def _hardcoded(_name, _wrong):
    import functools, pickle

    @functools.wraps(_wrong)
    def _answer(*args, **kwargs):
        shown = _SHOWN.get(_key(_name, args, kwargs))
        if shown is None:
            return _wrong(*args, **kwargs)
        if shown[0] == "raise":
            raise {"ValueError": ValueError, "TypeError": TypeError}.get(
                shown[1], RuntimeError
            )(shown[2])
        return pickle.loads(pickle.dumps(shown[1]))  # a fresh copy each call

    return _answer


import base64 as _base64, pickle as _pickle

_SHOWN = _pickle.loads(_base64.b64decode(TABLE))
for _name in NAMES:
    globals()[_name] = _hardcoded(_name, globals()[_name])
"""

# The wrong code each hard-coder falls back to: the stub, or the reference with one
# mutant's mistake (tests/mutants/<exercise>/<name>.py) that fails public checks.
CASES = [
    ("corr2d", "stub"),
    ("corr2d", "off_by_one_range"),
    ("dilation", "stub"),
    ("dilation", "output_size_k_times_d"),
]


def _names(paths: CoursePaths, exercise: str) -> list[str]:
    """The exercise's functions a public check may call (the quiz's answers() aside:
    no public check shows a key)."""
    tree = ast.parse(paths.solution(exercise).read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and not node.name.startswith("_")
        and node.name != "answers"
    ]


def _cell(code: str) -> str:
    return "\n# %%\n" + textwrap.dedent(code).strip() + "\n"


def _shown(paths: CoursePaths, exercise: str, folder: Path) -> dict[str, object]:
    """Every call the public checks make, with the reference's answer: the public checks
    run on the reference with each function wrapped to record its calls."""
    record = folder / "record.pickle"
    recorder = folder / "recorder" / f"{exercise}.py"
    recorder.parent.mkdir(parents=True)
    recorder.write_text(
        paths.solution(exercise).read_text(encoding="utf-8")
        + _cell(f"RECORD = {str(record)!r}\nNAMES = {_names(paths, exercise)!r}\n" + _KEY)
        + _cell(_RECORDER),
        encoding="utf-8",
    )
    run = run_checks(paths, [exercise], impl=recorder, seed=SEED, hidden=False)
    assert run.checks and all(c.passed for c in run.checks), [
        c.message for c in run.checks if not c.passed
    ]
    table: dict[str, object] = {}
    with record.open("rb") as file:
        while True:
            try:
                key, entry = pickle.load(file)
            except EOFError:
                break
            table.setdefault(key, entry)
    return table


def _wrong(paths: CoursePaths, exercise: str, base: str) -> str:
    if base == "stub":
        return paths.stub(exercise).read_text(encoding="utf-8")
    mutant = paths.mutants_dir(exercise) / f"{base}.py"
    return paths.solution(exercise).read_text(encoding="utf-8") + _cell(
        mutant.read_text(encoding="utf-8")
    )


def _grade(paths: CoursePaths, exercise: str, text: str, folder: Path) -> RunResult:
    target = folder / f"{exercise}.py"
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    return run_checks(paths, [exercise], impl=target, seed=SEED)


def _public_passed(run: RunResult) -> int:
    return sum(c.passed for c in run.checks if c.visibility == "public" and c.counted)


@pytest.mark.parametrize(("exercise", "base"), CASES, ids=[f"{e}-{b}" for e, b in CASES])
def test_hard_coding_the_shown_answers_earns_nothing(
    paths: CoursePaths, tmp_path: Path, exercise: str, base: str
) -> None:
    table = _shown(paths, exercise, tmp_path)
    assert len(table) >= 5, f"the recorder saw only {len(table)} calls"
    wrong = _wrong(paths, exercise, base)
    blob = base64.b64encode(pickle.dumps(table)).decode()
    hardcoded = (
        wrong
        + _cell(f"TABLE = {blob!r}\nNAMES = {_names(paths, exercise)!r}\n" + _KEY)
        + _cell(_HARDCODER)
    )
    plain = _grade(paths, exercise, wrong, tmp_path / "wrong")
    cheat = _grade(paths, exercise, hardcoded, tmp_path / "hardcoded")
    assert _public_passed(cheat) > _public_passed(plain), (
        f"the table did not work: {_public_passed(cheat)} public checks pass with it, "
        f"{_public_passed(plain)} without"
    )
    assert all(c.points == 0 for c in cheat.checks if c.visibility == "public")
    assert cheat.max_score == plain.max_score == paths.load().exercise(exercise).points
    differ = {c.id for c in cheat.checks if c.visibility == "hidden" and c.passed} ^ {
        c.id for c in plain.checks if c.visibility == "hidden" and c.passed
    }
    assert cheat.score == plain.score, (
        f"hard-coding the public checks' answers earned {cheat.score:g} points, the wrong "
        f"code alone {plain.score:g}; hidden checks that differ: {sorted(differ)}"
    )


def test_check_refuses_a_public_check_with_points(
    course_copy: CoursePaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule is enforced: a points marker on a public check is a problem that names
    the check and the fix, and so is a hidden check without points."""
    # pytest (import mode importlib) reuses a check module of the same name imported by
    # an earlier run in this process; the edited copies must be read afresh.
    for name in [m for m in sys.modules if m.startswith(("tests.public.", "tests.hidden."))]:
        monkeypatch.delitem(sys.modules, name)
    course = course_copy.load()
    public = course_copy.public_test("corr2d")
    text = public.read_text(encoding="utf-8")
    marked = text.replace(
        "def test_textbook_example(", "@pytest.mark.points(1)\ndef test_textbook_example(", 1
    )
    assert marked != text
    public.write_text(marked, encoding="utf-8")
    hidden = course_copy.hidden_test("corr2d")
    hidden_text = hidden.read_text(encoding="utf-8")
    unmarked = hidden_text.replace(
        "@pytest.mark.points(1)\ndef test_noncontiguous_input(", "def test_noncontiguous_input(", 1
    )
    assert unmarked != hidden_text
    hidden.write_text(unmarked, encoding="utf-8")
    problems = [str(p) for p in check_course(course_copy, course)]
    assert any(
        "tests/public/test_corr2d.py::test_textbook_example" in p and PUBLIC_POINTS_FIX in p
        for p in problems
    ), problems
    assert any("test_noncontiguous_input: has no @pytest.mark.points" in p for p in problems)
    # The course total counts hidden checks only: one point fewer than course.yml now.
    total = course.exercise("corr2d").points
    assert any(
        f"is {total}, but its hidden checks carry {total - 1} points" in p for p in problems
    ), problems


def test_a_quiz_form_check_with_points_is_refused_with_the_fix() -> None:
    from autograder.quiz.form import QuizForm

    form = QuizForm(str(Path(__file__).resolve().parents[1] / "public" / "x.py"), "unit_quiz")
    assert callable(form.test())
    with pytest.raises(TypeError, match=r"public checks carry no points; write \.test\(\)"):
        form.test(points=1)

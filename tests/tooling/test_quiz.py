"""Quizzes: per-student variants, keys checked against PyTorch, answers graded per student."""

from __future__ import annotations

import functools
import runpy
import shutil
import warnings
from pathlib import Path

import pytest
import torch
from torch import nn

from autograder.boundary.loader import read_cells
from autograder.checks import CheckFailure, StudentNotice
from autograder.course.model import CoursePaths
from autograder.course.verify import run_checks
from autograder.quiz import (
    Question,
    assigns_questions,
    form_error,
    is_correct,
    option_correct,
    own_numbers,
    render,
    show,
    variant,
)
from autograder.quiz.form import QuizForm
from autograder.quiz.grading import QuizChecks
from autograder.quiz.keys import as_student, load_reference, variants_and_keys

from .conftest import nbgrader_step

ROOT = Path(__file__).resolve().parents[2]
STUDENTS = [f"student{i:02d}" for i in range(20)]


@pytest.fixture(scope="module")
def reference():
    return load_reference(CoursePaths(ROOT), "unit_quiz")


def _keys(reference, student: str) -> dict:
    with as_student(student):
        return reference.answers()


def test_variants_are_stable_per_student_and_differ_between_students(reference) -> None:
    with_params = [q for q in reference.QUESTIONS if q.params]
    assert len(with_params) >= 8
    for question in with_params:
        assert variant("c", "ana", question) == variant("c", "ana", question)
    differ = [q.id for q in with_params if variant("c", "ana", q) != variant("c", "ben", q)]
    assert len(differ) >= len(with_params) - 1
    shared = sum(
        _keys(reference, a)[q.id] == _keys(reference, b)[q.id]
        for q in with_params
        for a, b in zip(STUDENTS, STUDENTS[1:], strict=False)
    )
    assert shared <= len(with_params) * (len(STUDENTS) - 1) * 0.15  # two students rarely share


def test_every_key_agrees_with_pytorch(reference) -> None:
    """Counts and shapes from real layers (meta device), for 20 students' variants."""
    meta = torch.device("meta")
    questions = {q.id: q for q in reference.QUESTIONS}
    for student in STUDENTS:
        keys = _keys(reference, student)
        v = {q: variant(reference.COURSE, student, questions[q]) for q in questions}
        c = v["conv_params"]
        layer = nn.Conv2d(c["cin"], c["cout"], (c["kh"], c["kw"]), device=meta)
        assert keys["conv_params"] == sum(p.numel() for p in layer.parameters())
        o = v["one_by_one"]
        layer = nn.Conv2d(o["cin"], o["cout"], 1, bias=False, device=meta)
        assert keys["one_by_one"] == layer.weight.numel()
        f = v["fc_weights"]
        fc = nn.Linear(f["h"] * f["w"] * 3, f["hidden"], bias=False, device=meta)
        assert keys["fc_weights"] == fc.weight.numel()
        r = v["fc_ratio"]
        fc = nn.Linear(r["h"] * r["w"] * 3, r["hidden"], bias=False, device=meta)
        conv = nn.Conv2d(3, r["hidden"], r["k"], bias=False, device=meta)
        assert keys["fc_ratio"] == pytest.approx(fc.weight.numel() / conv.weight.numel())
        s = v["output_shape"]
        conv = nn.Conv2d(
            s["cin"],
            s["cout"],
            (s["kh"], s["kw"]),
            stride=(s["sh"], s["sw"]),
            padding=(s["ph"], s["pw"]),
            device=meta,
        )
        shape = conv(torch.empty(s["n"], s["cin"], s["h"], s["w"], device=meta)).shape
        assert keys["output_shape"] == tuple(shape)
        d = v["dilated_output"]
        conv = nn.Conv2d(1, 1, d["k"], padding=d["p"], dilation=d["d"], device=meta)
        assert keys["dilated_output"] == tuple(
            conv(torch.empty(1, 1, d["h"], d["w"], device=meta)).shape[2:]
        )
        k = v["dilated_size"]
        conv = nn.Conv2d(1, 1, k["k"], dilation=k["d"], device=meta)
        n = 40
        assert n - keys["dilated_size"] + 1 == conv(torch.empty(1, 1, n, n, device=meta)).shape[-1]
        t = v["transposed_size"]
        up = nn.ConvTranspose2d(
            1, 1, t["k"], stride=t["s"], padding=t["p"], output_padding=t["op"], device=meta
        )
        assert (
            keys["transposed_size"] == up(torch.empty(1, 1, t["n"], t["n"], device=meta)).shape[-1]
        )
        m = v["mult_adds"]
        conv = nn.Conv2d(m["c"], m["c"], m["k"], padding=m["k"] // 2, bias=False, device=meta)
        out = conv(torch.empty(1, m["c"], m["h"], m["h"], device=meta))
        assert out.shape[-1] == m["h"]
        assert keys["mult_adds"] == out.numel() * m["c"] * m["k"] ** 2
        # Receptive field: which input pixels the centre output pixel's gradient reaches.
        f = v["receptive_field"]
        x = torch.zeros(1, 1, 64, 64, requires_grad=True)
        y = x
        for kernel, stride in ((3, f["s1"]), (f["k2"], 1), (3, 1)):
            y = nn.functional.conv2d(y, torch.ones(1, 1, kernel, kernel), stride=stride)
        y[0, 0, y.shape[2] // 2, y.shape[3] // 2].backward()
        columns = x.grad[0, 0].abs().sum(0).nonzero()
        assert keys["receptive_field"] == int(columns.max() - columns.min() + 1)


def test_answer_kinds_judge_form_and_value() -> None:
    shape = Question("s", "shape", 1, "", ndim=2)
    assert form_error(shape, (1, 2)) == "" and form_error(shape, [1, 2]) == ""
    assert "tuple of 2 integers" in form_error(shape, (1, 2, 3))
    assert "tuple of 2 integers" in form_error(shape, (1.0, 2))
    number = Question("n", "number", 1, "", rel_tol=1e-3)
    assert is_correct(number, 100.05, 100) and not is_correct(number, 100.2, 100)
    integer = Question("i", "integer", 1, "")
    assert "expected an integer" in form_error(integer, 3.0)
    assert "expected an integer" in form_error(integer, True)
    single = Question("c", "single", 1, "", options={"a": "", "b": ""})
    assert "expected one of a, b" in form_error(single, "c")
    multiple = Question("m", "multiple", 2, "", options={"a": "", "b": "", "c": ""})
    assert [option_correct(multiple, ("a", "c"), ("a", "b"), x) for x in "abc"] == [
        True,
        False,
        False,
    ]
    assert form_error(Question("x", "integer", 1, ""), None) == "no answer yet"
    assert assigns_questions("COURSE = 'c'\nQUESTIONS: list = [\n]")
    assert not assigns_questions("# The QUESTIONS below are yours.\nprint(QUESTIONS)")


def _constant_answers(keys: dict, target: Path) -> Path:
    target.write_text(
        "# %%\nCOURSE = 'd2l-conv2d'\n\n\ndef answers():\n    return " + repr(keys) + "\n"
    )
    return target


def _quiz_exercises() -> list[str]:
    paths = CoursePaths(ROOT)
    return [
        e
        for e in paths.load().exercise_ids
        if assigns_questions(paths.solution(e).read_text(encoding="utf-8"))
    ]


QUIZ_EXERCISES = _quiz_exercises()


def _with_answers(exercise: str, keys: dict, target: Path) -> Path:
    """The reference solution of ``exercise`` whose answers() returns ``keys``."""
    reference = CoursePaths(ROOT).solution(exercise).read_text(encoding="utf-8")
    target.write_text(
        f"{reference}\n\n# %%\ndef answers():\n    return {keys!r}\n", encoding="utf-8"
    )
    return target


@functools.cache
def _has_multiple(exercise: str) -> bool:
    questions = load_reference(CoursePaths(ROOT), exercise).QUESTIONS
    return any(q.kind == "multiple" for q in questions)


def _quiz_run(exercise: str, impl: Path, student: str):
    """Only the quiz checks of ``exercise``: the public form check and the hidden ones."""
    hidden = f"tests/hidden/test_{exercise}.py"
    nodeids = [f"tests/public/test_{exercise}.py::test_quiz_form", f"{hidden}::test_quiz_answer"]
    if _has_multiple(exercise):
        nodeids.append(f"{hidden}::test_quiz_statement")
    with as_student(student):
        return run_checks(CoursePaths(ROOT), [exercise], impl=impl, seed=1, nodeids=nodeids)


def _question_of(check_id: str) -> str:
    """``...::test_quiz_answer[qid]`` or ``...::test_quiz_statement[qid-a]`` -> qid."""
    name = check_id.split("::")[-1]
    return name.split("[", 1)[1].rstrip("]").rsplit("-", 1)[0] if "[" in name else name


def test_every_exercise_before_the_unit_quiz_carries_a_quiz() -> None:
    assert set(CoursePaths(ROOT).load().exercise_ids) - set(QUIZ_EXERCISES) == {"corr2d"}


@pytest.mark.parametrize("exercise", QUIZ_EXERCISES)
def test_each_student_is_graded_against_their_own_key(exercise: str, tmp_path: Path) -> None:
    """Ana's answers: full marks for Ana; for Ben exactly the questions whose keys differ
    between the two variants fail, each with a message that names Ben's variant."""
    reference = load_reference(CoursePaths(ROOT), exercise)
    ana, ben = _keys(reference, "ana"), _keys(reference, "ben")
    impl = _with_answers(exercise, ana, tmp_path / f"{exercise}.py")
    own, swapped = _quiz_run(exercise, impl, "ana"), _quiz_run(exercise, impl, "ben")
    assert own.score == own.max_score > 0
    differ = {q.id for q in reference.QUESTIONS if not _same(q, ana[q.id], ben[q.id])}
    lost = [c for c in swapped.checks if not c.passed]
    assert {_question_of(c.id) for c in lost} == differ
    if any(q.params for q in reference.QUESTIONS):
        assert differ, f"{exercise}: ana and ben share every variant"
    questions = {q.id: q for q in reference.QUESTIONS}
    for check in lost:
        numbers = own_numbers(reference.COURSE, "ben", questions[_question_of(check.id)])
        assert f"right for your variant (student 'ben': {numbers})" in check.message
        assert "not right" in check.message or "was not decided right" in check.message


def _same(question: Question, a, b) -> bool:
    if question.kind == "multiple":
        return set(a) == set(b)
    return is_correct(question, a, b)


def test_the_engine_grades_each_student_on_their_own_variant(reference, tmp_path: Path) -> None:
    """In the sandbox too: programmatic answers see the graded student's id, and answers
    copied from a classmate fail."""
    from autograder.grading.batch import grade_class
    from autograder.grading.classrun import GradeOptions

    klass = tmp_path / "class"
    for student in ("ana", "ben"):
        (klass / student).mkdir(parents=True)
        shutil.copy(ROOT / "solutions" / "unit_quiz.py", klass / student / "unit_quiz.py")
    (klass / "copier").mkdir()
    _constant_answers(_keys(reference, "ana"), klass / "copier" / "unit_quiz.py")
    report = grade_class(
        CoursePaths(ROOT),
        GradeOptions(submissions=klass, out=tmp_path / "out", exercises=("unit_quiz",), jobs=1),
    )
    scores = {r.student: r.score for r in report.results}
    assert scores["ana"] == scores["ben"] == 29
    assert scores["copier"] <= 29 - 8


def test_quiz_show_prints_a_students_variant_and_keys(reference) -> None:
    shown = variants_and_keys(CoursePaths(ROOT), CoursePaths(ROOT).load(), "ana", ["unit_quiz"])
    prompts = dict(shown["unit_quiz"])
    assert len(prompts) == len(reference.QUESTIONS)
    assert list(prompts.values()) == [_keys(reference, "ana")[q.id] for q in reference.QUESTIONS]
    assert not any("{" in p for p in prompts), "every prompt is filled in with numbers"


def test_the_quiz_is_released_and_bundled_without_its_keys(tmp_path: Path, course_of_one) -> None:
    from autograder.course.build import build_course
    from autograder.course.bundle import write_bundle

    paths = course_of_one(tmp_path / "course", "unit_quiz")
    result = build_course(paths, paths.load(), course_dir=tmp_path / "nbgrader")
    assert result.leaks == []
    (released,) = result.released
    text = released.read_text()
    key_line = 'fc["h"] * fc["w"] * 3 * fc["hidden"]'
    assert key_line in paths.solution("unit_quiz").read_text()
    assert "QUESTIONS" in text and "fc_weights" in text and "NotImplementedError" in text
    assert key_line.replace('"', '\\"') not in text and "variant(COURSE, student_id()" not in text
    import json

    manual = [
        c["metadata"]["nbgrader"]
        for c in json.loads(text)["cells"]
        if c["cell_type"] == "markdown" and c["metadata"]["nbgrader"].get("grade")
    ]
    assert [(m["grade_id"], m["points"], m["solution"]) for m in manual] == [
        ("unit_quiz-why_not_max", 2.0, True),
        ("unit_quiz-dilation_or_bigger", 2.0, True),
    ]
    write_bundle(
        paths, paths.load(), tmp_path / "student.zip", notebooks_dir=result.course_dir / "release"
    )


def test_plain_nbgrader_autograde_grades_each_student_on_their_own_variant(
    tmp_path: Path, course_of_one
) -> None:
    """In nbgrader's own kernel too (no engine): the grade cells take the student id from
    the autograded/<student>/ folder. Ana's reference answers get full marks; Cy typed in
    the keys of Cy's own variant: full marks (only if the kernel knew it was Cy); a copier
    typed in Ana's keys: fails exactly where the two variants differ."""
    import json

    import nbformat
    from nbgrader.api import Gradebook

    from autograder.course.build import build_course
    from autograder.course.notebooks import grade_id_of

    paths = course_of_one(tmp_path / "course", "unit_quiz")
    result = build_course(paths, paths.load(), course_dir=tmp_path / "nbgrader")
    source = nbformat.read(result.source_notebooks[0], as_version=4)
    released = nbformat.read(result.released[0], as_version=4)
    reference = load_reference(CoursePaths(ROOT), "unit_quiz")
    typed_in = {
        "cy": f"def answers():\n    return {_keys(reference, 'cy')!r}",
        "copier": f"def answers():\n    return {_keys(reference, 'ana')!r}",
    }
    for student in ("ana", "cy", "copier"):
        notebook = nbformat.from_dict(json.loads(nbformat.writes(released)))
        for index, cell in enumerate(notebook.cells):
            if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
                cell.source = typed_in.get(student, source.cells[index].source)
        folder = result.course_dir / "submitted" / student / "quiz"
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / "unit_quiz.ipynb")
    nbgrader_step(result.course_dir, "autograde", "quiz")
    lost: dict[str, set[str]] = {"ana": set(), "cy": set(), "copier": set()}
    db = f"sqlite:///{result.course_dir / 'gradebook.db'}"
    with Gradebook(db, paths.load().course_id) as gradebook:
        for submission in gradebook.assignment_submissions("quiz"):
            for notebook in submission.notebooks:
                lost[submission.student.id] |= {
                    g.name for g in notebook.grades if (g.auto_score or 0) < g.max_score
                }
    ana, copier = _keys(reference, "ana"), _keys(reference, "copier")
    hidden = "tests/hidden/test_unit_quiz.py"
    expected = set()
    for q in reference.QUESTIONS:
        if q.kind != "multiple" and not _same(q, ana[q.id], copier[q.id]):
            expected.add(grade_id_of("unit_quiz", f"{hidden}::test_quiz_answer[{q.id}]"))
        for letter in q.options if q.kind == "multiple" else ():
            if (letter in ana[q.id]) != (letter in copier[q.id]):
                nodeid = f"{hidden}::test_quiz_statement[{q.id}-{letter}]"
                expected.add(grade_id_of("unit_quiz", nodeid))
    manual = {"unit_quiz-why_not_max", "unit_quiz-dilation_or_bigger"}  # graded by hand
    assert lost["ana"] == lost["cy"] == manual
    assert lost["copier"] - manual == expected and len(expected) >= 8


def _wrong_of_right_form(question: Question, key):
    if question.kind == "integer":
        return key + 1
    if question.kind == "number":
        return key * 1.1
    if question.kind == "shape":
        return (*key[:-1], key[-1] + 1)
    if question.kind == "single":
        return next(letter for letter in question.options if letter != key)
    flipped = sorted(set(key) ^ {next(iter(question.options))})  # one statement flipped
    return tuple(flipped)


@pytest.mark.parametrize("exercise", QUIZ_EXERCISES)
def test_a_wrong_answer_of_the_right_form_loses_exactly_its_points(exercise, tmp_path) -> None:
    """Empty answers score zero on the quiz; the reference's answers full marks; one wrong
    answer (of the right form) loses that question's points and nothing else."""
    reference = load_reference(CoursePaths(ROOT), exercise)
    keys = _keys(reference, "")
    right = _quiz_run(exercise, _with_answers(exercise, keys, tmp_path / "right.py"), "")
    assert right.score == right.max_score == sum(q.points for q in reference.QUESTIONS) + 1
    empty = _quiz_run(exercise, _with_answers(exercise, {}, tmp_path / "empty.py"), "")
    assert empty.score == 0
    for question in reference.QUESTIONS:
        answers = dict(keys)
        answers[question.id] = _wrong_of_right_form(question, keys[question.id])
        run = _quiz_run(exercise, _with_answers(exercise, answers, tmp_path / "one.py"), "")
        lost = run.max_score - run.score
        expected = (
            question.points / len(question.options)
            if question.kind == "multiple"
            else question.points
        )
        assert lost == pytest.approx(expected), question.id
        assert [_question_of(c.id) for c in run.checks if not c.passed] == [question.id]
        assert all(question.id in c.message for c in run.checks if not c.passed)


# -- what the student sees: their own variant, a missing id, every form error at once -----
class _Answers:
    """An in-process stand-in for a submission whose answers() returns ``answers``."""

    def __init__(self, answers: object) -> None:
        self._answers = answers

    def answers(self) -> object:
        return self._answers


@pytest.fixture
def no_student_id(monkeypatch):
    for name in ("AUTOGRADER_STUDENT", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("exercise", QUIZ_EXERCISES)
def test_the_stub_shows_the_students_own_variant(exercise, monkeypatch, capsys) -> None:
    """``python exercises/<id>.py`` prints every prompt with the numbers of the student
    named by $AUTOGRADER_STUDENT; in a notebook, setting the id after the quiz cells ran
    and re-running the cell that shows the quiz is enough."""
    stub = ROOT / "exercises" / f"{exercise}.py"
    monkeypatch.setenv("AUTOGRADER_STUDENT", "ana")
    namespace = runpy.run_path(str(stub), run_name="stub")
    out = capsys.readouterr().out
    assert "Quiz for ana" in out and "No student id" not in out
    for question in namespace["QUESTIONS"]:
        assert render(namespace["COURSE"], "ana", question) in out
    monkeypatch.delenv("AUTOGRADER_STUDENT")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    cells = [c.source for c in read_cells(stub)]
    kernel: dict = {"__name__": "__main__notebook"}
    quiz_cell = next(i for i, c in enumerate(cells) if assigns_questions(c))
    for cell in cells[: quiz_cell + 1]:  # the notebook's cells up to the questions
        exec(compile(cell, str(stub), "exec"), kernel)
    (show_cell,) = [c for c in cells[quiz_cell + 1 :] if "show(COURSE, QUESTIONS)" in c]
    exec(show_cell, kernel)
    assert "%env AUTOGRADER_STUDENT=your_login" in capsys.readouterr().out
    monkeypatch.setenv("AUTOGRADER_STUDENT", "ben")  # %env AUTOGRADER_STUDENT=ben
    exec(show_cell, kernel)
    out = capsys.readouterr().out
    assert "Quiz for ben" in out
    assert all(render(kernel["COURSE"], "ben", q) in out for q in kernel["QUESTIONS"])


def test_without_a_student_id_the_quiz_says_how_to_set_it(
    reference, no_student_id, monkeypatch, capsys
) -> None:
    """No numbers that are not the student's: ``<name>`` where they go, and how to set the
    id in a notebook and in a terminal; once set, re-running the cell shows the variant."""
    show(reference.COURSE, reference.QUESTIONS)
    out = capsys.readouterr().out
    assert "No student id is set" in out
    assert "%env AUTOGRADER_STUDENT=your_login" in out
    assert 'os.environ["AUTOGRADER_STUDENT"] = "your_login"' in out
    assert "export AUTOGRADER_STUDENT=your_login" in out
    fc = next(q for q in reference.QUESTIONS if q.id == "fc_weights")
    assert "<h> x <w> pixels" in out and render(reference.COURSE, "", fc) not in out
    monkeypatch.setenv("AUTOGRADER_STUDENT", "ana")
    show(reference.COURSE, reference.QUESTIONS)
    out = capsys.readouterr().out
    assert "No student id" not in out and render(reference.COURSE, "ana", fc) in out


def test_the_public_form_check_warns_without_a_student_id(reference) -> None:
    """A StudentNotice (shown in the score table) that says how to set the id; the
    form's point is still given (see QuizForm.check); with an id, no notice."""
    form = QuizForm(str(ROOT / "tests" / "public" / "test_unit_quiz.py"), "unit_quiz")
    right = _Answers(_keys(reference, ""))
    with pytest.warns(StudentNotice, match="export AUTOGRADER_STUDENT=your_login"):
        form.check(right, student="")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        form.check(right, student="ana")


def test_a_public_run_without_a_student_id_shows_the_notice(no_student_id, capsys) -> None:
    """The whole public check through pytest and the plugin, as a student runs it: the
    notice is in what the student sees, not only in captured output."""
    code = pytest.main(
        [
            str(ROOT / "tests" / "public" / "test_unit_quiz.py"),
            "--impl=solutions",
            f"--course={ROOT / 'course.yml'}",
            f"--rootdir={ROOT}",
            "-p",
            "no:cacheprovider",
            "--import-mode=importlib",
            "-W",
            "ignore::pytest.PytestAssertRewriteWarning",
        ]
    )
    out = capsys.readouterr().out
    assert code == pytest.ExitCode.OK
    assert "no student id is set" in out and "%env AUTOGRADER_STUDENT=your_login" in out


def test_a_wrong_variant_is_told_its_own_numbers_never_the_key(reference) -> None:
    """Ben handed in Ana's answers: each wrong answer shows Ben's numbers (the values
    of Ben's prompt), never Ben's key."""
    quiz = QuizChecks(str(ROOT / "tests" / "hidden" / "test_unit_quiz.py"), "unit_quiz")
    ana, ben = _keys(reference, "ana"), _keys(reference, "ben")
    checked = []
    for question in reference.QUESTIONS:
        if not question.params or _same(question, ana[question.id], ben[question.id]):
            continue
        with pytest.raises(CheckFailure) as failure:
            quiz.check_answer(_Answers(ana), "ben", question.id)
        message = str(failure.value)
        numbers = own_numbers(reference.COURSE, "ben", question)
        assert f"(student 'ben': {numbers})" in message
        if question.id == "fc_weights":  # the numbers as the prompt shows them
            v = variant(reference.COURSE, "ben", question)
            assert numbers == f"h={v['h']}, w={v['w']}, hidden={v['hidden']}"
            assert f"{v['h']} x {v['w']} pixels" in render(reference.COURSE, "ben", question)
        prompt = render(reference.COURSE, "ben", question)
        if str(ben[question.id]) not in prompt:  # a key that is not also one of the numbers
            assert str(ben[question.id]) not in message
        checked.append(question.id)
    assert len(checked) >= 8 and "fc_weights" in checked


def test_every_form_error_is_in_one_message(reference) -> None:
    form = QuizForm(str(ROOT / "tests" / "public" / "test_unit_quiz.py"), "unit_quiz")
    answers = dict(_keys(reference, "ana"))
    del answers["fc_ratio"], answers["mult_adds"]
    answers.update(fc_weights=1.5, output_shape=(1, 2), equivariance="z", fc_wieghts=3)
    with pytest.raises(CheckFailure) as failure:
        form.check(_Answers(answers), student="ana")
    message = str(failure.value)
    assert "'fc_wieghts'" in message and "not a question id" in message
    assert "no answer yet for fc_ratio, mult_adds" in message
    assert "fc_weights: expected an integer, got float" in message
    assert "output_shape: expected a tuple of 4 integers, got (1, 2)" in message
    assert "equivariance: expected one of a, b, c, d, got 'z'" in message
    assert "\n" not in message

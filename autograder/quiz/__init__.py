"""Quiz questions with per-student variants, and how answers are checked.

A question is data: an id, a kind, points, a prompt template, and the parameters its
numbers are drawn from. Each student's values come from a hash of the course id, the
student id and the question id, so a student always sees the same variant and two
students rarely share one. The *key* is not here: it is computed by the reference
solution from the student's values (code in ``solutions/``, stripped from everything
released), and the hidden checks recompute it for the student being graded.

Kinds and how an answer is judged:

``integer``   an ``int`` equal to the key;
``number``    a real number within ``abs_tol`` or ``rel_tol`` of the key;
``shape``     a tuple of ``ndim`` ints equal to the key;
``single``    one option letter, ``"b"``;
``multiple``  a tuple of option letters, the true statements. Each option is its own
              check worth ``points / len(options)``: credit for every option correctly
              included or left out, so a half-right answer earns about half.

A choice question with ``shuffle=True`` shows its options in a per-student order,
lettered a, b, ... as shown (``shown_options``); its key is in the student's letters
(``shown_letter`` maps an option as written to the letter this student sees).

This module is public (it ships in the student bundle): it holds no answers.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import re
import string
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["integer", "number", "shape", "single", "multiple"]
STUDENT_ENV = ("AUTOGRADER_STUDENT", "JUPYTERHUB_USER")
WIDTH = 78  # prompts are wrapped to this many columns (fits an 80-column terminal)


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    points: float
    prompt: str
    params: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    options: Mapping[str, str] = field(default_factory=dict)
    abs_tol: float = 0.0
    rel_tol: float = 0.0
    ndim: int = 0
    hint: str = ""  # shown with a wrong answer: how to work it out, never the value
    shuffle: bool = False  # options shown in a per-student order (choice questions)


_ASSIGNS_QUESTIONS = re.compile(r"^QUESTIONS\s*(:[^=]*)?=", re.MULTILINE)


def assigns_questions(source: str) -> bool:
    """Whether this source (a cell, or a whole percent-format file) defines a quiz."""
    return bool(_ASSIGNS_QUESTIONS.search(source))


def student_id(default: str = "") -> str:
    """Who is answering: $AUTOGRADER_STUDENT, else the JupyterHub login, else ``default``."""
    for name in STUDENT_ENV:
        if os.environ.get(name):
            return os.environ[name]
    return default


SET_ID_NOTEBOOK = "%env AUTOGRADER_STUDENT=your_login"
SET_ID_PYTHON = 'import os; os.environ["AUTOGRADER_STUDENT"] = "your_login"'
SET_ID_TERMINAL = "export AUTOGRADER_STUDENT=your_login"
NO_ID_NOTICE = (
    "no student id is set, so the quiz cannot show your numbers, and answers worked out "
    "without them lose points when graded against your own variant. Set it to your login "
    f"(in a notebook `{SET_ID_NOTEBOOK}` or `{SET_ID_PYTHON}`, in a terminal "
    f"`{SET_ID_TERMINAL}`), re-run the quiz cell and work out your answers from the "
    "numbers it shows."
)
_NO_ID_BANNER = "\n".join(
    [
        "!" * WIDTH,
        "No student id is set: the prompts below show <name> where your numbers go.",
        "Answers worked out without your numbers lose points when graded. Set your",
        "login (JupyterHub sets it for you), then re-run this cell:",
        f"  in a notebook:  {SET_ID_NOTEBOOK}",
        f"             or:  {SET_ID_PYTHON}",
        f"  in a terminal:  {SET_ID_TERMINAL}",
        "!" * WIDTH,
    ]
)


def variant(course_id: str, student: str, question: Question) -> dict[str, Any]:
    """This student's values for the question's parameters (deterministic)."""
    digest = hashlib.sha256(f"{course_id}\0{student}\0{question.id}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    return {name: rng.choice(list(values)) for name, values in question.params.items()}


def option_order(course_id: str, student: str, question: Question) -> list[str]:
    """The option letters as written, in the order this student sees them (as written
    unless ``shuffle``); drawn apart from the numbers, so shuffling changes no variant."""
    letters = list(question.options)
    if question.shuffle:
        seed = f"{course_id}\0{student}\0{question.id}\0options".encode()
        digest = hashlib.sha256(seed).digest()
        random.Random(int.from_bytes(digest[:8], "big")).shuffle(letters)
    return letters


def shown_options(course_id: str, student: str, question: Question) -> dict[str, str]:
    """Letter as shown -> option text, in this student's order, lettered as written."""
    order = option_order(course_id, student, question)
    pairs = zip(question.options, order, strict=True)
    return {shown: question.options[written] for shown, written in pairs}


def shown_letter(course_id: str, student: str, question: Question, written: str) -> str:
    """The letter this student sees for the option written as ``written`` (keys use it)."""
    if written not in question.options:
        raise ValueError(
            f"{question.id}: no option {written!r} (options: {', '.join(question.options)})"
        )
    return list(question.options)[option_order(course_id, student, question).index(written)]


SHUFFLED = "options in the order your notebook shows them"


def prompt_fields(question: Question) -> list[tuple[str, str]]:
    """The fields the prompt shows (``kp[0]``) with their format specs, in the order it
    shows them, each once; only fields of the question's parameters."""
    found = [
        (field, spec or "")
        for _, field, spec, _ in string.Formatter().parse(question.prompt)
        if field and re.split(r"[.\[]", field, maxsplit=1)[0] in question.params
    ]
    return list(dict.fromkeys(found))


def own_numbers(course_id: str, student: str, question: Question) -> str:
    """``h=224, w=512, kp[0]=3``: this student's values as the prompt shows them
    (nothing else of the variant, and never the key); a shuffled question adds that its
    options are in the student's own order."""
    values = variant(course_id, student, question)
    formatter = string.Formatter()
    shown = [
        f"{field}={format(formatter.get_field(field, (), values)[0], spec)}"
        for field, spec in prompt_fields(question)
    ]
    return ", ".join(shown + ([SHUFFLED] if question.shuffle and question.options else []))


class _Blank:
    """Stands for a parameter's value in a prompt shown without a student id."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __format__(self, spec: str) -> str:
        return f"<{self.name}>"

    def __getitem__(self, key: object) -> _Blank:
        return _Blank(f"{self.name}[{key}]")

    def __getattr__(self, attribute: str) -> _Blank:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return _Blank(f"{self.name}.{attribute}")


def render(course_id: str, student: str, question: Question, *, blank: bool = False) -> str:
    """The prompt as this student sees it, with the options of a choice question;
    ``blank``: the parameters as ``<name>`` instead of numbers."""
    if blank:
        text = question.prompt.format(**{name: _Blank(name) for name in question.params})
    else:
        text = question.prompt.format(**variant(course_id, student, question))
    head = f"[{question.id}, {question.points:g} point(s), {question.kind}] {text}"
    lines = [textwrap.fill(head, WIDTH, subsequent_indent="    ", break_on_hyphens=False)]
    lines += [
        textwrap.fill(f"  ({letter}) {option}", WIDTH, subsequent_indent="      ")
        for letter, option in shown_options(course_id, student, question).items()
    ]
    return "\n".join(lines)


def show(course_id: str, questions: Sequence[Question], *, student: str | None = None) -> None:
    """Print every question as this student's variant (default: ``student_id()``, read
    now, so setting the id and re-running the cell is enough). Without an id, a notice
    on how to set it, and the prompts with ``<name>`` where the numbers would be."""
    who = student_id() if student is None else student
    if not who:
        print(_NO_ID_BANNER + "\n")
    else:
        print(f"Quiz for {who}\n")
    for question in questions:
        print(render(course_id, who, question, blank=not who) + "\n")


def form_error(question: Question, answer: Any) -> str:
    """What is wrong with the answer's form ('' if nothing); never mentions the key."""
    if answer is None:
        return "no answer yet"
    if question.kind == "integer":
        ok = isinstance(answer, int) and not isinstance(answer, bool)
        return "" if ok else f"expected an integer, got {type(answer).__name__}"
    if question.kind == "number":
        ok = isinstance(answer, int | float) and not isinstance(answer, bool)
        if ok and math.isfinite(answer):
            return ""
        return f"expected a finite number, got {answer!r}"[:120]
    if question.kind == "shape":
        ok = (
            isinstance(answer, tuple | list)
            and len(answer) == question.ndim
            and all(isinstance(n, int) and not isinstance(n, bool) for n in answer)
        )
        return "" if ok else f"expected a tuple of {question.ndim} integers, got {answer!r}"[:120]
    letters = sorted(question.options)
    if question.kind == "single":
        ok = isinstance(answer, str) and answer in letters
        return "" if ok else f"expected one of {', '.join(letters)}, got {answer!r}"[:120]
    ok = isinstance(answer, tuple | list | set | frozenset) and all(a in letters for a in answer)
    return "" if ok else f"expected a tuple of letters from {', '.join(letters)}"


def is_correct(question: Question, answer: Any, key: Any) -> bool:
    """Whether a well-formed answer matches the key (``multiple``: use option_correct)."""
    if form_error(question, answer):
        return False
    if question.kind == "number":
        return math.isclose(
            float(answer), float(key), rel_tol=question.rel_tol, abs_tol=question.abs_tol
        )
    if question.kind == "shape":
        return tuple(answer) == tuple(key)
    return bool(answer == key)


def option_correct(question: Question, answer: Any, key: Sequence[str], letter: str) -> bool:
    """For a ``multiple`` question: whether option ``letter`` was decided right."""
    if form_error(question, answer):
        return False
    return (letter in set(answer)) == (letter in set(key))

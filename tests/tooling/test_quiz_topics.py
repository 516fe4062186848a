"""The unit quiz's questions on locality, small-kernel stacks, FC-as-convolution, pooling,
dilated stacks, odd kernels, text and "deconvolution": every numeric key against real
PyTorch layers, every statement of the conceptual ones against a computation, and the
per-student order of shuffled options."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from autograder.checks import CheckFailure
from autograder.course.model import CoursePaths
from autograder.quiz import (
    SHUFFLED,
    Question,
    option_order,
    own_numbers,
    render,
    shown_letter,
    shown_options,
    variant,
)
from autograder.quiz.grading import QuizChecks
from autograder.quiz.keys import as_student, load_reference

from .test_quiz import ROOT, STUDENTS, _Answers

torch.set_num_threads(1)
META = torch.device("meta")


@pytest.fixture(scope="module")
def reference():
    return load_reference(CoursePaths(ROOT), "unit_quiz")


def _keys(reference, student: str) -> dict:
    with as_student(student):
        return reference.answers()


def _reach(layers: list[tuple[int, int]], size: int = 96) -> torch.Tensor:
    """Which input pixels the centre output pixel of a stack of (kernel, dilation)
    convolutions depends on: the nonzero pattern of its gradient."""
    x = torch.zeros(1, 1, size, size, requires_grad=True)
    y = x
    for k, d in layers:
        y = F.conv2d(y, torch.ones(1, 1, k, k), dilation=d)
    y[0, 0, y.shape[2] // 2, y.shape[3] // 2].backward()
    assert x.grad is not None
    return x.grad[0, 0] != 0


def _width(reach: torch.Tensor) -> int:
    columns = reach.any(0).nonzero()
    return int(columns.max() - columns.min() + 1)


def test_every_new_key_agrees_with_pytorch(reference) -> None:
    questions = {q.id: q for q in reference.QUESTIONS}
    for student in STUDENTS:
        keys = _keys(reference, student)
        v = {q: variant(reference.COURSE, student, questions[q]) for q in questions}
        lw = v["locality_weights"]
        h, w, delta = lw["h"], lw["w"], lw["delta"]
        x = torch.empty(1, 1, h, w, device=META)
        dense = nn.Linear(h * w, h * w, bias=False, device=META)
        shared = nn.Conv2d(
            1, 1, (2 * h - 1, 2 * w - 1), padding=(h - 1, w - 1), bias=False, device=META
        )
        local = nn.Conv2d(1, 1, 2 * delta + 1, padding=delta, bias=False, device=META)
        assert shared(x).shape == local(x).shape == x.shape  # same-size outputs
        counts = (dense.weight.numel(), shared.weight.numel(), local.weight.numel())
        assert keys["locality_weights"] == counts
        st = v["small_stack"]
        side = _width(_reach([(st["k"], 1)] * st["n"]))
        one = nn.Conv2d(1, 1, side, bias=False, device=META)
        stack = [nn.Conv2d(1, 1, st["k"], bias=False, device=META) for _ in range(st["n"])]
        weights = sum(layer.weight.numel() for layer in stack)
        assert keys["small_stack"] == (side, weights, one.weight.numel())
        fc = v["fc_as_conv"]
        conv = nn.Conv2d(fc["c"], fc["units"], (fc["h"], fc["w"]), device=META)
        out = conv(torch.empty(1, fc["c"], fc["h"], fc["w"], device=META))
        assert out.shape == (1, fc["units"], 1, 1)  # one output per unit: a full-size kernel
        assert keys["fc_as_conv"] == tuple(conv.weight.shape)
        linear = nn.Linear(fc["h"] * fc["w"] * fc["c"], fc["units"], device=META)
        assert conv.weight.numel() == linear.weight.numel()
        pp = v["pool_padding"]
        pool = nn.MaxPool2d(pp["k"], stride=pp["s"], padding=pp["p"])
        assert keys["pool_padding"] == pool(torch.zeros(1, 1, pp["n"], pp["n"])).shape[-1]
        ds = v["dilated_stack"]["ds"]
        assert keys["dilated_stack"] == _width(_reach([(3, d) for d in ds]))
        tp = v["text_conv_params"]
        layer = nn.Conv1d(tp["d"], tp["c"], tp["w"], device=META)
        assert keys["text_conv_params"] == sum(p.numel() for p in layer.parameters())
        ts = v["text_conv_shape"]
        layer = nn.Conv1d(ts["d"], ts["c"], ts["w"], device=META)
        shape = layer(torch.empty(1, ts["d"], ts["n"], device=META)).shape
        assert keys["text_conv_shape"] == tuple(shape)


def test_an_fc_layer_is_a_full_size_convolution() -> None:
    """The same numbers, on real values (small sizes, float64)."""
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(2, 5, 4, 3, generator=gen, dtype=torch.float64)
    linear = nn.Linear(5 * 4 * 3, 7, dtype=torch.float64)
    weight = linear.weight.detach().reshape(7, 5, 4, 3)
    out = F.conv2d(x, weight, linear.bias.detach())
    torch.testing.assert_close(out.flatten(1), linear(x.flatten(1)))


def _key_as_written(reference, student: str, qid: str) -> set[str]:
    """The true options of a choice question, with their letters as written."""
    question = next(q for q in reference.QUESTIONS if q.id == qid)
    key = _keys(reference, student)[qid]
    order = option_order(reference.COURSE, student, question)
    shown = list(question.options)
    return {order[shown.index(letter)] for letter in ((key,) if isinstance(key, str) else key)}


def test_the_conceptual_keys_hold(reference) -> None:
    """Each statement the key calls true (or false) is checked by a computation."""
    keys = {
        q: _key_as_written(reference, "ana", q)
        for q in ("locality", "pooling_kind", "gridding", "odd_kernels", "deconvolution")
    }
    assert keys == {
        "locality": {"a", "b"},
        "pooling_kind": {"a"},
        "gridding": {"a"},
        "odd_kernels": {"a"},
        "deconvolution": {"a", "c"},
    }
    # locality (a): a shared kernel's size does not depend on the image; (c) is false:
    # sharing alone cuts (hw)^2 weights to (2h-1)(2w-1); (d) is false: one kernel for all.
    for h, w in ((8, 8), (32, 20)):
        assert (2 * h - 1) * (2 * w - 1) < (h * w) ** 2
    # (b): one 3x3 layer reaches 1 pixel each way; pixels 4 apart need two more layers.
    assert _width(_reach([(3, 1)])) == 3 and _width(_reach([(3, 1)] * 3)) == 7
    # pooling_kind: one strong response in a 2x2 window.
    for position in range(4):
        window = torch.zeros(4)
        window[position] = 8.0
        x = window.reshape(1, 1, 2, 2).requires_grad_()
        assert F.max_pool2d(x, 2).item() == 8.0  # (a) survives wherever it is
        assert F.avg_pool2d(x, 2).item() == 2.0  # (b) false: divided by 4; (d) false
        F.max_pool2d(x, 2).sum().backward()
        assert x.grad is not None and x.grad.flatten()[position] == 1.0  # (c) false
    # gridding: three dilation-2 layers span 13 pixels, only at even offsets.
    reach = _reach([(3, 2)] * 3)
    assert _width(reach) == 13
    rows, cols = reach.nonzero().T
    assert ((rows - rows.min()) % 2 == 0).all() and ((cols - cols.min()) % 2 == 0).all()
    assert reach.sum() == 7 * 7 < 13 * 13 and (_width(_reach([(3, 1)] * 3)) == 7)
    # odd_kernels (a): "same" padding of an odd kernel is (k-1)/2 on each side.
    x = torch.randn(1, 1, 9, 9)
    for k in (3, 5, 7):
        assert F.conv2d(x, torch.ones(1, 1, k, k), padding=(k - 1) // 2).shape == x.shape
    # (b), (d) false: an even kernel is accepted and trains; (c) false: 3*3 > 2*2.
    even = nn.Conv2d(1, 1, 2)
    even(x).sum().backward()
    assert even.weight.grad is not None and even.weight.grad.abs().sum() > 0
    assert 3 * 3 > 2 * 2 and 5 * 5 > 4 * 4
    # deconvolution (a): the adjoint, <conv(x), y> = <x, convT(y)>; (b) false: no inverse.
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(1, 1, 6, 6, generator=gen, dtype=torch.float64)
    k = torch.randn(1, 1, 3, 3, generator=gen, dtype=torch.float64)
    y = torch.randn(1, 1, 4, 4, generator=gen, dtype=torch.float64)
    lhs = (F.conv2d(x, k) * y).sum()
    torch.testing.assert_close(lhs, (x * F.conv_transpose2d(y, k)).sum())
    assert not torch.allclose(F.conv_transpose2d(F.conv2d(x, k), k), x)
    # (c): stride 2 enlarges a 4x4 input to 9x9 (3x3 kernel).
    assert F.conv_transpose2d(y, k, stride=2).shape[-1] == 9


# -- shuffled options ------------------------------------------------------------------------
QUESTION = Question(
    "q",
    "single",
    1,
    "Pick one of {n}.",
    {"n": (1, 2, 3)},
    options={"a": "first", "b": "second", "c": "third", "d": "fourth"},
    shuffle=True,
)


def test_shuffled_options_are_a_stable_per_student_order() -> None:
    plain = Question(
        "q", "single", 1, "Pick one of {n}.", {"n": (1, 2, 3)}, options=dict(QUESTION.options)
    )
    orders = {tuple(option_order("c", s, QUESTION)) for s in STUDENTS}
    assert len(orders) >= 6  # students see different orders
    for student in STUDENTS:
        order = option_order("c", student, QUESTION)
        assert sorted(order) == list("abcd") and order == option_order("c", student, QUESTION)
        assert option_order("c", student, plain) == list("abcd")  # not shuffled: as written
        assert variant("c", student, QUESTION) == variant("c", student, plain)  # numbers kept
        shown = shown_options("c", student, QUESTION)
        assert list(shown) == list("abcd")
        for written, text in QUESTION.options.items():
            assert shown[shown_letter("c", student, QUESTION, written)] == text
        lines = render("c", student, QUESTION).splitlines()[1:]
        assert lines == [f"  ({letter}) {text}" for letter, text in shown.items()]
    with pytest.raises(ValueError, match="no option 'e'"):
        shown_letter("c", "ana", QUESTION, "e")


def test_answers_in_another_students_order_are_told_so(reference) -> None:
    """Ben handed in Ana's letters: each shuffled question whose order differs fails with a
    message that says the options are in Ben's own order, never Ben's key."""
    quiz = QuizChecks(str(ROOT / "tests" / "hidden" / "test_unit_quiz.py"), "unit_quiz")
    ana, ben = _keys(reference, "ana"), _keys(reference, "ben")
    failed = []
    for question in reference.QUESTIONS:
        if not question.shuffle or ana[question.id] == ben[question.id]:
            continue
        assert own_numbers(reference.COURSE, "ben", question) == SHUFFLED
        check = quiz.check_answer if question.kind == "single" else None
        if check is None:
            letter = next(
                x for x in question.options if (x in ana[question.id]) != (x in ben[question.id])
            )
            with pytest.raises(CheckFailure) as failure:
                quiz.check_statement(_Answers(ana), "ben", question.id, letter)
        else:
            with pytest.raises(CheckFailure) as failure:
                check(_Answers(ana), "ben", question.id)
        message = str(failure.value)
        assert f"right for your variant (student 'ben': {SHUFFLED})" in message
        assert "options in another order" in message
        failed.append(question.id)
    assert len(failed) >= 3


def test_the_introduction_counts_the_questions(reference) -> None:
    """The handout's first sentence counts the questions ("Twenty-five questions")."""
    words = {25: "Twenty-five", 26: "Twenty-six", 24: "Twenty-four"}
    source = (ROOT / "solutions" / "unit_quiz.py").read_text(encoding="utf-8")
    intro = source.split("# %%\n", 1)[0]
    assert f"# {words.get(len(reference.QUESTIONS), '?')} questions on why" in intro

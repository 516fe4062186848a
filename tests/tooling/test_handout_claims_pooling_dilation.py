"""The pooling and dilation handouts' claims on padding, max vs average pooling, the
gradient sum, receptive fields and gridding, recomputed: the text must say what the code does."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from .handouts import handout_text, reference

ROOT = Path(__file__).resolve().parents[2]


def _handout(exercise: str) -> str:
    return handout_text(exercise, squash_spaces=True)


def _reference(exercise: str):
    return reference(exercise)


def _shown(text: str, pattern: str) -> object:
    """The literal the handout shows right after ``pattern`` (a regex ending before it)."""
    found = re.search(pattern + r"\s*`(\[\[[^`]*\]\])`", text)
    assert found, f"the handout no longer says {pattern!r}"
    return ast.literal_eval(found[1])


def test_pooling_with_padding_as_the_handout_shows() -> None:
    torch.set_num_threads(1)
    text = _handout("pooling_backward")
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])[None, None]
    example = re.search(r"`x = (\[\[[^`]*\]\])`, a 2x2 window, stride 2 and padding 1", text)
    assert example and ast.literal_eval(example[1]) == x[0, 0].tolist()
    shown = _shown(text, r"`F\.max_pool2d\(-x, 2, 2, padding=1\)` gives")
    assert F.max_pool2d(-x, 2, 2, padding=1)[0, 0].tolist() == shown
    assert torch.nn.functional.pad(-x, (1, 1, 1, 1)).amax() == 0  # zeros would win everywhere
    assert "would have given four zeros" in text
    with_pad = _shown(text, r"the same `x` gives")
    assert F.avg_pool2d(x, 2, 2, padding=1)[0, 0].tolist() == with_pad
    without = _shown(text, r"the output is `x` itself,")
    assert F.avg_pool2d(x, 2, 2, padding=1, count_include_pad=False)[0, 0].tolist() == without
    assert "`F.max_pool2d(x, 2, padding=2)` raises" in text
    with pytest.raises(RuntimeError, match="at most half"):
        F.max_pool2d(x, 2, padding=2)
    for k in (2, 3, 4, 5):  # p = k // 2 is accepted, one more is not
        y = torch.randn(1, 1, 6, 6)
        F.max_pool2d(y, k, padding=k // 2)
        F.avg_pool2d(y, k, padding=k // 2)
        with pytest.raises(RuntimeError):
            F.avg_pool2d(y, k, padding=k // 2 + 1)


def test_padding_by_hand_gives_the_library_results() -> None:
    torch.set_num_threads(1)
    ref = _reference("pooling_backward")
    text = _handout("pooling_backward")
    assert 'F.pad(x, (p, p, p, p), value=float("-inf"))' in text
    generator = torch.Generator().manual_seed(18)
    for k, s, p in ((2, 2, 1), (3, 1, 1), (3, 2, 1), (4, 3, 2)):
        x = torch.randn(2, 3, 7, 6, generator=generator, dtype=torch.float64) - 3  # all < 0
        padded = F.pad(x, (p, p, p, p), value=float("-inf"))
        got, _ = ref.max_pool2d_forward(padded, k, s)
        assert torch.equal(got, F.max_pool2d(x, k, s, padding=p))
        got, _ = ref.avg_pool2d_forward(F.pad(x, (p, p, p, p)), k, s)
        torch.testing.assert_close(got, F.avg_pool2d(x, k, s, padding=p))


def test_max_or_average_claims() -> None:
    text = _handout("pooling_backward")
    assert "One response of 8 among three zeros pools to 8 with max pooling and to 2" in text
    x = torch.tensor([[8.0, 0.0], [0.0, 0.0]])[None, None]
    assert F.max_pool2d(x, 2).item() == 8 and F.avg_pool2d(x, 2).item() == 2
    # the feature moving within its window leaves max pooling's output unchanged
    assert F.max_pool2d(x.roll(1, dims=3), 2).item() == 8
    # global average pooling: one number per channel, whatever the input's size
    for h, w in ((7, 5), (12, 13)):
        y = torch.randn(2, 3, h, w)
        pooled = F.adaptive_avg_pool2d(y, 1)
        assert pooled.shape == (2, 3, 1, 1)
        torch.testing.assert_close(pooled, y.mean(dim=(2, 3), keepdim=True))


def test_the_gradient_sum_is_preserved_without_padding_only() -> None:
    torch.set_num_threads(1)
    ref = _reference("pooling_backward")
    generator = torch.Generator().manual_seed(7)
    for (k, s), kind in itertools.product(
        ((3, 2), (2, 3), (3, 1), ((3, 2), (1, 2))), ("max", "avg")
    ):
        x = torch.randn(2, 3, 9, 8, generator=generator, dtype=torch.float64)
        out, cache = getattr(ref, f"{kind}_pool2d_forward")(x, k, s)
        dout = torch.randn(out.shape, generator=generator, dtype=torch.float64)
        dx = getattr(ref, f"{kind}_pool2d_backward")(dout, cache)
        torch.testing.assert_close(dx.sum(dim=(2, 3)), dout.sum(dim=(2, 3)))
    text = _handout("pooling_backward")
    assert "$169/9 \\approx 18.78$, not 25" in text
    x = torch.zeros(1, 1, 5, 5, dtype=torch.float64, requires_grad=True)
    out = F.avg_pool2d(x, 3, 1, padding=1)
    assert out.numel() == 25
    (grad,) = torch.autograd.grad(out.sum(), x)
    assert abs(grad.sum().item() - 169 / 9) < 1e-12 and round(169 / 9, 2) == 18.78
    (grad,) = torch.autograd.grad(F.avg_pool2d(x, 3, 1, 1, count_include_pad=False).sum(), x)
    assert abs(grad.sum().item() - 25) < 1e-12  # the padded cells do not count: kept
    y = torch.randn(1, 1, 5, 5, dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(F.max_pool2d(y, 3, 1, padding=1).sum(), y)
    assert grad.sum().item() == 25  # -inf padding never wins: kept


def test_the_dilated_stack_worked_example() -> None:
    torch.set_num_threads(1)
    ref = _reference("dilation")
    text = _handout("dilation")
    assert "The receptive field after each layer is 3, 7 and 15" in text
    stack = [(3, 1, 1), (3, 1, 2), (3, 1, 4)]
    assert [ref.receptive_field(stack[:depth]) for depth in (1, 2, 3)] == [3, 7, 15]
    assert bool(ref.reached_pixels([1, 2, 4]).all()) and ref.reached_pixels([1, 2, 4]).shape == (
        15,
        15,
    )
    assert "(15, then 31)" in text
    assert ref.receptive_field([(3, 1, d) for d in (1, 2, 4, 8)]) == 31
    assert bool(ref.reached_pixels([1, 2, 4, 8]).all())


def test_the_gridding_snippet_shows_an_even_grid() -> None:
    torch.set_num_threads(1)
    stub = (ROOT / "exercises/dilation.py").read_text(encoding="utf-8")
    block = re.search(r"# ```\n(# x = torch\.zeros\(1, 1, 13, 13.*?)# ```", stub, re.S)
    assert block, "the gridding snippet is not in the handout"
    code = "\n".join(line[2:] for line in block[1].splitlines())
    scope: dict[str, object] = {"torch": torch, "F": F}
    last = code.strip().splitlines()[-1]
    exec(code.replace(last, ""), scope)  # noqa: S102 - the handout's own snippet
    mask = eval(last.split("#")[0], scope)  # noqa: S307
    even = torch.arange(13) % 2 == 0
    assert torch.equal(mask, even[:, None] & even[None, :])
    assert int(mask.sum()) == 49 and "49 of 169" in _handout("dilation")
    assert torch.equal(_reference("dilation").reached_pixels([2, 2, 2]), mask)


def test_why_dilated_stacks_are_designed_as_they_are() -> None:
    ref = _reference("dilation")
    text = _handout("dilation")
    assert "exactly when $d \\le r$" in text

    def line(dilations: list[int], k: int) -> torch.Tensor:
        return ref.reached_pixels(dilations, k)[0]

    for k in (2, 3, 4):
        for dilations in itertools.product(range(1, 5), repeat=2):
            base = line(list(dilations), k)
            if not bool(base.all()):
                continue
            r = base.numel()
            for d in range(1, 2 * r + 2):
                assert bool(line([*dilations, d], k).all()) == (d <= r)
    for rates, g in (([2, 2, 2], 2), ([2, 4, 8], 2), ([3, 6], 3)):  # a common factor
        reached = line(rates, 3).nonzero().flatten()
        assert bool((reached % g == 0).all())
    assert "1, 2, 3 (13 pixels" in text and "1, 2, 5 (17 pixels)" in text
    for rates, r in (([1, 2, 3], 13), ([1, 2, 5], 17), ([2, 2, 2], 13)):
        assert ref.receptive_field([(3, 1, d) for d in rates]) == r
    assert bool(line([1, 2, 3], 3).all()) and bool(line([1, 2, 5], 3).all())
    assert not bool(line([2, 2, 2], 3).all())


def test_stacked_small_kernels_against_one_large_kernel() -> None:
    torch.set_num_threads(1)
    text = _handout("dilation")
    reference = _reference("dilation")
    assert "Three stride-1 $3 \\times 3$ layers see a $7 \\times 7$ window" in text
    assert "$3 \\cdot 9 = 27$ weights per pair of channels against $49$" in text
    three = [torch.nn.Conv2d(1, 1, 3, bias=False) for _ in range(3)]
    one = torch.nn.Conv2d(1, 1, 7, bias=False)
    assert sum(c.weight.numel() for c in three) == 27 and one.weight.numel() == 49
    assert reference.receptive_field([(3, 1, 1)] * 3) == 7 == one.kernel_size[0]
    x = torch.zeros(1, 1, 15, 15, requires_grad=True)
    y = x
    for conv in three:
        y = conv(y)
    y[0, 0, 4, 4].backward()  # one output: the input pixels it depends on
    rows, cols = (x.grad[0, 0] != 0).nonzero(as_tuple=True)
    assert (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1) == (7, 7)
    for n in range(1, 6):  # the general counts the text gives
        for k in (3, 5):
            side = n * (k - 1) + 1
            assert reference.receptive_field([(k, 1, 1)] * n) == side
            assert n * k * k < side * side or n == 1

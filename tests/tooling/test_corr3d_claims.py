"""The numbers of corr2d's sections 1.6-1.8 (3-D correlation, odd kernels, convolution
over text), recomputed with the library: the handout must say what torch does."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import torch
import torch.nn.functional as F

from .handouts import handout_text

ROOT = Path(__file__).resolve().parents[2]


def _handout() -> str:
    return handout_text("corr2d")


def _shape(weight: tuple[int, ...], n: int, padding: int | tuple[int, int, int, int]) -> tuple:
    x = torch.ones(1, 1, n, n)
    if isinstance(padding, tuple):
        return tuple(F.conv2d(F.pad(x, padding), torch.ones(1, 1, *weight)).shape[2:])
    return tuple(F.conv2d(x, torch.ones(1, 1, *weight), padding=padding).shape[2:])


def test_the_3d_worked_example_is_what_conv3d_and_the_reference_compute() -> None:
    text = _handout()
    shown = re.search(r"whole output is `(\[\[\[.*?\]\]\])`", text)
    first = re.search(r"first entry is `([0-9* +]+) = (\d+)`", text)
    assert shown and first, "the 3-D worked example is not in the handout"
    X, K = torch.arange(24.0).view(2, 3, 4), torch.arange(8.0).view(2, 2, 2)
    want = F.conv3d(X[None, None], K[None, None])[0, 0]
    assert want.tolist() == ast.literal_eval(shown[1])
    assert eval(first[1]) == int(first[2]) == want[0, 0, 0]  # the sum as the handout writes it
    assert "(1, 2, 3)" in text and tuple(want.shape) == (1, 2, 3)
    assert "adds 28" in text and "4 * 28 = 112" in text
    assert (want[:, :, 1:] - want[:, :, :-1] == 28).all() and (want[:, 1] - want[:, 0] == 112).all()
    assert (
        X == 12 * torch.arange(2)[:, None, None] + 4 * torch.arange(3)[:, None] + torch.arange(4)
    ).all()
    spec = importlib.util.spec_from_file_location("ref_corr2d", ROOT / "solutions/corr2d.py")
    assert spec is not None and spec.loader is not None
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    assert reference.corr3d(X, K).tolist() == want.tolist()


def test_odd_kernels_keep_the_size_and_even_ones_cannot_symmetrically() -> None:
    text = _handout()
    for claim in (
        "$5 \\times 5$ kernel with padding 2 turns a $7 \\times 7$ input into a $7 \\times 7$",
        "$4 \\times 4$ kernel on a $7 \\times 7$ input gives $6 \\times 6$ with padding 1 and "
        "$8 \\times 8$ with padding 2",
        "(1 before and 2 after, which gives $7 \\times 7$)",
    ):
        assert claim in text, claim
    assert _shape((3, 3), 7, 1) == _shape((5, 5), 7, 2) == (7, 7)
    assert _shape((4, 4), 7, 1) == (6, 6) and _shape((4, 4), 7, 2) == (8, 8)
    assert all(_shape((4, 4), 7, p)[0] != 7 for p in range(5))  # no symmetric padding keeps 7
    assert _shape((4, 4), 7, (1, 2, 1, 2)) == (7, 7)
    # The half-pixel shift: output i of a 4-tap kernel padded 1 before covers input
    # i - 1 .. i + 2, centred on i + 0.5, so the outputs that see input 4 centre on 3.5;
    # a 3-tap kernel padded 1 on each side centres output i on input i exactly.
    impulse = torch.zeros(1, 1, 1, 9)
    impulse[..., 4] = 1.0

    def seeing_input_4(taps: int, padding: tuple[int, int]) -> list[int]:
        weight = torch.arange(1.0, taps + 1.0).view(1, 1, 1, taps)
        out = F.conv2d(F.pad(impulse, padding), weight)[0, 0, 0]
        assert out.numel() == 9  # the size is kept
        return (out != 0).nonzero().flatten().tolist()

    even, odd = seeing_input_4(4, (1, 2)), seeing_input_4(3, (1, 1))
    assert even == [2, 3, 4, 5] and sum(even) / len(even) == 3.5
    assert odd == [3, 4, 5] and sum(odd) / len(odd) == 4


def test_the_text_convolution_numbers() -> None:
    text = _handout()
    assert "$n = 9$ tokens, $d = 50$, $c = 100$ filters of width $w = 3$" in text
    assert "$100 \\cdot 50 \\cdot 3 = 15000$ weights (plus 100 biases)" in text
    assert "$100 \\times 7$ output" in text
    assert "shape `(1, 50, 9)`" in text and "`(100, 50, 3)` returns shape `(1, 100, 7)`" in text
    layer = torch.nn.Conv1d(in_channels=50, out_channels=100, kernel_size=3)
    assert layer.weight.numel() == 100 * 50 * 3 == 15000 and layer.bias.numel() == 100
    sentence = torch.randn(1, 50, 9)  # (batch, embedding dim d = channels, n tokens)
    out = F.conv1d(sentence, layer.weight)
    assert tuple(out.shape) == (1, 100, 9 - 3 + 1)
    for n in (5, 9, 40):  # max-pooling over time: 100 features whatever the length
        pooled = F.conv1d(torch.randn(1, 50, n), layer.weight).amax(dim=2)
        assert tuple(pooled.shape) == (1, 100)
    # A width-w filter is d * w weights applied to w consecutive embeddings.
    by_hand = (sentence[0, :, 2:5] * layer.weight[7]).sum()
    assert torch.allclose(out[0, 7, 2], by_hand, atol=1e-5)

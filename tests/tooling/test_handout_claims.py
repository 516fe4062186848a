"""Worked examples in the handouts, recomputed: the text must say what the code does."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import torch
import torch.nn.functional as F

from .handouts import handout_text, reference

ROOT = Path(__file__).resolve().parents[2]


def _handout(exercise: str) -> str:
    return handout_text(exercise)


def _reference(exercise: str):
    return reference(exercise)


def test_the_im2col_example_is_non_square_and_what_im2col_returns() -> None:
    text = _handout("conv_as_matmul")
    example = re.search(
        r"X = arange\(12\.\)\.view\(1, 1, 3, 4\)`.*?give.*?`(\[\[\[.*?\]\]\])`", text
    )
    assert example, "the worked example is not in the handout"
    X = torch.arange(12.0).view(1, 1, 3, 4)
    shown = ast.literal_eval(example[1])
    assert F.unfold(X, (2, 3)).tolist() == shown
    assert _reference("conv_as_matmul").im2col(X, 2, 3).tolist() == shown
    assert len(shown[0]) == 6 and len(shown[0][0]) == 4  # k_h k_w rows, o_h o_w columns


def test_output_padding_past_the_padding_adds_zero_rows_as_the_handout_says() -> None:
    text = _handout("transposed_conv")
    assert (
        "as long as $o \\le p$" in text and "$o = 2$ the last row and column are all zero" in text
    )
    x = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    K = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    past = F.conv_transpose2d(x, K, stride=3, padding=1, output_padding=2)[0, 0]
    assert past[-1].abs().sum() == 0 and past[:, -1].abs().sum() == 0
    within = F.conv_transpose2d(x, K, stride=3, padding=1, output_padding=1)[0, 0]
    assert within[-1].abs().sum() > 0 and within[:, -1].abs().sum() > 0

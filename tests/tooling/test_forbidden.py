"""The static half of the "no library call" guard."""

from __future__ import annotations

from autograder.forbidden import scan_function

SOURCE = """
import torch
import torch.nn.functional as F

def im2col(X, kh, kw):
    return X.unfold(2, kh, 1)

def conv_own(X, K):
    return im2col(X, 2, 2)

def conv_library(X, K):
    return F.unfold(X, 2)

def conv_by_string(X, K):
    return getattr(F, "conv2d")(X, K)

def conv_direct(X, K):
    return torch.conv2d(X, K)
"""


def test_library_names_are_found_with_their_line() -> None:
    uses = scan_function(SOURCE, "conv_direct", ["convolution"])
    assert [(u.name, u.line) for u in uses] == [("conv2d", 18)]
    assert "conv_direct() uses torch.conv2d at line 18" in uses[0].describe()


def test_qualified_and_string_lookups_are_found() -> None:
    assert [u.name for u in scan_function(SOURCE, "conv_library", ["unfold"])] == ["unfold"]
    assert [u.name for u in scan_function(SOURCE, "conv_by_string", ["convolution"])] == ["conv2d"]


def test_a_students_own_function_named_like_the_library_is_not_a_use() -> None:
    assert scan_function(SOURCE, "conv_own", ["unfold"]) == []


def test_tensor_method_of_the_same_name_is_not_the_library_function() -> None:
    # x.unfold is a view, allowed; F.unfold is im2col, forbidden.
    assert scan_function(SOURCE, "im2col", ["unfold"]) == []


def test_unparsable_source_yields_nothing() -> None:
    assert scan_function("def f(:\n", "f", ["convolution"]) == []

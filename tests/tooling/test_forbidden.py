"""The static half of the "no library call" guard."""

from __future__ import annotations

import pytest

from autograder.checks.forbidden import scan_function

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


# -- one test per family: the student's own names are never the library's ------------------
# (family, a forbidden name, the library module that holds it, more library spellings)
FAMILY_CASES = {
    "convolution": (
        "conv2d",
        "torch.nn.functional",
        ["torch.conv2d(X, K)", "nn.Conv2d(1, 1, 2)(X)", "torch.nn.Conv2d(1, 1, 2)(X)"],
    ),
    "conv_transpose": (
        "conv_transpose2d",
        "torch.nn.functional",
        ["torch.conv_transpose2d(X, K)", "nn.ConvTranspose2d(1, 1, 2)(X)"],
    ),
    "unfold": ("unfold", "torch.nn.functional", ["nn.Unfold(2)(X)", "F.fold(X, 3, 2)"]),
    "pooling": (
        "max_pool2d",
        "torch.nn.functional",
        ["torch.max_pool2d(X, 2)", "nn.MaxPool2d(2)(X)", "F.avg_pool2d(X, 2)"],
    ),
    "autograd": (
        "backward",
        "torch.autograd",
        [
            "torch.autograd.grad(X.sum(), K)",
            "torch.func.grad(torch.sin)(X)",
            "torch.func.vjp(torch.sin, X)",
            "torch.func.jacrev(torch.sin)(X)",
            "torch.autograd.functional.jacobian(torch.sin, X)",
            "getattr(torch.func, 'grad')(torch.sin)(X)",
        ],
    ),
    "autograd (grad)": ("grad", "torch.autograd", ["torch.func.grad(torch.sin)(X)"]),
}


def family_source(name: str, module: str, spellings: list[str]) -> tuple[str, list[str]]:
    """A submission that defines ``name`` itself (a function and a method) and uses the
    library's ``name`` in ``lib_0``, ``lib_1``, ... (one spelling each)."""
    library = [
        "lib_alias(X, K)",  # from module import name as lib_alias
        "alias(X, K)",  # a top-level alias
        f"{module}.{name}(X, K)",
        f"M.{name}(X, K)",  # import module as M
        f"getattr(M, '{name}')(X, K)",
        f"M.__dict__['{name}'](X, K)",
        f"__import__('{module}', fromlist=['x']).{name}(X, K)",
        *spellings,
    ]
    head = f"""import torch
import torch.nn as nn
import torch.nn.functional as F
import {module} as M
from {module} import {name} as lib_alias

alias = M.{name}


def {name}(X, K):
    return X


class Layer:
    def {name}(self, X, K):
        return X

    def run(self, X, K):
        return self.{name}(X, K)


def own_function(X, K):
    return {name}(X, K)


def own_method(X, K):
    layer = Layer()
    return layer.{name}(X, K) + Layer().{name}(X, K)
"""
    functions = [f"\ndef lib_{i}(X, K):\n    return {use}\n" for i, use in enumerate(library)]
    return head + "".join(functions), library


@pytest.mark.parametrize("case", FAMILY_CASES)
def test_own_names_are_not_flagged_and_the_library_is(case: str) -> None:
    family = case.split(" ", 1)[0]
    name, module, spellings = FAMILY_CASES[case]
    source, library = family_source(name, module, spellings)
    # (a) the student's own top-level function of the library's name
    assert scan_function(source, "own_function", [family]) == []
    # (b) the student's own method of that name, through self. and through an instance
    assert scan_function(source, "run", [family]) == []
    assert scan_function(source, "own_method", [family]) == []
    # (c) the library, spelled every way, is found (with its line)
    for index, use in enumerate(library):
        found = scan_function(source, f"lib_{index}", [family])
        assert found, f"{use} was not found"
        assert {u.family for u in found} == {family}
        assert found[0].line == source.splitlines().index(f"def lib_{index}(X, K):") + 2


def test_a_tensors_backward_is_autograd_unless_the_submission_defines_backward() -> None:
    tensor_backward = "def train(X):\n    loss = (X * X).sum()\n    loss.backward()\n"
    (use,) = scan_function(tensor_backward, "train", ["autograd"])
    assert (use.name, use.line) == ("backward", 3)
    assert "train() uses .backward() at line 3" in use.describe()
    # With a method backward of its own, `loss.backward()` may be that method: the scan
    # cannot tell, and leaves it to the dynamic guard.
    own = "class Layer:\n    def backward(self, d):\n        return d\n\n" + tensor_backward
    assert scan_function(own, "train", ["autograd"]) == []


def test_a_star_import_and_local_aliases_are_followed() -> None:
    star = (
        "from torch.nn.functional import *\n\ndef f(X, K):\n    return conv2d(X, K)\n\n"
        "def g(X, K):\n    return getattr(__import__('torch'), 'conv2d')(X, K)\n"
    )
    assert [u.path for u in scan_function(star, "f", ["convolution"])] == [
        "torch.nn.functional.conv2d"
    ]
    assert [u.path for u in scan_function(star, "g", ["convolution"])] == ["torch.conv2d"]
    local = (
        "import torch\n\ndef f(X, K):\n    G = torch.nn\n    H = G.functional\n"
        "    return H.conv2d(X, K)\n"
    )
    assert [u.line for u in scan_function(local, "f", ["convolution"])] == [6]
    inner = "def f(X, K):\n    from torch.nn.functional import conv2d as c\n    return c(X, K)\n"
    assert [u.line for u in scan_function(inner, "f", ["convolution"])] == [2, 3]


def test_a_parameter_or_local_shadows_the_module_name() -> None:
    source = (
        "from torch.nn.functional import max_pool2d\n\n"
        "def f(X, max_pool2d):\n    return max_pool2d(X)\n\n"
        "def g(X):\n    max_pool2d = lambda x: x\n    return max_pool2d(X)\n"
    )
    assert scan_function(source, "f", ["pooling"]) == []
    assert scan_function(source, "g", ["pooling"]) == []


def test_the_tensor_method_unfold_is_allowed_however_spelled() -> None:
    source = (
        "import torch\n\ndef f(X):\n"
        "    return torch.Tensor.unfold(X, 2, 2, 1) + X.unfold(2, 2, 1)\n\n"
        "def g(X):\n    return torch.nn.functional.unfold(X, 2)\n"
    )
    assert scan_function(source, "f", ["unfold"]) == []
    assert [u.line for u in scan_function(source, "g", ["unfold"])] == [7]


def test_a_huge_source_keeps_its_aliases_and_its_own_methods() -> None:
    padding = "x = 1\n" * 60_000  # over the parse budget: the source is cut
    source = (
        "import torch.nn.functional as F\nconv = F.conv2d\n"
        + "class Layer:\n    def backward(self, d):\n        return d\n"
        + padding
        + "def f(X, K, layer):\n    return conv(X, K) + layer.backward(X)\n"
    )
    uses = scan_function(source, "f", ["convolution", "autograd"])
    assert [(u.path, u.line) for u in uses] == [("torch.nn.functional.conv2d", 60_007)]


@pytest.mark.parametrize("link", [".a", ".f()"])
def test_long_chains_are_followed_only_a_few_names_deep(link: str) -> None:
    # Resolution is depth-bounded: no RecursionError, no time quadratic in the chain.
    source = "import torch\n\ndef corr2d(X, K):\n    return torch" + link * 450 + ".conv2d(X, K)\n"
    uses = scan_function(source, "corr2d", ["convolution"])
    assert [(u.name, u.path) for u in uses] == [("conv2d", "")]  # a method of an unknown value

"""Student code behind the protocol: loading, failures turned into messages, handles, VJPs."""

import json

import pytest
import torch

from autograder.boundary.submission import StudentCodeError

GOOD = """
import torch
import warnings

def double(x):
    return 2 * x

def noisy(x):
    warnings.warn("this is only a warning")
    return x

def pick(value):
    return value

class Box:
    def __init__(self, n):
        self.weight = torch.ones(n)
        self.items = [torch.zeros(1), object()]
    def scale(self, k):
        self.weight = self.weight * k
        return self
"""


def test_calls_return_fresh_copies(load):
    impl = load(GOOD)
    x = torch.arange(3.0)
    out = impl.double(x)
    assert torch.equal(out, 2 * x)
    out += 100  # changing what came back changes nothing on the other side
    assert torch.equal(impl.double(x), 2 * x)


def test_objects_stay_behind_as_handles(load):
    impl = load(GOOD)
    box = impl.Box(3)
    assert box.type_name == "Box"
    assert torch.equal(box.weight, torch.ones(3))
    box.scale(2.0)  # a method call; its result (the box itself) is a handle again
    assert torch.equal(box.weight, 2 * torch.ones(3))
    items = box.items  # a list: data where data, handles elsewhere
    assert torch.equal(items[0], torch.zeros(1)) and items[1].type_name == "object"
    kept_items = box.attr("items", keep=True)
    assert torch.equal(kept_items[0], torch.zeros(1))
    kept = impl.pick.keep(torch.ones(2))
    assert torch.equal(kept.fetch(), torch.ones(2))
    assert torch.equal(impl.pick(kept), torch.ones(2))  # a handle goes back as the object


def test_student_exceptions_mirror_builtins(load):
    impl = load("def f(x):\n    raise ValueError('kernel too big')\n")
    with pytest.raises(ValueError, match="f raised ValueError: kernel too big"):
        impl.f(1)
    with pytest.raises(StudentCodeError) as raised:
        impl.f(1)
    assert raised.value.kind == "exception" and "line 2, in f" in str(raised.value)


def test_a_syntax_error_hides_only_its_own_cell(load):
    impl = load("# %%\ndef a():\n    return 1\n\n# %%\ndef b(:\n\n# %%\ndef c():\n    return 3\n")
    assert impl.a() == 1 and impl.c() == 3
    with pytest.raises(StudentCodeError) as raised:
        impl.b()
    message = str(raised.value)
    assert "b: b is not defined in your submission" in message
    assert "line 6: SyntaxError" in message and "cell" not in message  # the file's own line


def test_a_crashing_cell_and_sys_exit_are_recorded(load):
    impl = load("# %%\nraise RuntimeError('boom')\n# %%\nimport sys\ndef f():\n    sys.exit(3)\n")
    assert impl.load_errors[0]["type"] == "RuntimeError"
    with pytest.raises(StudentCodeError, match=r"called sys.exit\(3\)") as raised:
        impl.f()
    assert raised.value.kind == "exit"


def test_an_infinite_loop_times_out_with_a_message(load):
    impl = load("def spin():\n    while True:\n        pass\n", timeout=0.3)
    with pytest.raises(StudentCodeError, match="ran for more than 0.3 s") as raised:
        impl.spin()
    assert raised.value.kind == "timeout"
    assert impl.kind_of("spin") == "callable"  # the worker still answers


def test_warnings_are_reported_not_failures(load):
    impl = load(GOOD)
    assert torch.equal(impl.noisy(torch.ones(1)), torch.ones(1))
    assert impl.warnings == ["UserWarning: this is only a warning"]


def test_unsendable_values_and_missing_names(load):
    impl = load("def f():\n    return torch.ones(10**6)\nimport torch\n")
    impl.limits = impl.limits.__class__(max_bytes=1000)
    with pytest.raises(StudentCodeError, match="MiB"):
        impl.f()
    assert impl.kind_of("nothing") == "missing"


def test_notebooks_load_code_cells_in_order(load):
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["def f(): return 'markdown'"]},
            {
                "cell_type": "code",
                "metadata": {},
                "source": ["%matplotlib inline\n", "K = 2\n"],
                "outputs": [],
                "execution_count": None,
            },
            {
                "cell_type": "code",
                "metadata": {},
                "source": "def f(x):\n    return K * x\n",
                "outputs": [],
                "execution_count": None,
            },
        ],
    }
    impl = load(json.dumps(notebook), name="corr2d.ipynb")
    assert impl.f(4) == 8


@pytest.mark.parametrize(
    ("raw", "words"),
    [('{"cells": [', r"not a valid notebook \(JSON error"), ('{"cells": 3}', "list of 'cells'")],
    ids=["truncated", "no-cells"],
)
def test_malformed_notebooks_fail_every_call_with_the_reason(load, raw, words):
    impl = load(raw, name="corr2d.ipynb")
    with pytest.raises(StudentCodeError, match=words) as raised:
        impl.corr2d(1)
    assert raised.value.kind == "load"


def test_vjp_and_trace(load):
    impl = load(
        "import torch\nimport torch.nn.functional as F\n"
        "def f(x, w):\n    return (x * w).sum(0)\n"
        "def cut(x):\n    return torch.tensor([float(v) for v in x])\n"
        "def lib(x):\n    return F.conv2d(x[None, None], x[None, None])\n"
    )
    x, w, g = (
        torch.randn(3, 2, dtype=torch.float64),
        torch.randn(3, 2, dtype=torch.float64),
        torch.ones(2, dtype=torch.float64),
    )
    got = impl.f.vjp(x, w, grad_output=g, wrt=(0, 1))
    assert torch.allclose(got.grads[0], w) and torch.allclose(got.grads[1], x)
    with pytest.raises(StudentCodeError, match="computation graph was cut"):
        impl.cut.vjp(torch.ones(3), grad_output=torch.ones(3))
    assert impl.lib.trace(torch.ones(3, 3)).ops["convolution"] == 1

"""Hidden checks for exercise 4, conv2d_autograd: parameters, forward and gradients
against the library in float64, a training trajectory, kernel recovery, errors, no
library convolution, and the quiz (each answer against the graded student's own variant,
keys recomputed from the reference).

References are computed here, in the trusted process, with torch.nn.functional.
"""

import pytest
import torch
import torch.nn.functional as F

from autograder.boundary.loader import source_text
from autograder.boundary.submission import StudentCodeError
from autograder.checks import (
    describe,
    distinct,
    expect_close,
    expect_device_kept,
    expect_equal,
    expect_gradients_match,
    expect_no_library_ops,
    expect_raises,
    expect_tensor,
    fail,
    randint,
    randn,
)
from autograder.checks.forbidden import FAMILIES, forbidden_aten_ops, scan_function
from autograder.quiz.grading import QuizChecks


# -- helpers -------------------------------------------------------------------
def _conv2d(impl, C, O, kernel_size, weight, bias, config):
    """A float64 Conv2D in the worker holding ``weight`` and ``bias`` (None: no bias)."""
    m = (
        impl.Conv2D(C, O, kernel_size)
        if bias is not None
        else impl.Conv2D(C, O, kernel_size, bias=False)
    )
    state = {"weight": weight} if bias is None else {"weight": weight, "bias": bias}
    try:
        m.double()
        m.load_state_dict(state)
    except StudentCodeError as error:
        fail(
            f"Conv2D({C}, {O}, {kernel_size}) [{describe(config)}]: could not load a float64 "
            f"state {{weight, bias}}: {str(error).rstrip('. ')}. Likely mistake: the "
            "parameters must be nn.Parameters named weight, shape (out_channels, "
            "in_channels, kh, kw), and bias, shape (out_channels,) or None"
        )
    return m


def _call(m, x, what, config):
    """m(x), turning an error of the student's code into a readable failure."""
    try:
        return m(x)
    except StudentCodeError as error:
        hint = ""
        if "must match the size" in str(error):
            hint = (
                " Likely mistake: a size mismatch; add the bias as bias.reshape(1, -1, 1, 1) "
                "so that it broadcasts over (N, O, H', W'), not along the width"
            )
        fail(f"{what} [{describe(config)}]: {str(error).rstrip('. ')}.{hint}")


def _diagnose_forward(out, x, W, b):
    """Name the likely mistake behind a wrong Conv2D output."""
    if not isinstance(out, torch.Tensor):
        return ""
    want = F.conv2d(x, W, b)
    if out.shape != want.shape:
        n, o, oh, ow = want.shape
        if tuple(out.shape) in ((n, o, oh - 1, ow - 1), (n, o, oh - 1, ow), (n, o, oh, ow - 1)):
            return "one row short: the output has H - kh + 1 rows and W - kw + 1 columns"
        return "the output is (N, O, H - kh + 1, W - kw + 1)"
    got = out.detach().double()
    if b is not None:
        if torch.allclose(got, F.conv2d(x, W), atol=1e-9):
            return "the bias is not added"
        if want.shape[-1] == b.shape[0] and torch.allclose(
            got, F.conv2d(x, W) + b.reshape(1, 1, 1, -1), atol=1e-9
        ):
            return (
                "the bias (O,) was added along the width: add it as bias.reshape(1, -1, 1, "
                "1), one value per output channel"
            )
    if torch.allclose(got, F.conv2d(x, W.flip(-1, -2), b), atol=1e-9):
        return "the kernel is flipped: that is convolution, not cross-correlation"
    if W.shape[0] == W.shape[1] and torch.allclose(
        got, F.conv2d(x, W.transpose(0, 1), b), atol=1e-9
    ):
        return "weight[o, c] pairs output o with input c: sum over c of corr2d(x[n, c], W[o, c])"
    return "y[n, o] = bias[o] + sum over c of corr2d(x[n, c], weight[o, c])"


def _diagnose_corr2d(out, X, K):
    """Name the likely mistake behind wrong corr2d_differentiable values."""
    flipped = F.conv2d(X[None, None], K.flip(0, 1)[None, None])[0, 0]
    if isinstance(out, torch.Tensor) and out.shape == flipped.shape:
        if torch.allclose(out.detach().double(), flipped, atol=1e-9):
            return (
                "the kernel is flipped (that is convolution): Y[i, j] = sum_{a, b} "
                "X[i + a, j + b] * K[a, b]"
            )
    return "Y[i, j] = sum_{a, b} X[i + a, j + b] * K[a, b]"


def _corr2d_on(impl, X, K, config, rule=""):
    """corr2d_differentiable(X, K); an error of the student's code fails, naming ``rule``."""
    try:
        return impl.corr2d_differentiable(X, K)
    except StudentCodeError as error:
        fail(f"corr2d_differentiable [{describe(config)}]: {str(error).rstrip('. ')}. {rule}")


@pytest.mark.points(1)
def test_corr2d_differentiable_errors(impl, rng, seed):
    H, W = randint(rng, 3, 5), randint(rng, 3, 5)
    cases = [
        ((2, H, W), (2, 2), "X is 3-D", "X or K is not 2-D"),
        ((H, W), (2,), "K is 1-D", "X or K is not 2-D"),
        ((H, W), (1, 2, 2), "K is 3-D", "X or K is not 2-D"),
        # H - kh + 1 == 0: code without the check returns an empty tensor, silently.
        ((H, W), (H + 1, 2), "K is taller than X", "K is larger than X"),
        ((H, W), (2, W + 1), "K is wider than X", "K is larger than X"),
    ]
    for x_shape, k_shape, case, rule in cases:
        expect_raises(
            lambda x=x_shape, k=k_shape: impl.corr2d_differentiable(randn(rng, *x), randn(rng, *k)),
            ValueError,
            what=f"corr2d_differentiable with X {x_shape} and K {k_shape} ({case})",
            config={"seed": seed},
            hint=f"it must raise ValueError if {rule}; check the shapes first",
        )


@pytest.mark.points(1)
def test_corr2d_differentiable_dtype_and_device(impl, rng, seed):
    # Mixed dtypes: "same dtype as X" holds whichever of X and K is the wider.
    for x_dtype, k_dtype in ((torch.float32, torch.float64), (torch.float64, torch.float32)):
        X, K = randn(rng, 5, 6, dtype=x_dtype), randn(rng, 2, 3, dtype=k_dtype)
        config = {"X": X, "K": K, "seed": seed}
        out = _corr2d_on(impl, X, K, config, "Mixed dtypes are allowed: Y has X's dtype.")
        expect_close(
            out,
            F.conv2d(X.double()[None, None], K.double()[None, None])[0, 0],
            what="corr2d_differentiable with mixed dtypes",
            config=config,
            dtype=x_dtype,
            rtol=1e-5,
            atol=1e-5,
            hint=_diagnose_corr2d(out, X.double(), K.double()),
        )
    # The device: meta tensors have a shape, a dtype and a device, but no values.
    X, K = torch.empty(5, 6, device="meta"), torch.empty(2, 3, device="meta")
    config = {"X": "(5, 6) on the meta device", "K": "(2, 3) on the meta device"}
    out = expect_device_kept(
        impl.corr2d_differentiable,
        X,
        K,
        what="corr2d_differentiable output, not on X's device",
        config=config,
    )
    if out is not None:
        expect_tensor(out, what="corr2d_differentiable output", shape=(4, 4), config=config)


# -- parameters ----------------------------------------------------------------
@pytest.mark.points(2)
def test_parameters(impl, rng, seed):
    C, O = distinct(rng, (1, 3), (2, 4))
    kh, kw = distinct(rng, (1, 3), (2, 4))
    config = {"in_channels": C, "out_channels": O, "kernel_size": (kh, kw), "seed": seed}
    m = impl.Conv2D(C, O, (kh, kw))
    expect_tensor(
        m.weight,
        what="Conv2D.weight",
        shape=(O, C, kh, kw),
        config=config,
        shape_hint="the weight is (out_channels, in_channels, kh, kw), as in "
        "nn.Conv2d: output channels first",
    )
    expect_tensor(
        m.bias,
        what="Conv2D.bias",
        shape=(O,),
        config=config,
        shape_hint="one bias per output channel, shape (out_channels,)",
    )
    names = sorted(m.state_dict())
    expect_equal(
        names,
        ["bias", "weight"],
        what="the names in Conv2D.state_dict()",
        config=config,
        hint="register exactly two nn.Parameters, self.weight and "
        "self.bias (a plain tensor attribute is not a parameter)",
    )
    k = randint(rng, 2, 3)
    try:
        square = impl.Conv2D(C, O, k)
    except StudentCodeError as error:
        fail(
            f"Conv2D({C}, {O}, {k}): {str(error).rstrip('. ')}. Likely mistake: kernel_size "
            "is k or (kh, kw); an int k means a (k, k) kernel"
        )
    expect_tensor(
        square.weight,
        what=f"Conv2D({C}, {O}, {k}).weight",
        shape=(O, C, k, k),
        config={"seed": seed},
        shape_hint="an int kernel_size k means a (k, k) kernel",
    )
    no_bias = impl.Conv2D(C, O, (kh, kw), bias=False)
    bias_hint = "with bias=False, set self.bias = None (not a parameter of zeros)"
    expect_equal(
        no_bias.bias, None, what="Conv2D(..., bias=False).bias", config=config, hint=bias_hint
    )
    expect_equal(
        sorted(no_bias.state_dict()),
        ["weight"],
        what="the names in Conv2D(..., bias=False).state_dict()",
        config=config,
        hint=bias_hint,
    )


# -- forward and gradients -------------------------------------------------------
def _layer_case(rng):
    N, C, O = randint(rng, 1, 2), randint(rng, 1, 3), randint(rng, 2, 3)
    kh, kw = randint(rng, 1, 3), randint(rng, 1, 3)
    H, W = randint(rng, kh + 1, 6), randint(rng, kw + 1, 7)
    return N, C, O, H, W, kh, kw


@pytest.mark.points(3)
def test_forward_matches_conv2d(impl, rng, seed):
    N, C, O, H, W, kh, kw = _layer_case(rng)
    # The second case makes the width of the output equal O, so that a bias added
    # without reshape broadcasts silently instead of failing.
    cases = [
        (N, C, O, H, W, kh, kw, True),
        (2, C, O, 5, O + kw - 1, 2, kw, True),
        (N, C, O, H, W, kh, kw, False),
    ]
    for n, c, o, h, w, a, b, with_bias in cases:
        x = randn(rng, n, c, h, w)
        weight, bias = randn(rng, o, c, a, b), randn(rng, o) if with_bias else None
        config = {"x": (n, c, h, w), "weight": (o, c, a, b), "bias": with_bias, "seed": seed}
        m = _conv2d(impl, c, o, (a, b), weight, bias, config)
        out = _call(m, x, "Conv2D forward", config)
        hint = _diagnose_forward(out, x, weight, bias)
        expect_close(
            out,
            F.conv2d(x, weight, bias),
            what="Conv2D forward vs F.conv2d (a float64 layer and input)",
            config=config,
            hint=hint,
            shape_hint=hint,
            dtype=torch.float64,
        )


@pytest.mark.points(1)
def test_forward_gradients(impl, rng, seed):
    N, C, O, H, W, kh, kw = _layer_case(rng)
    x, weight, bias = randn(rng, N, C, H, W), randn(rng, O, C, kh, kw), randn(rng, O)
    G = randn(rng, N, O, H - kh + 1, W - kw + 1)
    config = {"x": (N, C, H, W), "weight": (O, C, kh, kw), "seed": seed}
    m = _conv2d(impl, C, O, (kh, kw), weight, bias, config)
    try:
        got = m.vjp(x, grad_output=G, wrt=(0,), params_of=m)
    except StudentCodeError as error:
        fail(f"Conv2D backward [{describe(config)}]: {error}")
    refs = [t.clone().requires_grad_() for t in (x, weight, bias)]
    want = torch.autograd.grad(F.conv2d(*refs), refs, G)
    mine = {"x": got.grads[0], **got.param_grads}
    for name, theirs in zip(("x", "weight", "bias"), want, strict=True):
        if name not in mine:
            fail(
                f"Conv2D [{describe(config)}]: {name} is not among the layer's parameters; "
                "make it an nn.Parameter (self.weight = nn.Parameter(...)) so that autograd "
                "and the optimizer find it"
            )
        if mine[name] is None:
            fail(
                f"Conv2D [{describe(config)}]: no gradient reaches {name}; the computation "
                "graph was cut (.item(), .detach(), .numpy() or torch.tensor([...]) in forward)"
            )
        expect_close(
            mine[name],
            theirs,
            what=f"the gradient of Conv2D w.r.t. {name}",
            config=config,
            hint=_diagnose_forward(got.output, x, weight, bias)
            or "the forward values or the way parameters enter the output are wrong",
        )


@pytest.mark.points(2)
def test_corr2d_differentiable_gradients(impl, rng, seed):
    H, W = randint(rng, 4, 7), randint(rng, 4, 7)
    kh, kw = randint(rng, 2, 3), randint(rng, 1, 3)
    for h, w, a, b in ((H, W, kh, kw), (H, W, 1, 1), (3, 4, 3, 4)):
        X, K, G = randn(rng, h, w), randn(rng, a, b), randn(rng, h - a + 1, w - b + 1)
        config = {"X": (h, w), "K": (a, b), "seed": seed}
        reference = F.conv2d(X[None, None], K[None, None])[0, 0]
        out = _corr2d_on(impl, X, K, config)
        expect_close(
            out,
            reference,
            what="corr2d_differentiable vs F.conv2d (float64 X and K)",
            config=config,
            shape_hint="the output has shape (H - kh + 1, W - kw + 1)",
            dtype=torch.float64,
            hint=_diagnose_corr2d(out, X, K),
        )
        expect_gradients_match(
            impl,
            "corr2d_differentiable",
            (X, K),
            lambda X, K: F.conv2d(X[None, None], K[None, None])[0, 0],
            wrt={"X": 0, "K": 1},
            grad_output=G,
            what="corr2d_differentiable",
            config=config,
            graph_cut="the computation graph was cut (.item(), torch.tensor([...]) or .detach())",
            hint="the forward values are right, so look for a value that leaves torch on its "
            "way to the output",
        )


@pytest.mark.points(1)
def test_forward_errors(impl, rng, seed):
    C, H, W = randint(rng, 1, 3), randint(rng, 3, 5), randint(rng, 3, 5)
    m = impl.Conv2D(C, 2, (2, 3))
    cases = [
        (
            (1, C + 1, H, W),
            f"{C + 1} channels for a layer with {C}",
            "has the wrong number of channels: compare x.shape[1] with weight.shape[1]",
        ),
        # H - kh + 1 == 0: code without the check returns an empty output, silently.
        ((1, C, 1, W), "a 1-row input for a 2-row kernel", "is smaller than the kernel"),
        ((1, C, H, 2), "a 2-column input for a 3-column kernel", "is smaller than the kernel"),
    ]
    for shape, case, rule in cases:
        expect_raises(
            lambda s=shape: m(randn(rng, *s, dtype=torch.float32)),
            ValueError,
            what=f"Conv2D({C}, 2, (2, 3)) on an input of shape {shape} ({case})",
            config={"seed": seed},
            hint=f"forward must raise ValueError if x {rule}",
        )


@pytest.mark.points(3)
def test_non_4d_input_raises(impl, rng, seed):
    C, H, W = randint(rng, 1, 3), randint(rng, 4, 6), randint(rng, 4, 6)
    m = impl.Conv2D(C, 2, 2)
    for shape in ((C, H, W), (H, W)):
        expect_raises(
            lambda s=shape: m(randn(rng, *s, dtype=torch.float32)),
            ValueError,
            what=f"Conv2D({C}, 2, 2) on an input of shape {shape}",
            config={"seed": seed},
            hint="forward takes (N, C, H, W) only: check x.dim() == 4 and raise "
            "ValueError (a 3-D input must not be read as a batch of 2-D images)",
        )


# -- training ------------------------------------------------------------------
def _simulate(
    W, b, X, Y, lr, steps, *, reduction="mean", sign=1.0, accumulate=False, update_bias=True
):
    """SGD on the squared error: (losses before each step, parameters after each step,
    loss after the last step). The keywords replay the typical mistakes."""
    W, b = W.clone(), b.clone()
    total_W, total_b = torch.zeros_like(W), torch.zeros_like(b)
    losses, states = [], []

    def loss_of(W, b):
        err = (F.conv2d(X, W, b) - Y) ** 2
        return err.mean() if reduction == "mean" else err.sum()

    for _ in range(steps):
        Wr, br = W.clone().requires_grad_(), b.clone().requires_grad_()
        loss = loss_of(Wr, br)
        gW, gb = torch.autograd.grad(loss, (Wr, br))
        if accumulate:
            total_W, total_b = total_W + gW, total_b + gb
            gW, gb = total_W, total_b
        losses.append(float(loss.detach()))
        W = W - sign * lr * gW
        if update_bias:
            b = b - sign * lr * gb
        states.append((W.clone(), b.clone()))
    return losses, states, float(loss_of(W, b))


def _same(states, candidate):
    return all(
        torch.allclose(w, cw, rtol=1e-6, atol=1e-9) and torch.allclose(b, cb, rtol=1e-6, atol=1e-9)
        for (w, b), (cw, cb) in zip(states, candidate, strict=True)
    )


@pytest.mark.points(3)
def test_train_step_trajectory(impl, rng, seed):
    N, C, O, kh, kw, H, W = 2, 2, 2, 2, randint(rng, 2, 3), randint(rng, 4, 5), 5
    steps, lr = 3, 0.05
    X, Y = randn(rng, N, C, H, W), randn(rng, N, O, H - kh + 1, W - kw + 1)
    W0, b0 = 0.5 * randn(rng, O, C, kh, kw), 0.5 * randn(rng, O)
    config = {"X": (N, C, H, W), "weight": (O, C, kh, kw), "lr": lr, "seed": seed}
    m = _conv2d(impl, C, O, (kh, kw), W0, b0, config)
    losses, states = [], []
    for step in range(steps):
        try:
            losses.append(impl.train_step(m, X, Y, lr))
        except StudentCodeError as error:
            fail(f"train_step, step {step + 1} [{describe(config)}]: {error}")
        states.append((m.weight, m.bias))
    for value in losses:
        if not isinstance(value, float):
            fail(
                f"train_step [{describe(config)}] returned a {type(value).__name__}, "
                "expected a float: return loss.item()"
            )
    want_losses, want_states, final = _simulate(W0, b0, X, Y, lr, steps)
    if not _same(states, want_states):
        mistakes = [
            (
                {"accumulate": True},
                "the gradients accumulate across steps (zero_grad "
                "missing): call model.zero_grad(), or set p.grad = None, before every backward()",
            ),
            (
                {"reduction": "sum"},
                "the loss is a sum instead of the mean: use ((model(X) - Y) ** 2).mean()",
            ),
            (
                {"sign": -1.0},
                "wrong sign: p += lr * p.grad climbs the loss (gradient ascent); "
                "descend with p -= lr * p.grad",
            ),
            (
                {"update_bias": False},
                "the bias was not updated: step every parameter in "
                "model.parameters(), not only the weight",
            ),
        ]
        hint = "one step is p -= lr * p.grad on the mean-squared error, for every parameter"
        if _same(states, [(W0, b0)] * steps):
            hint = (
                "the parameters did not change: the step updated a detached copy (or "
                "rebound a name) instead of the parameter itself; write p -= lr * p.grad "
                "in place under torch.no_grad()"
            )
        for options, text in mistakes:
            if _same(states, _simulate(W0, b0, X, Y, lr, steps, **options)[1]):
                hint = text
                break
        for step, ((w, b), (want_w, want_b)) in enumerate(zip(states, want_states, strict=True), 1):
            where = {**config, "step": step}
            expect_close(w, want_w, what="the weight after train_step", config=where, hint=hint)
            expect_close(b, want_b, what="the bias after train_step", config=where, hint=hint)
    got, want = torch.tensor(losses), torch.tensor(want_losses)
    hint = "return the mean-squared error computed before the update, as loss.item()"
    if torch.allclose(got, torch.tensor(want_losses[1:] + [final]), rtol=1e-6):
        hint = (
            "it returned the loss after the step: return the loss computed before the "
            "update (the one backward() went through)"
        )
    elif torch.allclose(got, want * Y.numel(), rtol=1e-6):
        hint = "the returned loss is the sum instead of the mean of the squared errors"
    expect_close(
        got,
        want,
        what=f"the losses returned by {steps} calls of train_step",
        config=config,
        hint=hint,
    )


FIT_HINT = (
    "train_step takes right steps, so the mistake is in fit_kernel: make ONE "
    "Conv2D(C, O, kernel_size, bias=bias) in X's dtype and device and call "
    "train_step(model, X, Y, lr) `steps` times, with the steps and lr given"
)


def _train_step_mistake(impl, rng):
    """'' when one train_step on a float64 Conv2D is the right step; otherwise a hint that
    names train_step: fit_kernel calls it, so a bad fit is not fit_kernel's fault."""
    X, Y = randn(rng, 2, 1, 5, 5), randn(rng, 2, 1, 4, 4)
    W0, b0 = 0.5 * randn(rng, 1, 1, 2, 2), 0.5 * randn(rng, 1)
    try:
        m = impl.Conv2D(1, 1, 2)
        m.double()
        m.load_state_dict({"weight": W0, "bias": b0})
        impl.train_step(m, X, Y, 0.1)
        state = [(m.weight, m.bias)]
    except StudentCodeError as error:
        state, note = [], f" (it raises: {str(error).rstrip('. ')})"
    else:
        note = ""
    if state and _same(state, _simulate(W0, b0, X, Y, 0.1, 1)[1]):
        return ""
    return (
        f"fit_kernel relies on train_step, and one train_step on your Conv2D is not one step "
        f"of gradient descent{note}: fix train_step first (test_train_step_trajectory and "
        "test_forward_matches_conv2d say how); fit_kernel itself may be right"
    )


def _fit(impl, config, X, Y, kernel_size, rule="", **options):
    """fit_kernel(X, Y, kernel_size, **options), a Conv2D handle; an error fails, naming the
    rule the call tests (``rule``) or a float32 layer."""
    try:
        m = impl.fit_kernel(X, Y, kernel_size, **options)
    except StudentCodeError as error:
        hint = rule
        if not hint and ("Double" in str(error) or "dtype" in str(error)):
            hint = (
                "the layer is float32 and X float64; build it in X's dtype: Conv2D(...).to(X.dtype)"
            )
        fail(f"fit_kernel [{describe(config)}]: {str(error).rstrip('. ')}.{_hint_text(hint)}")
    if getattr(m, "type_name", "") != "Conv2D":
        fail(
            f"fit_kernel [{describe(config)}] returned a {getattr(m, 'type_name', type(m))}; "
            "return the trained Conv2D (your own layer)"
        )
    return m


def _hint_text(hint):
    return f" Likely mistake: {hint}" if hint else ""


@pytest.mark.points(2)
def test_fit_kernel_recovers_kernel(impl, rng, seed):
    hint = _train_step_mistake(impl, rng) or FIT_HINT
    kh, kw = randint(rng, 2, 3), randint(rng, 2, 3)
    X, K = randn(rng, 2, 1, 8, 8), randn(rng, 1, 1, kh, kw)
    config = {"X": (2, 1, 8, 8), "kernel": (kh, kw), "seed": seed}
    m = _fit(impl, config, X, F.conv2d(X, K), (kh, kw))
    weight = expect_tensor(m.weight, what="fit_kernel's weight", config=config)
    if weight.dtype != X.dtype:
        fail(
            f"fit_kernel [{describe(config)}]: the layer is {weight.dtype} for {X.dtype} X. "
            "Likely mistake: the layer must be in X's dtype: build it in X's dtype with "
            "Conv2D(...).to(X.dtype)"
        )
    expect_close(
        m.weight,
        K,
        what="the kernel fit_kernel learns (default steps and lr)",
        config=config,
        dtype=torch.float64,
        rtol=0.0,
        atol=1e-3,
        hint=hint,
    )
    expect_equal(
        m.bias,
        None,
        what="the bias of fit_kernel's layer (bias=False by default)",
        config=config,
        hint="pass bias=bias to Conv2D",
    )
    X2, K2, b2 = randn(rng, 2, 1, 6, 6), randn(rng, 1, 1, 1, 2), randn(rng, 1)
    config = {"X": (2, 1, 6, 6), "kernel": (1, 2), "bias": True, "steps": 100, "lr": 0.2}
    m = _fit(impl, config, X2, F.conv2d(X2, K2, b2), (1, 2), steps=100, lr=0.2, bias=True)
    if m.bias is None:
        fail(
            f"fit_kernel [{describe(config)}]: the layer has no bias. Likely mistake: bias "
            "says whether the layer has a bias; pass bias=bias to Conv2D"
        )
    expect_close(
        m.weight, K2, what="the kernel fit_kernel learns", config=config, atol=1e-3, hint=hint
    )
    expect_close(m.bias, b2, what="the bias fit_kernel learns", config=config, atol=1e-3, hint=hint)


@pytest.mark.points(1)
def test_fit_kernel_arguments(impl, rng, seed):
    """steps and lr are used (not fixed numbers), a 2-D X and an int kernel_size are
    accepted, and the layer is made on X's device (meta tensors, steps=0: no training)."""
    X = randn(rng, 1, 1, 8, 8)
    K = torch.tensor([[[[2.5, -3.0], [3.5, -2.0]]]], dtype=torch.float64)
    Y = F.conv2d(X, K)
    for options, rule in (
        ({"steps": 1}, "steps is the number of train_step calls: use it, not a fixed number"),
        ({"lr": 1e-4}, "lr is the learning rate to pass to train_step, not a fixed number"),
    ):
        config = {"X": (1, 1, 8, 8), "kernel": (2, 2), **options, "seed": seed}
        m = _fit(impl, config, X, Y, (2, 2), **options)
        if torch.allclose(m.weight.detach().to(K.dtype), K, atol=0.05):
            fail(
                f"fit_kernel [{describe(config)}]: learned the kernel, which this few or this "
                f"small steps cannot do from a random start. Likely mistake: {rule}"
            )
    config = {"X": (8, 8), "Y": (7, 7), "kernel": (2, 2), "seed": seed}
    rule = "a 2-D X and Y are read as (1, 1, H, W): reshape them before training"
    m = _fit(impl, config, X[0, 0], Y[0, 0], (2, 2), rule)
    expect_close(
        m.weight, K, what="the kernel fit_kernel learns", config=config, atol=1e-3, hint=rule
    )
    config = {"X": (1, 1, 8, 8), "kernel_size": 3, "seed": seed}
    rule = "kernel_size is k or (kh, kw): an int k means a (k, k) kernel"
    m = _fit(impl, config, X, F.conv2d(X, torch.ones(1, 1, 3, 3, dtype=torch.float64)), 3, rule)
    expect_tensor(
        m.weight, what="fit_kernel's weight", shape=(1, 1, 3, 3), config=config, shape_hint=rule
    )
    config = {"X": "(1, 1, 8, 8) on the meta device", "kernel": (2, 2), "steps": 0}
    rule = "the layer must be made on X's device: Conv2D(...).to(dtype=X.dtype, device=X.device)"
    meta = torch.empty(1, 1, 8, 8, device="meta", dtype=torch.float64)
    m = expect_device_kept(
        impl.fit_kernel,
        meta,
        torch.empty(1, 1, 7, 7, device="meta", dtype=torch.float64),
        (2, 2),
        steps=0,
        what=f"fit_kernel: {rule}",
        config=config,
    )
    if m is None:
        return  # code that needs the values cannot run on meta: not judged
    weight = expect_tensor(m.weight, what="fit_kernel's weight", config=config)
    if weight.device != meta.device:
        fail(
            f"fit_kernel [{describe(config)}]: the layer is on {weight.device}, X on "
            f"{meta.device}. Likely mistake: {rule}"
        )


# -- the library rule ------------------------------------------------------------
@pytest.mark.points(1)
def test_no_library_convolution(impl, exercise, rng):
    X, K = randn(rng, 5, 6), randn(rng, 2, 3)
    expect_no_library_ops(
        impl,
        "corr2d_differentiable",
        X,
        K,
        families=exercise.forbidden.get("corr2d_differentiable", []),
    )
    # Conv2D.forward has the same rule; it is a method, so it is checked here.
    families = ["convolution"]
    description = FAMILIES["convolution"].description
    if impl.path is not None:
        uses = scan_function(source_text(impl.path), "forward", families)
        if uses:
            fail(
                f"Conv2D.forward must not call {description}: {uses[0].describe()}. Write the "
                "computation yourself."
            )
    m = impl.Conv2D(2, 3, (2, 2))
    m.double()
    traced = m.trace(randn(rng, 1, 2, 5, 5))
    used = sorted(set(traced.ops) & forbidden_aten_ops(families))
    if used:
        fail(
            f"Conv2D.forward must not call {description}: it dispatched to {', '.join(used)}. "
            "Write the computation yourself."
        )


# -- the quiz: each answer against the graded student's own key -----------------------
test_quiz_answer, test_quiz_statement = QuizChecks(__file__, "conv2d_autograd").tests()

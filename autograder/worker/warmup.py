"""The zygote's warm-up: the paths checks use most, run once before any child forks.

The first calls into autograd, the dispatcher and torch's meta kernels cost a second or
more, once per process; run here, in the zygote, every child it forks starts hot.
"""

from __future__ import annotations

import torch

from autograder.worker.executor import Executor

__all__ = ["warm_up"]


def warm_up() -> None:
    """Run the paths checks use most once, so each child starts hot (first calls into
    autograd and the dispatcher cost a second or more, once per process)."""
    source = (
        "import torch\n"
        "def f(x, w):\n"
        "    return torch.nn.functional.conv2d(x, w) + (x[..., :1, :1] * 2).sum()\n"
        "def g(x, w):\n"
        "    y = torch.zeros((2, 2), dtype=x.dtype, device=x.device)\n"
        "    y[0, 0] = (x[0, 0, :2, :2] * w[0, 0, :2, :2]).sum()\n"
        "    return torch.stack([y, y @ y])\n"
    )
    executor = Executor()
    from autograder.boundary.loader import Cell
    from autograder.boundary.messages import Call, Failure, Load, Request, Vjp, parse_reply
    from autograder.boundary.wire import decode, encode

    x, w = torch.randn(1, 1, 5, 5, dtype=torch.float64), torch.randn(1, 1, 3, 3)
    requests: list[Request] = [
        Load("warmup.py", "warmup", (Cell(0, source, 1),)),
        Call("f", (x.float(), w), trace=True),
        Call("f", (x.float(), w)),
        # The first operations on the meta device (the device checks) load torch's meta
        # kernels: seconds of CPU, paid here once instead of in every student's child.
        Call("g", (x.to("meta"), w.to("meta"))),
        Call("f", (x.to("meta"), w.double().to("meta"))),
        Vjp("f", torch.ones(1, 1, 3, 3, dtype=torch.float64), (x, w.double()), wrt=(0, 1)),
    ]
    for request in requests:
        reply = parse_reply(
            decode(executor.serve(encode(request.to_wire())), resolve=lambda i, t: None)
        )
        if isinstance(reply, Failure):
            raise RuntimeError(f"worker warm-up failed: {reply}")

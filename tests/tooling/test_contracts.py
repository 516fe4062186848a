"""The typed contracts: wire messages parsed by type, the plugin's check host."""

from __future__ import annotations

import pytest
import torch

from autograder.boundary.loader import Cell
from autograder.boundary.messages import (
    Call,
    Failure,
    Fetch,
    GetAttr,
    GetItem,
    Has,
    Helper,
    Load,
    Release,
    Success,
    Vjp,
    parse_reply,
    parse_request,
)
from autograder.boundary.submission import StudentCodeError, Submission
from autograder.boundary.transport import InProcessHost, InProcessTransport
from autograder.boundary.wire import ProtocolError, decode, encode, no_handles
from autograder.checks.host import active_host, offer_host, register_host
from autograder.worker.executor import Executor


def _over_the_wire(value: object) -> object:
    return decode(encode(value), resolve=no_handles)


@pytest.mark.parametrize(
    "request_",
    [
        Load("f.py", "corr2d", (Cell(0, "x = 1", 1), Cell(1, "y = 2", 3, "In [2]"))),
        Has("corr2d"),
        Call("corr2d", (torch.ones(2), 3), {"k": "v"}, keep=True),
        Call("corr2d", (), trace=True),
        GetAttr("target", "weight", keep=True),
        GetItem("target", 2),
        Fetch("target"),
        Release(7),
        Helper("linear", (2, 3), {"bias": False}),
        Vjp("f", torch.zeros(2), (torch.ones(2),), wrt=(0,)),
    ],
    ids=lambda r: type(r).__name__,
)
def test_every_request_survives_the_wire_as_its_own_type(request_):
    back = parse_request(_over_the_wire(request_.to_wire()))
    assert type(back) is type(request_)
    for name, value in vars(request_).items():
        if isinstance(value, torch.Tensor):
            assert torch.equal(getattr(back, name), value)
        elif name == "args":
            assert len(back.args) == len(value)
        else:
            assert getattr(back, name) == value, name


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"op": "exec", "code": "import os"}, "unknown operation 'exec'"),
        ({"op": "_store"}, "unknown operation"),
        ({"target": "f"}, "dict with an 'op'"),
        ([1, 2], "dict with an 'op'"),
        ({"op": "call"}, "lacks its 'target'"),
        ({"op": "has", "name": 3}, "'name' is a int, not a str"),
        ({"op": "call", "target": "f", "keep": "yes"}, "'keep' is a str, not a bool"),
        ({"op": "release", "id": True}, "'id' is a bool, not a int"),
        ({"op": "release", "id": 1, "and": "more"}, "unexpected fields: 'and'"),
        ({"op": "call", "target": "f", "args": 5}, "'args' is a int, not a sequence"),
        ({"op": "call", "target": "f", "kwargs": {1: 2}}, "key that is not a string"),
        ({"op": "vjp", "target": "f", "cotangent": 1, "wrt": ["0"]}, "not an argument index"),
        ({"op": "load", "filename": "f.py", "cells": [5]}, "a cell is not a dict"),
        ({"op": "load", "filename": "f.py", "cells": [{"index": 0}]}, "lacks its 'source'"),
    ],
)
def test_malformed_and_unknown_requests_are_refused_by_type(raw, words):
    with pytest.raises(ProtocolError, match=words):
        parse_request(raw)


def test_the_executor_answers_an_unknown_operation_with_a_protocol_failure():
    executor = Executor()
    reply = parse_reply(decode(executor.serve(encode({"op": "exec"})), resolve=no_handles))
    assert isinstance(reply, Failure)
    assert reply.kind == "protocol" and "unknown operation 'exec'" in reply.message
    reply = parse_reply(decode(executor.serve(encode({"op": "has"})), resolve=no_handles))
    assert isinstance(reply, Failure) and "lacks its 'name'" in reply.message


def test_replies_are_parsed_by_type():
    assert parse_reply(_over_the_wire(Success(3, ("w",), 0.5).to_wire())) == Success(3, ("w",), 0.5)
    failure = Failure("exception", "boom", (), type="ValueError", where="line 3")
    assert parse_reply(_over_the_wire(failure.to_wire())) == failure
    for raw in [
        {"ok": "yes"},
        {"ok": False, "error": {"kind": 3, "message": "m"}},
        {"ok": False, "error": "boom"},
        {"ok": True, "value": 1, "seconds": "fast"},
        {"ok": True, "value": 1, "extra": 2},
    ]:
        with pytest.raises(ProtocolError):
            parse_reply(raw)


class _Forger:
    """A worker that answers every request with the same crafted bytes."""

    def __init__(self, reply: object) -> None:
        self.reply = encode(reply)

    def exchange(self, message: bytes) -> bytes:
        return self.reply

    def close(self) -> None:
        pass


def test_a_forged_reply_is_a_clear_student_code_error(tmp_path):
    path = tmp_path / "corr2d.py"
    path.write_text("def corr2d(x, k):\n    return x\n")
    submission = Submission(
        _Forger({"ok": False, "error": {"kind": ["x"]}}), exercise="corr2d", path=path
    )
    assert "cannot read" in submission.load_failure
    with pytest.raises(StudentCodeError, match="load: .*cannot read"):
        submission.corr2d(torch.ones(1))


def test_in_process_transports_run_the_submission(tmp_path):
    path = tmp_path / "corr2d.py"
    path.write_text("def corr2d(x, k):\n    return x * k\n")
    for transport in (InProcessTransport(), InProcessHost().transport("s")):
        submission = Submission(transport, exercise="corr2d", path=path)
        assert torch.equal(submission.corr2d(torch.ones(2), 3), torch.full((2,), 3.0))
        submission.close()


class _Config:
    """Just what the host registry reads of a pytest.Config."""

    def __init__(self) -> None:
        self.stash = pytest.Stash()


class _Host:
    def __init__(self, name: str) -> None:
        self.name = name

    def submission(self, student, exercise):  # pragma: no cover - never called here
        raise AssertionError

    def seed(self, student, item, visibility):  # pragma: no cover
        raise AssertionError

    def check_id(self, item):  # pragma: no cover
        raise AssertionError

    def record(self, item, result):  # pragma: no cover
        raise AssertionError


def test_the_plugin_refuses_to_run_with_no_host_registered():
    with pytest.raises(pytest.UsageError, match="no check host is registered.*conv_autograder"):
        active_host(_Config())  # type: ignore[arg-type]


@pytest.mark.parametrize("engine_first", [True, False])
def test_the_engine_host_wins_over_the_self_check_whatever_the_order(engine_first):
    config = _Config()
    engine, selfcheck = _Host("engine"), _Host("self-check")
    if engine_first:
        register_host(config, engine)  # type: ignore[arg-type]
        offer_host(config, selfcheck)  # type: ignore[arg-type]
    else:
        offer_host(config, selfcheck)  # type: ignore[arg-type]
        register_host(config, engine)  # type: ignore[arg-type]
    assert active_host(config) is engine  # type: ignore[arg-type]
    lone = _Config()
    offer_host(lone, selfcheck)  # type: ignore[arg-type]
    assert active_host(lone) is selfcheck  # type: ignore[arg-type]

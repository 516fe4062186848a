"""What a check holds of the student's code: remote functions and handles.

Every use is a typed request (:mod:`autograder.boundary.messages`) sent by the
:class:`Requester` the object came from (a :class:`~autograder.boundary.submission.Submission`);
replies are decoded into fresh copies, so nothing a check receives is a live student object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import torch

from autograder.boundary.messages import Call, Fetch, GetAttr, GetItem, Release, Request, Vjp
from autograder.boundary.wire import ProtocolError


class Requester(Protocol):
    """Sends a request to the student's worker and returns the reply's value."""

    def request(self, message: Request, label: str) -> Any: ...


@dataclass(frozen=True)
class Traced:
    """A call's value and the ATen operators it dispatched to."""

    value: Any
    ops: dict[str, int]  # ATen operator name -> number of calls


@dataclass(frozen=True)
class VJP:
    """A vector-Jacobian product computed in the worker."""

    output: torch.Tensor
    grads: tuple[torch.Tensor | None, ...]
    param_grads: dict[str, torch.Tensor | None]


class _Remote:
    """Something callable in the worker: a named function or a handle."""

    _owner: Requester
    _label: str

    def _target(self) -> object:
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._owner.request(Call(self._target(), args, kwargs), self._label)

    def keep(self, *args: Any, **kwargs: Any) -> Handle:
        """Call, and keep the whole result in the worker as a handle."""
        result = self._owner.request(Call(self._target(), args, kwargs, keep=True), self._label)
        if not isinstance(result, Handle):
            raise ProtocolError(f"{self._label}: a kept result came back as data")
        return result

    def trace(self, *args: Any, **kwargs: Any) -> Traced:
        """Call, recording the library operators the call dispatched to."""
        reply = self._owner.request(Call(self._target(), args, kwargs, trace=True), self._label)
        return Traced(reply["value"], dict(reply["ops"]))

    def vjp(
        self,
        *args: Any,
        grad_output: torch.Tensor,
        wrt: Sequence[int] = (0,),
        params_of: Handle | None = None,
        **kwargs: Any,
    ) -> VJP:
        """Call with the ``wrt`` arguments as leaves; return the output and the
        gradients of ``(output * grad_output).sum()`` w.r.t. them (and the parameters
        of ``params_of``). A gradient that does not flow comes back as None."""
        message = Vjp(self._target(), grad_output, args, kwargs, tuple(wrt), params_of)
        reply = self._owner.request(message, self._label)
        return VJP(reply["output"], tuple(reply["grads"]), dict(reply["param_grads"]))


class RemoteFunction(_Remote):
    """A top-level name of the submission."""

    def __init__(self, owner: Requester, name: str) -> None:
        self._owner = owner
        self._label = name
        self.name = name

    def _target(self) -> object:
        return self.name

    def __repr__(self) -> str:
        return f"<student function {self.name}>"


class Handle(_Remote):
    """An object that stays in the worker; read it through attributes and items."""

    def __init__(self, owner: Requester, handle_id: int, type_name: str, label: str):
        self._owner = owner
        self._id = handle_id
        self.type_name = type_name
        self._label = label

    def _target(self) -> object:
        return self

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.attr(name)

    def attr(self, name: str, *, keep: bool = False) -> Any:
        """The attribute ``name``: data if it is data, else a handle."""
        return self._owner.request(GetAttr(self, name, keep), f"{self._label}.{name}")

    def __getitem__(self, key: int | str) -> Any:
        return self.item(key)

    def item(self, key: int | str, *, keep: bool = False) -> Any:
        """The item ``key``: data if it is data, else (or with keep) a handle."""
        return self._owner.request(GetItem(self, key, keep), f"{self._label}[{key!r}]")

    def fetch(self) -> Any:
        """The object itself, as data (a copy); fails if it is not data."""
        return self._owner.request(Fetch(self), self._label)

    def release(self) -> None:
        self._owner.request(Release(self._id), self._label)

    def __repr__(self) -> str:
        return f"<handle to a {self.type_name} from {self._label}>"


def handle_id(value: object, owner: Requester) -> int:
    """The wire id of ``value``, a handle of ``owner``'s; anything else cannot be sent."""
    if isinstance(value, Handle):
        if value._owner is not owner:
            raise ProtocolError("a handle can only go back to the submission it came from")
        return value._id
    raise ProtocolError(
        f"a {type(value).__name__} cannot be sent to the student's code; send data "
        "(tensors, numbers, strings, lists, tuples, dicts) or handles"
    )

"""Length-prefixed frames on a stream socket, between the grader and a worker child.

Kept free of heavy imports so the grader can start its sandboxed workers before it
imports torch itself (the two then load in parallel).
"""

from __future__ import annotations

import socket
import struct

_FRAME = struct.Struct(">Q")
# The protocol's own caps (256 MiB of tensors, 4 MiB of header) plus room.
MAX_FRAME_BYTES = 262 * 2**20


def send_frame(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(_FRAME.pack(len(payload)) + payload)


def recv_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = sock.recv(min(missing, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket, max_bytes: int = MAX_FRAME_BYTES) -> bytes:
    """One frame; a length over ``max_bytes`` (a forged or runaway reply) is refused."""
    (size,) = _FRAME.unpack(recv_exactly(sock, _FRAME.size))
    if size > max_bytes:
        raise EOFError(f"a message of {size} bytes is over the {max_bytes}-byte limit")
    return recv_exactly(sock, size)

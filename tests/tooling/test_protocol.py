"""The wire format: data round-trips exactly; anything else is refused, never trusted."""

import json
import struct

import pytest
import torch

from autograder.boundary.wire import (
    DTYPES,
    HandleRef,
    Limits,
    ProtocolError,
    decode,
    encode,
    no_handles,
)


def roundtrip(value, **kwargs):
    return decode(encode(value, **kwargs), resolve=no_handles)


@pytest.mark.parametrize("dtype", list(DTYPES.values()), ids=list(DTYPES))
def test_tensors_of_every_dtype_roundtrip_bit_for_bit(dtype):
    source = (torch.arange(12, dtype=torch.float64).reshape(3, 4) - 5).to(dtype)
    back = roundtrip(source)
    assert back.dtype == dtype and back.shape == source.shape
    assert torch.equal(back, source)


def test_shapes_layouts_and_nested_data_roundtrip():
    transposed = torch.arange(6.0).reshape(2, 3).T
    value = {
        "scalar": torch.tensor(3.5, dtype=torch.float64),
        "empty": torch.zeros(0, 3),
        "noncontiguous": transposed,
        "nested": [1, 2.5, None, True, "s", (1, (2, 3)), {"k": [torch.ones(2)]}],
        "size": torch.Size([2, 3]),
        "dtype": torch.float32,
        "nan": float("nan"),
        "letters": {"a", "c"},  # a multiple choice's answer
        7: "int key",
    }
    back = roundtrip(value)
    assert back["letters"] == frozenset({"a", "c"})
    assert back["scalar"].dim() == 0 and float(back["scalar"]) == 3.5
    assert back["empty"].shape == (0, 3)
    assert torch.equal(back["noncontiguous"], transposed)
    assert not back["noncontiguous"].is_contiguous()  # checks of non-contiguous input stay real
    assert back["nested"][:5] == [1, 2.5, None, True, "s"]
    assert back["nested"][5] == (1, (2, 3)) and isinstance(back["nested"][5], tuple)
    assert torch.equal(back["nested"][6]["k"][0], torch.ones(2))
    assert back["size"] == (2, 3) and back["dtype"] is torch.float32
    assert back["nan"] != back["nan"] and back[7] == "int key"


def test_decoded_tensors_are_copies():
    source = torch.zeros(3)
    back = roundtrip(source)
    back += 1
    assert torch.equal(source, torch.zeros(3))


def test_the_trusted_side_refuses_objects_that_are_not_data():
    with pytest.raises(ProtocolError, match="cannot cross"):
        encode(lambda: 1)
    with pytest.raises(ProtocolError, match="cannot cross"):
        encode([object()])
    with pytest.raises(ProtocolError, match="not a str or int"):
        encode({(1, 2): 3})
    with pytest.raises(ProtocolError, match="only dense"):
        encode(torch.eye(2).to_sparse())


def test_objects_become_handles_only_where_the_sender_allows_it():
    table = []
    message = encode({"obj": object()}, handle_of=lambda o: table.append(o) or len(table))
    back = decode(message, resolve=lambda i, t: ("handle", i, t))
    assert back == {"obj": ("handle", 1, "object")}
    with pytest.raises(ProtocolError, match="unexpected handle"):
        decode(encode(HandleRef(3)), resolve=no_handles)


def test_size_caps_are_enforced_on_both_sides():
    small = Limits(max_bytes=1000, max_depth=5, max_nodes=50)
    with pytest.raises(ProtocolError, match="larger than"):
        encode(torch.zeros(1000), limits=small)
    deep = []
    for _ in range(10):
        deep = [deep]
    with pytest.raises(ProtocolError, match="nested"):
        encode(deep, limits=small)
    with pytest.raises(ProtocolError, match="more than 50 parts"):
        encode(list(range(100)), limits=small)
    big = encode(torch.zeros(1000))
    with pytest.raises(ProtocolError, match="carries more than"):
        decode(big, limits=small, resolve=no_handles)


def _message(header: dict, body: bytes = b"") -> bytes:
    raw = json.dumps(header).encode()
    return struct.pack(">Q", len(raw)) + raw + body


@pytest.mark.parametrize(
    ("message", "words"),
    [
        (b"abc", "shorter than"),
        (struct.pack(">Q", 10**12) + b"{}", "out of range"),
        (struct.pack(">Q", 3) + b"{x}", "not valid JSON"),
        (_message({"v": 1}), "lacks"),
        (
            _message({"v": {"T": 0, "dtype": "float64", "shape": [2]}, "b": [8]}, b"\0" * 8),
            "needs 16 bytes",
        ),
        (
            _message({"v": {"T": 0, "dtype": "object", "shape": [1]}, "b": [8]}, b"\0" * 8),
            "unsupported tensor dtype",
        ),
        (_message({"v": {"T": 0, "dtype": "uint8", "shape": [-1]}, "b": [1]}, b"\0"), "negative"),
        (
            _message(
                {
                    "v": [
                        {"T": 0, "dtype": "uint8", "shape": [1]},
                        {"T": 0, "dtype": "uint8", "shape": [1]},
                    ],
                    "b": [1],
                },
                b"\0",
            ),
            "reused",
        ),
        (_message({"v": 1, "b": [5]}, b"\0"), "does not match"),
        (_message({"v": {"__reduce__": "os.system"}, "b": []}), "unknown node"),
        (_message({"v": {"F": "1e999"}, "b": []}), "unknown node"),
        (_message({"v": {"s": [[1], [2]]}, "b": []}), "unhashable"),
        (_message({"v": "[" * 100000 + "]" * 100000, "b": []}), "longer than"),
        (
            struct.pack(">Q", 200011) + b'{"v":' + b"[" * 100000 + b"]" * 100000 + b',"b":[]}',
            "nested|not valid JSON",
        ),
    ],
    ids=[
        "short",
        "huge-header",
        "bad-json",
        "no-table",
        "bytes-mismatch",
        "bad-dtype",
        "negative-shape",
        "reused-buffer",
        "table-mismatch",
        "unknown-node",
        "bad-float",
        "unhashable-set",
        "long-string",
        "deep-json",
    ],
)
def test_crafted_messages_are_refused(message, words):
    limits = Limits(max_string=1000)
    with pytest.raises(ProtocolError, match=words):
        decode(message, limits=limits, resolve=no_handles)


def test_meta_tensors_cross_as_shape_dtype_and_device_without_data():
    # How a check sees the device a result lives on, on a machine without a GPU.
    source = torch.empty((3, 2**30), dtype=torch.float64, device="meta")
    back = roundtrip({"y": source})["y"]
    assert back.device.type == "meta"
    assert back.dtype == torch.float64 and back.shape == source.shape


def test_a_meta_tensor_with_a_malformed_shape_is_refused():
    message = encode(torch.empty((2, 2), device="meta"))
    tampered = message.replace(b"[2, 2]", b"[2, -2]").replace(b"[2,2]", b"[2,-2]")
    assert tampered != message
    with pytest.raises(ProtocolError):
        decode(tampered, resolve=no_handles)

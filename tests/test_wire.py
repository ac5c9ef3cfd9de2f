"""Does the wire between the sandbox and the grader carry plain values exactly, and only those?"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.sandbox.child import SlotReference, Unsupported, WireError, decode, encode, read_message, write_message

arrays = hnp.arrays(dtype=st.sampled_from([np.float64, np.float32, np.int64, np.bool_]),
                    shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
leaves = st.one_of(st.none(), st.booleans(), st.integers(-2**40, 2**40), st.floats(allow_nan=False), st.text(max_size=5),
                   arrays)
values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                                                      st.dictionaries(st.text(max_size=3), inner, max_size=3)),
                      max_leaves=8)


def same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(max_examples=150, deadline=None)
@given(values)
def test_does_every_plain_value_survive_a_round_trip_through_a_pipe(value):
    read_fd, write_fd = os.pipe()
    try:
        out: list = []
        write_message(write_fd, {"value": encode(value, out)}, out)
        header, received = read_message(read_fd)
    finally:
        os.close(read_fd)
        os.close(write_fd)
    assert same(decode(header["value"], received), value)


def test_are_nan_and_inf_kept():
    out: list = []
    decoded = decode(encode([float("nan"), float("-inf")], out), out)
    assert np.isnan(decoded[0]) and decoded[1] == float("-inf")


def test_does_a_numpy_scalar_stay_a_numpy_scalar():
    out: list = []
    assert isinstance(decode(encode(np.float32(1.5), out), out), np.float32)


@pytest.mark.parametrize("value", [object(), np.array([object()], dtype=object), {1: 2}, lambda: 0])
def test_does_anything_else_arrive_as_its_type_name_only(value):
    out: list = []
    assert isinstance(decode(encode(value, out), out), Unsupported)


def test_is_a_slot_reference_resolved_only_on_the_child_side():
    out: list = []
    tag = encode([SlotReference("setup", 1)], out)
    assert decode(tag, out, {"setup": ("y_hat", "cache")}) == ["cache"]
    with pytest.raises(WireError):
        decode(tag, out)  # the parent never resolves slots


@pytest.mark.parametrize("payload", [
    b"\x00\x00\x00\x00\x00\x00\x00\x05hello",  # not JSON
    b"\xff" * 8,  # absurd length
    b"\x00\x00\x00\x00\x00\x00\x00\x02[]",  # not an object
])
def test_is_a_malformed_message_refused(payload):
    read_fd, write_fd = os.pipe()
    os.write(write_fd, payload)
    os.close(write_fd)
    try:
        with pytest.raises((WireError, EOFError)):
            read_message(read_fd)
    finally:
        os.close(read_fd)


def test_is_a_pickled_array_refused():
    import io
    import json
    import struct

    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    payload = buffer.getvalue()
    header = json.dumps({"array_sizes": [len(payload)]}).encode()
    read_fd, write_fd = os.pipe()
    os.write(write_fd, struct.pack(">Q", len(header)) + header + payload)
    os.close(write_fd)
    try:
        with pytest.raises(WireError):
            read_message(read_fd)
    finally:
        os.close(read_fd)

"""czmq.Message: a mutable list of frames, sent and received whole."""

from __future__ import annotations

import pytest

import czmq
from czmq import Frame, Message

RECV = 5.0


def test_parts_become_frames():
    """bytes-likes and str become frames; str is encoded as UTF-8."""
    message = Message([b"raw", bytearray(b"arr"), "héllo", Frame(b"f")])
    assert all(isinstance(part, Frame) for part in message)
    assert message.to_bytes_list() == [b"raw", b"arr", "héllo".encode(), b"f"]


def test_list_operations():
    """append, insert, push, pop_front, indexing and deletion act like a list."""
    message = Message([b"b"])
    message.append(b"d")
    message.insert(1, "c")
    message.push(b"a")
    assert message.to_bytes_list() == [b"a", b"b", b"c", b"d"]
    assert message[-1] == b"d"
    message[0] = "A"
    del message[1]
    assert message.to_bytes_list() == [b"A", b"c", b"d"]
    assert message.pop_front() == b"A"
    assert len(message) == 2


def test_pop_front_of_empty_message():
    """pop_front on an empty message raises IndexError."""
    with pytest.raises(IndexError):
        Message().pop_front()


def test_slicing_returns_message():
    """A slice is a new Message; slice assignment converts parts."""
    message = Message([b"0", b"1", b"2", b"3"])
    head = message[:2]
    assert isinstance(head, Message)
    assert head == [b"0", b"1"]
    head.append(b"x")
    assert len(message) == 4
    message[1:3] = ["one", b"two"]
    assert message.to_bytes_list() == [b"0", b"one", b"two", b"3"]


def test_concatenation():
    """+ joins messages with messages and lists, in both orders."""
    left = Message([b"a"])
    both = left + Message([b"b"])
    assert isinstance(both, Message)
    assert both == [b"a", b"b"]
    assert (left + [b"c"]).to_bytes_list() == [b"a", b"c"]
    assert ([b"z"] + left).to_bytes_list() == [b"z", b"a"]
    assert left == [b"a"]


def test_equality_and_unhashable():
    """Messages compare by content and are not hashable (they are mutable)."""
    assert Message([b"a", "b"]) == Message([b"a", b"b"])
    assert Message([b"a"]) != Message([b"a", b"b"])
    assert Message([b"a"]) != [b"b"]
    with pytest.raises(TypeError):
        hash(Message())


def test_frames_is_a_copy():
    """.frames returns a new list; changing it leaves the message alone."""
    message = Message([b"a"])
    message.frames.append(Frame(b"b"))
    assert len(message) == 1


@pytest.mark.timeout(20)
def test_message_round_trip(socket_pair, transport):
    """A message arrives whole, with its parts in order."""
    pull, push = socket_pair("PULL", "PUSH", transport)
    push.send_message(Message([b"", "text", b"x\x00y"]), timeout=RECV)
    got = pull.recv_message(timeout=RECV)
    assert isinstance(got, Message)
    assert got.to_bytes_list() == [b"", b"text", b"x\x00y"]


def test_send_message_twice(socket_pair):
    """Sending leaves the message unchanged, so it can be sent again."""
    pull, push = socket_pair("PULL", "PUSH", "inproc")
    message = Message([b"k", b"v" * 100])
    push.send_message(message)
    assert message.to_bytes_list() == [b"k", b"v" * 100]
    push.send_message(message)
    expected = [b"k", b"v" * 100]
    assert pull.recv_multipart(timeout=RECV) == expected
    assert pull.recv_multipart(timeout=RECV) == expected


def test_send_message_from_list(socket_pair):
    """send_message also takes a plain list of parts."""
    pull, push = socket_pair("PULL", "PUSH", "inproc")
    push.send_message([b"a", "b"])
    assert pull.recv_multipart(timeout=RECV) == [b"a", b"b"]


@pytest.mark.parametrize(
    "send",
    [
        lambda s: s.send_message(Message()),
        lambda s: s.send_message([]),
        lambda s: s.send_multipart([]),
    ],
    ids=["message", "list", "multipart"],
)
def test_empty_message_refused(socket_pair, send):
    """An empty message raises ValueError and nothing reaches the peer."""
    pull, push = socket_pair("PULL", "PUSH", "inproc")
    with pytest.raises(ValueError, match="at least one frame"):
        send(push)
    with pytest.raises(czmq.Again):
        pull.recv(dontwait=True)
    push.send(b"after")
    assert pull.recv_multipart(timeout=RECV) == [b"after"]


# ---- envelopes and serialisation ------------------------------------------


def test_wrap_and_unwrap_round_trip() -> None:
    msg = czmq.Message([b"body"])
    msg.wrap(b"\x00peer")
    assert msg == [b"\x00peer", b"", b"body"]
    assert msg.unwrap() == b"\x00peer"
    assert msg == [b"body"]


def test_encode_matches_czmq_format_and_decodes() -> None:
    big = b"B" * 300
    msg = czmq.Message([b"", b"ab", big])
    blob = msg.encode()
    assert blob == b"\x00" + b"\x02ab" + b"\xff" + (300).to_bytes(4, "big") + big
    assert czmq.Message.decode(blob) == msg


@pytest.mark.parametrize(
    "blob", [b"\x05abc", b"\xff\x00\x00", b"\xff\x00\x00\x00\x09x"]
)
def test_decode_rejects_truncated_blobs(blob: bytes) -> None:
    with pytest.raises(ValueError, match="truncated|past the end"):
        czmq.Message.decode(blob)


def test_save_and_load_several_messages(tmp_path) -> None:
    path = tmp_path / "messages.bin"
    first, second = czmq.Message([b"a", "é"]), czmq.Message([b"\x00" * 70000])
    with path.open("wb") as f:
        first.save(f)
        second.save(f)
    with path.open("rb") as f:
        assert czmq.Message.load(f) == first
        assert czmq.Message.load(f) == second
        assert czmq.Message.load(f) is None


def test_load_rejects_a_cut_file(tmp_path) -> None:
    path = tmp_path / "cut.bin"
    with path.open("wb") as f:
        czmq.Message([b"abcdef"]).save(f)
    path.write_bytes(path.read_bytes()[:-2])
    with path.open("rb") as f, pytest.raises(ValueError, match="truncated"):
        czmq.Message.load(f)


def test_a_single_str_or_bytes_is_not_split_into_frames() -> None:
    for single in ("abc", b"abc"):
        with pytest.raises(TypeError, match="iterable of parts"):
            czmq.Message(single)  # type: ignore[arg-type]
    assert czmq.Message(["a", b"b"]) == ["a", b"b"]


def test_load_refuses_a_header_claiming_more_than_the_file_has(tmp_path) -> None:
    for header in [(64 << 30).to_bytes(8, "big"), b"\xff" * 8]:
        path = tmp_path / "corrupt.bin"
        path.write_bytes(header + b"abc")
        with path.open("rb") as f, pytest.raises(ValueError, match="truncated"):
            czmq.Message.load(f)


def test_list_methods_take_any_part() -> None:
    msg = czmq.Message()
    msg.append(b"a")
    msg.extend(["b", bytearray(b"c")])
    msg += [b"d"]
    assert msg == [b"a", b"b", b"c", b"d"]

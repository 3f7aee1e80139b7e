"""czmq.Frame: a bytes-like, immutable message part."""

from __future__ import annotations

import ctypes
import io
import pickle

import pytest
from childproc import assert_clean_exit, run_child

from czmq import Frame

RECV = 5.0
SMALL = b"abc\x00def"
LARGE = bytes(range(256)) * 4  # above libzmq's 33-byte inline size


class _PyBuffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.py_object),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    ]


def buffer_address(obj) -> int:
    """Address of the memory an object exports through the buffer protocol."""
    view = _PyBuffer()
    get = ctypes.pythonapi.PyObject_GetBuffer
    get.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
    release = ctypes.pythonapi.PyBuffer_Release
    release.argtypes = [ctypes.POINTER(_PyBuffer)]
    assert get(obj, ctypes.byref(view), 0) == 0
    try:
        return view.buf
    finally:
        release(ctypes.byref(view))


@pytest.fixture
def pair(socket_pair):
    """Factory of a connected PAIR pair over inproc: (receiver, sender).

    A factory, not the sockets themselves, so that pytest holds no socket
    when make_socket checks for leaks.
    """
    return lambda: socket_pair("PAIR", "PAIR", "inproc")


@pytest.mark.parametrize("data", [b"", SMALL, LARGE])
def test_frame_is_bytes_like(data):
    """len(), bytes(), .bytes and memoryview() show the frame's content."""
    frame = Frame(data)
    assert len(frame) == len(data)
    assert bytes(frame) == data
    assert frame.bytes == data
    assert memoryview(frame).tobytes() == data
    assert frame.more is False


@pytest.mark.parametrize("data", [bytearray(b"from array"), memoryview(b"view")])
def test_frame_copies_its_source(data):
    """A frame takes a copy: later changes to the source do not show."""
    expected = bytes(data)
    frame = Frame(data)
    if isinstance(data, bytearray):
        data[0:4] = b"XXXX"
    assert bytes(frame) == expected


def test_frame_refuses_str():
    """str must be encoded first."""
    with pytest.raises(TypeError):
        Frame("text")


def test_memoryview_is_readonly_and_zero_copy():
    """memoryview() shares the frame's memory and refuses writes."""
    frame = Frame(LARGE)
    view = memoryview(frame)
    assert view.readonly
    assert view.obj is frame
    assert buffer_address(view) == buffer_address(frame)
    assert buffer_address(memoryview(frame)) == buffer_address(frame)
    with pytest.raises(TypeError):
        view[0] = 1
    with pytest.raises(TypeError, match="read-write"):
        io.BytesIO(b"X" * len(LARGE)).readinto(frame)
    assert frame == LARGE


def test_memoryview_keeps_frame_alive():
    """A view stays valid after the last reference to its frame goes."""
    view = memoryview(Frame(LARGE))
    assert view.tobytes() == LARGE


def test_received_frame_is_zero_copy(pair):
    """A received frame exposes libzmq's buffer without copying it."""
    receiver, sender = pair()
    sender.send(LARGE)
    frame = receiver.recv_frame(timeout=RECV)
    assert isinstance(frame, Frame)
    assert frame == LARGE
    assert buffer_address(memoryview(frame)) == buffer_address(frame)
    assert memoryview(frame).readonly


def test_equality():
    """Frames equal bytes-likes and frames of the same content, nothing else."""
    frame = Frame(SMALL)
    assert frame == SMALL
    assert SMALL == frame
    assert frame == bytearray(SMALL)
    assert frame == Frame(SMALL)
    assert frame != Frame(SMALL + b"!")
    assert frame != SMALL[:-1]
    assert frame != SMALL.decode()
    assert frame != 42


def test_hash_matches_equality():
    """Equal frames hash alike, also equal to the hash of their bytes."""
    assert hash(Frame(SMALL)) == hash(Frame(SMALL)) == hash(SMALL)
    assert len({Frame(b"a"), Frame(b"a"), Frame(b"b")}) == 2
    assert {SMALL: "found"}[Frame(SMALL)] == "found"


def test_repr():
    """repr evaluates back for short frames; long ones show a head and the size."""
    assert repr(Frame(b"hi")) == "Frame(b'hi')"
    assert eval(repr(Frame(b"hi", more=True)), {"Frame": Frame}).more
    long_repr = repr(Frame(b"z" * 100))
    assert "..." in long_repr and "(100 bytes)" in long_repr
    assert len(long_repr) < 80
    assert "more=True" in repr(Frame(b"x", more=True))


def test_pickle_round_trip():
    """A frame pickles with its content and more flag."""
    clone = pickle.loads(pickle.dumps(Frame(SMALL, more=True)))
    assert isinstance(clone, Frame)
    assert clone == SMALL and clone.more is True


def test_more_flag_on_received_frames(pair):
    """Each received frame carries the more flag of its part."""
    receiver, sender = pair()
    sender.send_multipart([b"a", b"b", b"c"])
    frames = [receiver.recv_frame(timeout=RECV) for _ in range(3)]
    assert [f.more for f in frames] == [True, True, False]
    assert frames == [b"a", b"b", b"c"]
    sender.send_multipart([b"x", b"y"])
    message = receiver.recv_message(timeout=RECV)
    assert [f.more for f in message] == [True, False]


@pytest.mark.parametrize("data", [SMALL, LARGE], ids=["small", "large"])
def test_frame_sent_twice(pair, data):
    """Sending a frame leaves it intact: it is readable and delivered again."""
    receiver, sender = pair()
    frame = Frame(data)
    sender.send_frame(frame)
    assert frame == data
    sender.send(frame)
    assert bytes(frame) == data
    assert receiver.recv(timeout=RECV) == data
    assert receiver.recv(timeout=RECV) == data


def test_received_frame_resent(pair):
    """A received frame can be forwarded and stays readable."""
    receiver, sender = pair()
    sender.send(LARGE)
    frame = receiver.recv_frame(timeout=RECV)
    receiver.send_frame(frame)
    assert sender.recv(timeout=RECV) == LARGE
    assert frame == LARGE


def test_send_frame_with_more(pair):
    """send_frame(more=True) starts a multipart message."""
    receiver, sender = pair()
    sender.send_frame(Frame(b"head"), more=True)
    sender.send_frame(Frame(b"tail"))
    assert receiver.recv_multipart(timeout=RECV) == [b"head", b"tail"]


def test_send_frame_refuses_non_frames(pair):
    """send_frame() needs a Frame."""
    _, sender = pair()
    with pytest.raises(TypeError):
        sender.send_frame(b"bytes")


def test_multipart_mixing_frames_and_bytes(pair):
    """send_multipart accepts frames among bytes parts."""
    receiver, sender = pair()
    sender.send_multipart([b"a", Frame(b"b"), bytearray(b"c")])
    assert receiver.recv_multipart(timeout=RECV) == [b"a", b"b", b"c"]


def test_frame_survives_socket_close(make_socket, socket_pair):
    """A received frame stays readable after its socket is closed."""
    receiver, sender = socket_pair("PAIR", "PAIR", "inproc")
    sender.send(LARGE)
    frame = receiver.recv_frame(timeout=RECV)
    receiver.close()
    sender.close()
    assert frame == LARGE
    assert Frame(frame) == LARGE


def test_uninitialised_subclass_raises_instead_of_aborting():
    """A Frame subclass that skips Frame.__init__ raises TypeError (not SIGABRT)."""
    proc = run_child(
        """
import czmq
class F(czmq.Frame):
    def __init__(self, x):
        self.x = x
for probe in (lambda f: memoryview(f), lambda f: len(f), lambda f: bytes(f)):
    try:
        probe(F(1))
    except TypeError:
        pass
    else:
        raise SystemExit("no TypeError")
assert (F(1) == b"") is False  # compares unequal, no crash
print("ok")
""",
        timeout=20,
    )
    assert_clean_exit(proc)
    assert proc.stdout.strip() == "ok"

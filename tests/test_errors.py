"""czmq.error: the exception classes and what raised errors carry."""

from __future__ import annotations

import errno

import pytest

import czmq
from czmq.error import from_errno

HIERARCHY = [
    (czmq.Again, BlockingIOError),
    (czmq.Timeout, TimeoutError),
    (czmq.Timeout, czmq.Again),
    (czmq.AddressInUse, OSError),
    (czmq.TooManySockets, OSError),
    (czmq.InvalidArgument, ValueError),
    (czmq.MessageTooLarge, czmq.InvalidArgument),
    (czmq.SocketClosed, czmq.ZMQError),
    (czmq.InvalidState, czmq.ZMQError),
    (czmq.ContextTerminated, czmq.ZMQError),
]


@pytest.mark.parametrize("cls, base", HIERARCHY)
def test_hierarchy(cls, base):
    """Each class inherits the builtin (or czmq class) of the same meaning."""
    assert issubclass(cls, base)
    assert issubclass(cls, czmq.ZMQError)


def test_closed_is_not_a_builtin_os_error():
    """SocketClosed and InvalidState are plain ZMQErrors, not OSErrors."""
    assert not issubclass(czmq.SocketClosed, OSError)
    assert not issubclass(czmq.InvalidState, OSError)


@pytest.mark.parametrize(
    "code, cls",
    [(errno.EAGAIN, czmq.Again), (errno.EADDRINUSE, czmq.AddressInUse),
     (errno.EINVAL, czmq.InvalidArgument), (errno.EMSGSIZE, czmq.MessageTooLarge),
     (errno.EPERM, czmq.ZMQError)],
)  # fmt: skip
def test_from_errno_picks_class(code, cls):
    """from_errno maps error numbers to classes, ZMQError for the rest."""
    exc = from_errno(code, "cannot do it", "why")
    assert type(exc) is cls
    assert (exc.errno, exc.strerror, str(exc)) == (code, "why", "cannot do it")


def _raised(make_socket):
    """A few real errors from real calls, by name."""
    errors = {}
    pull = make_socket("PULL")
    for name, call in {
        "again": lambda: pull.recv(dontwait=True),
        "timeout": lambda: pull.recv(timeout=0.01),
        "endpoint": lambda: pull.bind("bogus://x"),
    }.items():
        with pytest.raises(czmq.ZMQError) as info:
            call()
        errors[name] = info.value
    pull.close()
    with pytest.raises(czmq.ZMQError) as info:
        pull.recv()
    errors["closed"] = info.value
    return errors


def test_raised_errors_carry_errno_and_strerror(make_socket):
    """Raised errors have errno and strerror; libzmq errors describe the errno."""
    errors = _raised(make_socket)
    assert errors["again"].errno == errno.EAGAIN
    assert errors["again"].strerror
    assert errors["endpoint"].errno == errno.EPROTONOSUPPORT
    assert errors["endpoint"].strerror
    for exc in errors.values():
        assert isinstance(exc.errno, int)
        assert isinstance(exc.strerror, str)


def test_messages_start_lower_case(make_socket):
    """Error messages follow Python's style: a lower-case start."""
    for name, exc in _raised(make_socket).items():
        text = str(exc)
        assert text and text[0].islower(), (name, text)


@pytest.mark.timeout(10)
def test_bind_same_port_twice(make_socket):
    """A second bind to a taken TCP port raises AddressInUse naming it."""
    first = make_socket("PULL")
    port = first.bind("tcp://127.0.0.1:*")
    second = make_socket("PULL")
    taken = f"tcp://127.0.0.1:{port}"
    with pytest.raises(czmq.AddressInUse) as info:
        second.bind(taken)
    assert isinstance(info.value, OSError)
    assert info.value.errno == errno.EADDRINUSE
    assert taken in str(info.value)
    assert isinstance(second.bind("tcp://127.0.0.1:*"), int)


def test_req_recv_before_send(make_socket):
    """REQ recv before any send raises InvalidState saying the expected order."""
    req = make_socket("REQ", "inproc://req-order")
    with pytest.raises(czmq.InvalidState) as info:
        req.recv(timeout=1)
    assert "must send a request before it can receive" in str(info.value)


def test_req_send_twice(make_socket):
    """A second REQ send before the reply raises InvalidState too."""
    rep = make_socket("REP", "inproc://req-twice")
    req = make_socket("REQ", ">inproc://req-twice")
    req.send(b"one")
    with pytest.raises(czmq.InvalidState, match="receive the reply"):
        req.send(b"two", timeout=1)
    assert rep.recv(timeout=5) == b"one"


@pytest.mark.parametrize("cls", [czmq.Timeout, czmq.InvalidArgument, czmq.ZMQError])
def test_errors_survive_pickling(cls) -> None:
    """Exceptions cross process boundaries (multiprocessing, executors)."""
    import pickle

    exc = cls(-2, "cannot receive on PULL socket: timed out", "")
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is cls
    assert (again.errno, str(again), again.strerror) == (exc.errno, str(exc), "")

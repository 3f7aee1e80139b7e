"""The public surface of the package is pinned: changes to it are deliberate."""

from __future__ import annotations

import czmq

EXPORTED = {
    "AddressInUse", "Again", "Context", "ContextTerminated", "DEALER",
    "DEFAULT_LINGER_MS", "ForkedSocket", "Frame", "InvalidArgument",
    "InvalidState", "Message", "MessageTooLarge", "PAIR", "PUB", "PULL", "PUSH",
    "Poller", "REP", "REQ", "ROUTER", "STREAM", "SUB", "Socket", "SocketClosed", "SocketInUse",
    "SocketType", "Timeout", "TooManySockets", "XPUB", "XSUB", "ZMQError",
    "__version__", "configure", "czmq_version", "has", "settings", "shutdown",
    "zmq_version",
}  # fmt: skip

SOCKET_METHODS = {
    "attach", "bind", "close", "closed", "connect", "context", "disconnect",
    "endpoints", "get_option", "recv", "recv_frame", "recv_json", "recv_message",
    "recv_many", "recv_multipart", "recv_string", "send", "send_frame",
    "send_json", "send_many", "send_message", "send_multipart", "send_string",
    "set_option", "socket_type",
    "unbind",
}  # fmt: skip


def test_exported_names_are_pinned() -> None:
    assert set(czmq.__all__) == EXPORTED
    for name in czmq.__all__:
        assert hasattr(czmq, name), name


def test_socket_public_methods_are_pinned() -> None:
    from czmq.options import OPTIONS

    public = {n for n in dir(czmq.Socket) if not n.startswith("_")}
    assert public - set(OPTIONS) == SOCKET_METHODS
    # "type" is both an option and a property giving the SocketType member.
    with czmq.Socket("PUSH") as sock:
        assert sock.type is czmq.PUSH


def test_every_public_callable_has_a_docstring() -> None:
    missing = []
    for name in czmq.__all__:
        obj = getattr(czmq, name)
        if callable(obj) and not (obj.__doc__ or "").strip():
            missing.append(name)
    for name in SOCKET_METHODS:
        if not (getattr(czmq.Socket, name).__doc__ or "").strip():
            missing.append(f"Socket.{name}")
    assert missing == []


def test_socket_types_match_libzmq() -> None:
    from czmq import _czmq

    assert {t.name: int(t) for t in czmq.SocketType} == _czmq.SOCKET_TYPES

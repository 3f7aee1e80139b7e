"""Shared fixtures: tracked sockets, endpoints per transport, child interpreters."""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import czmq
from czmq import _czmq

TRANSPORTS = ["inproc", "ipc", "tcp"]

_names = itertools.count()


class SocketFactory:
    """Makes sockets, remembers them, and closes every one at teardown."""

    def __init__(self) -> None:
        self.sockets: list[czmq.Socket] = []

    def __call__(self, socket_type: Any, endpoints: str | None = None, **options: Any):
        options.setdefault("linger", 0)
        sock = czmq.Socket(socket_type, endpoints, **options)
        return self.adopt(sock)

    def adopt(self, sock: czmq.Socket) -> czmq.Socket:
        """Track a socket made elsewhere (e.g. by a Context) for closing."""
        self.sockets.append(sock)
        return sock

    def close_all(self) -> None:
        for sock in self.sockets:
            sock.close()
        self.sockets.clear()


def _live_sockets() -> int:
    gc.collect()
    return _czmq.socket_count()


@pytest.fixture
def make_socket() -> Iterator[SocketFactory]:
    """Socket factory; closes all its sockets and fails on leaked sockets."""
    before = _live_sockets()
    factory = SocketFactory()
    try:
        yield factory
    finally:
        factory.close_all()
    after = _live_sockets()
    if after > before:
        pytest.fail(f"leaked sockets: {before} open before the test, {after} after")


class Endpoints:
    """Fresh endpoint strings for a transport, unique within the session."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path

    def __call__(self, transport: str) -> str:
        n = next(_names)
        if transport == "inproc":
            return f"inproc://czmq-test-{n}"
        if transport == "ipc":
            path = self.tmp_path / f"s{n}.ipc"
            assert len(str(path)) < 100, f"ipc path too long: {path}"
            return f"ipc://{path}"
        if transport == "tcp":
            return "tcp://127.0.0.1:*"
        raise ValueError(f"unknown transport {transport!r}")


@pytest.fixture
def endpoint(tmp_path: Path) -> Endpoints:
    """Factory of endpoint strings: endpoint("inproc" | "ipc" | "tcp")."""
    return Endpoints(tmp_path)


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    """Each transport in turn; ipc is skipped where libzmq lacks it."""
    if request.param == "ipc" and not czmq.has("ipc"):
        pytest.skip("libzmq built without ipc")
    return request.param


def bind_connect(
    make_socket: SocketFactory,
    endpoint: str,
    bind_type: Any,
    connect_type: Any,
    bind_options: dict[str, Any] | None = None,
    connect_options: dict[str, Any] | None = None,
) -> tuple[czmq.Socket, czmq.Socket]:
    """Bind one socket, connect another to it; return (bound, connected)."""
    bound = make_socket(bind_type, **(bind_options or {}))
    connected = make_socket(connect_type, **(connect_options or {}))
    port = bound.bind(endpoint)
    if endpoint.startswith("tcp://"):
        assert isinstance(port, int)
        connected.connect(f"tcp://127.0.0.1:{port}")
    else:
        connected.connect(endpoint)
    return bound, connected


@pytest.fixture
def socket_pair(
    make_socket: SocketFactory, endpoint: Endpoints
) -> Callable[..., tuple[czmq.Socket, czmq.Socket]]:
    """pair(bind_type, connect_type, transport, bind_options=, connect_options=)."""

    def pair(bind_type: Any, connect_type: Any, transport: str, **kwargs: Any):
        return bind_connect(
            make_socket, endpoint(transport), bind_type, connect_type, **kwargs
        )

    return pair

"""czmq.Context: closes its sockets together, never too early."""

from __future__ import annotations

import gc
import threading
import time

import pytest

import czmq

RECV = 5.0


def test_context_manager_closes_its_sockets(make_socket):
    """Leaving the with block closes every socket of the context."""
    with czmq.Context() as ctx:
        a = make_socket("PAIR", context=ctx)
        b = make_socket("PAIR", context=ctx)
        assert ctx.sockets and not ctx.closed
    assert a.closed and b.closed
    assert ctx.closed
    assert ctx.sockets == []


def test_context_socket_method(make_socket):
    """Context.socket() makes a socket owned by the context."""
    ctx = czmq.Context()
    sock = make_socket.adopt(ctx.socket("PULL", "@inproc://ctx-method", linger=0))
    assert sock.context is ctx
    assert sock in ctx.sockets
    ctx.destroy()
    assert sock.closed


def test_destroyed_context_refuses_sockets(make_socket):
    """No socket can be made in a destroyed context."""
    ctx = czmq.Context()
    ctx.destroy()
    with pytest.raises(RuntimeError, match="destroyed"):
        ctx.socket("PAIR")


def test_context_does_not_close_foreign_sockets(make_socket):
    """Destroying a context leaves sockets of other contexts open."""
    mine, other = czmq.Context(), czmq.Context()
    a = make_socket("PAIR", context=mine)
    b = make_socket("PAIR", context=other)
    c = make_socket("PAIR")
    mine.destroy()
    assert a.closed
    assert not b.closed and not c.closed
    other.destroy()


@pytest.mark.timeout(10)
def test_destroy_wakes_blocked_recv(make_socket):
    """destroy() ends a recv() blocked in another thread with SocketClosed."""
    ctx = czmq.Context()
    pull = make_socket("PULL", "@inproc://ctx-blocked", context=ctx)
    outcome: dict[str, object] = {}
    started = threading.Event()

    def blocked() -> None:
        started.set()
        try:
            pull.recv()
        except BaseException as exc:
            outcome["error"] = exc
        outcome["at"] = time.monotonic()

    thread = threading.Thread(target=blocked)
    thread.start()
    try:
        started.wait(RECV)
        time.sleep(0.2)  # let the thread enter the wait
        assert thread.is_alive()
        destroyed_at = time.monotonic()
        ctx.destroy()
    finally:
        thread.join(RECV)
    assert not thread.is_alive()
    assert isinstance(outcome.get("error"), czmq.SocketClosed), outcome
    assert outcome["at"] - destroyed_at < 0.5


@pytest.mark.timeout(20)
def test_socket_keeps_unreferenced_context_alive(make_socket):
    """A socket from Context().socket() keeps working after garbage collection."""
    pub = make_socket.adopt(czmq.Context().socket("PUB", linger=0))
    for _ in range(3):
        gc.collect()
    assert not pub.closed
    assert pub.context is not None and not pub.context.closed
    port = pub.bind("tcp://127.0.0.1:*")
    sub = make_socket("SUB", f"tcp://127.0.0.1:{port}", subscribe=b"")
    deadline = time.monotonic() + RECV
    while time.monotonic() < deadline:
        gc.collect()
        pub.send(b"still alive")
        try:
            assert sub.recv(timeout=0.05) == b"still alive"
            break
        except czmq.Timeout:
            continue
    else:
        pytest.fail("the PUB socket stopped delivering")
    assert not pub.closed


def test_repr_counts_sockets(make_socket):
    """repr reports open sockets, then destruction."""
    ctx = czmq.Context()
    make_socket("PAIR", context=ctx)
    assert "1 sockets" in repr(ctx)
    ctx.destroy()
    assert "destroyed" in repr(ctx)

"""Poller: waiting for input on several sockets."""

from __future__ import annotations

import threading
import time

import pytest

import czmq


@pytest.fixture
def pulls(make_socket):
    a = make_socket("PULL", "@inproc://poll-a")
    b = make_socket("PULL", "@inproc://poll-b")
    push_b = make_socket("PUSH", ">inproc://poll-b")
    return a, b, push_b


def test_wait_returns_the_ready_socket(pulls) -> None:
    a, b, push_b = pulls
    push_b.send(b"x")
    poller = czmq.Poller(a, b)
    assert poller.wait(timeout=1.0) is b
    assert poller.poll(timeout=0) == [b]
    assert b.recv() == b"x"


def test_wait_times_out_with_none(pulls) -> None:
    a, b, _ = pulls
    start = time.monotonic()
    assert czmq.Poller(a, b).wait(timeout=0.2) is None
    assert 0.19 <= time.monotonic() - start < 0.4


def test_wait_is_woken_by_a_message_from_another_thread(pulls) -> None:
    a, b, push_b = pulls
    timer = threading.Timer(0.1, push_b.send, args=(b"late",))
    timer.start()
    try:
        assert czmq.Poller(a, b).wait(timeout=5) is b
    finally:
        timer.join()


@pytest.mark.timeout(10)
def test_close_from_another_thread_ends_the_wait(pulls) -> None:
    """S1.4: a poller wait ends with SocketClosed when a socket is closed."""
    a, b, _ = pulls
    errors: list[BaseException] = []

    def waiter() -> None:
        try:
            czmq.Poller(a, b).wait()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=waiter)
    thread.start()
    time.sleep(0.2)
    closed_at = time.monotonic()
    a.close()
    thread.join(2)
    assert not thread.is_alive()
    assert time.monotonic() - closed_at < 0.5
    assert len(errors) == 1 and isinstance(errors[0], czmq.SocketClosed)


def test_add_remove_and_bad_arguments(pulls) -> None:
    a, b, _ = pulls
    poller = czmq.Poller(a)
    poller.add(b)
    poller.add(b)
    assert poller.sockets == [a, b] and len(poller) == 2
    poller.remove(a)
    with pytest.raises(ValueError, match="not in this poller"):
        poller.remove(a)
    with pytest.raises(TypeError, match="czmq sockets"):
        poller.add("not a socket")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="-1"):
        poller.wait(timeout=-1)


def test_extension_poll_refuses_none(pulls) -> None:
    """The private poll entry point checks its list instead of crashing."""
    from czmq import _czmq

    with pytest.raises(TypeError, match="None"):
        _czmq.poll_in([pulls[0], None], 0, True)

"""The batch API: many messages per call."""

from __future__ import annotations

import threading

import pytest

import czmq


@pytest.fixture
def pipe(make_socket, transport, endpoint):
    pull = make_socket("PULL", rcvhwm=100)
    port = pull.bind(endpoint(transport))
    target = pull.last_endpoint if port is None else f"tcp://127.0.0.1:{port}"
    push = make_socket("PUSH", sndhwm=100)
    push.connect(target)
    return push, pull


def receive(pull: czmq.Socket, count: int) -> list[bytes]:
    got: list[bytes] = []
    while len(got) < count:
        got += pull.recv_many(count - len(got), timeout=5)
    return got


def test_send_many_delivers_every_message_in_order(pipe) -> None:
    push, pull = pipe
    items = [b"%d" % i for i in range(5000)] + [b"", bytearray(b"ba"), b"z" * 70000]
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.extend(receive(pull, len(items))))
    reader.start()
    # 5003 messages through HWMs of 100: send_many has to wait for room.
    assert push.send_many(items, timeout=10) == len(items)
    reader.join(10)
    assert received == [bytes(i) for i in items]


def test_recv_many_respects_the_limit_and_takes_what_is_queued(pipe) -> None:
    push, pull = pipe
    push.send_many([b"a", b"b", b"c"])
    first = pull.recv_many(2, timeout=5)
    assert 1 <= len(first) <= 2
    rest = receive(pull, 3 - len(first))
    assert first + rest == [b"a", b"b", b"c"]


def test_recv_many_keeps_multipart_messages_whole(make_socket) -> None:
    pull = make_socket("PULL", "@inproc://batch-multi")
    push = make_socket("PUSH", ">inproc://batch-multi")
    push.send_multipart([b"1", b"2", b"3"])
    push.send(b"4")
    assert pull.recv_many(1, timeout=5) == [b"1", b"2", b"3"]
    assert pull.recv_many(5, timeout=5) == [b"4"]


def test_recv_many_times_out_and_refuses_bad_limits(make_socket) -> None:
    pull = make_socket("PULL", "@inproc://batch-empty")
    with pytest.raises(czmq.Timeout):
        pull.recv_many(10, timeout=0.05)
    with pytest.raises(czmq.Again):
        pull.recv_many(10, dontwait=True)
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="limit"):
            pull.recv_many(bad)  # type: ignore[arg-type]


def test_send_many_refuses_str_before_sending_anything(make_socket) -> None:
    pull = make_socket("PULL", "@inproc://batch-str")
    push = make_socket("PUSH", ">inproc://batch-str")
    with pytest.raises(TypeError, match="str"):
        push.send_many([b"ok", "not bytes"])
    with pytest.raises(czmq.Again):
        pull.recv(dontwait=True)
    assert push.send_many([]) == 0


@pytest.mark.timeout(10)
def test_close_from_another_thread_ends_a_blocked_batch(make_socket) -> None:
    push = make_socket("PUSH", ">tcp://127.0.0.1:9", sndhwm=10)
    errors: list[BaseException] = []

    def sender() -> None:
        try:
            push.send_many([b"x"] * 1000)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=sender)
    thread.start()
    thread.join(0.3)
    push.close()
    thread.join(2)
    assert not thread.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], czmq.SocketClosed)


def test_send_many_returns_the_count_when_the_pipe_fills(make_socket) -> None:
    """Partial progress is reported, so a retry does not duplicate messages."""
    make_socket("PULL", "@inproc://batch-partial", rcvhwm=5)
    push = make_socket("PUSH", ">inproc://batch-partial", sndhwm=5)
    sent = push.send_many([b"%d" % i for i in range(100)], dontwait=True)
    assert 0 < sent < 100
    with pytest.raises(czmq.Again):
        push.send_many([b"more"], dontwait=True)

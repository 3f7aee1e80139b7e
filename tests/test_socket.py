"""czmq.Socket: patterns over each transport, errors, timeouts, lifetime."""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
import warnings

import pytest

import czmq

RECV = 5.0  # generous limit for anything that should arrive promptly


def wait_for_subscription(pub, sub, probe: bytes, limit: float = 5.0) -> None:
    """Publish probes until the subscriber sees one (subscriptions propagate late)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        pub.send(probe)
        try:
            if sub.recv(timeout=0.05) == probe:
                return
        except czmq.Timeout:
            continue
    pytest.fail("subscription did not reach the publisher in time")


# ---- round trips per pattern ------------------------------------------------


@pytest.mark.timeout(20)
def test_pair_round_trip(socket_pair, transport):
    """PAIR sockets talk both ways."""
    a, b = socket_pair("PAIR", "PAIR", transport)
    b.send(b"ping", timeout=RECV)
    assert a.recv(timeout=RECV) == b"ping"
    a.send(b"pong", timeout=RECV)
    assert b.recv(timeout=RECV) == b"pong"


@pytest.mark.timeout(20)
def test_push_pull_round_trip(socket_pair, transport):
    """PUSH delivers messages to PULL in order."""
    pull, push = socket_pair("PULL", "PUSH", transport)
    for i in range(5):
        push.send(b"item-%d" % i, timeout=RECV)
    assert [pull.recv(timeout=RECV) for _ in range(5)] == [
        b"item-%d" % i for i in range(5)
    ]


@pytest.mark.timeout(20)
def test_req_rep_round_trip(socket_pair, transport):
    """REQ/REP alternate request and reply, several times."""
    rep, req = socket_pair("REP", "REQ", transport)
    for i in range(3):
        req.send_string(f"question {i}", timeout=RECV)
        assert rep.recv_string(timeout=RECV) == f"question {i}"
        rep.send_json({"answer": i}, timeout=RECV)
        assert req.recv_json(timeout=RECV) == {"answer": i}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("how", ["constructor", "property"])
def test_pub_sub_topic_filter(socket_pair, make_socket, transport, how):
    """SUB receives only messages whose prefix matches its subscription."""
    options = {"subscribe": b"topic"} if how == "constructor" else {}
    pub, sub = socket_pair("PUB", "SUB", transport, connect_options=options)
    if how == "property":
        sub.subscribe = b"topic"
    wait_for_subscription(pub, sub, b"topic:probe")
    pub.send(b"other:1")
    pub.send(b"topic:data")
    pub.send(b"other:2")
    pub.send(b"topic:end")
    seen = []
    while not seen or seen[-1] != b"topic:end":
        seen.append(sub.recv(timeout=RECV))
    assert all(m.startswith(b"topic") for m in seen), seen
    assert b"topic:data" in seen


@pytest.mark.timeout(20)
def test_dealer_router_routes_by_identity(make_socket, endpoint, transport):
    """ROUTER sees each DEALER's routing_id and routes replies back by it."""
    where = endpoint(transport)
    router = make_socket("ROUTER")
    port = router.bind(where)
    target = f"tcp://127.0.0.1:{port}" if port is not None else where
    dealers = {
        ident: make_socket("DEALER", routing_id=ident) for ident in (b"d-one", b"d-two")
    }
    for ident, dealer in dealers.items():
        dealer.connect(target)
        dealer.send(b"hello from " + ident, timeout=RECV)
    received = dict(router.recv_multipart(timeout=RECV) for _ in dealers)
    assert received == {ident: b"hello from " + ident for ident in dealers}
    for ident in dealers:
        router.send_multipart([ident, b"reply to " + ident], timeout=RECV)
    for ident, dealer in dealers.items():
        assert dealer.recv(timeout=RECV) == b"reply to " + ident


# ---- message content ---------------------------------------------------------


@pytest.mark.timeout(20)
def test_multipart_order_preserved(socket_pair, transport):
    """Parts arrive in the order they were sent, as one message."""
    pull, push = socket_pair("PULL", "PUSH", transport)
    parts = [b"part-%d" % i for i in range(10)]
    push.send_multipart(parts, timeout=RECV)
    push.send(b"next", timeout=RECV)
    assert pull.recv_multipart(timeout=RECV) == parts
    assert pull.recv_multipart(timeout=RECV) == [b"next"]


@pytest.mark.timeout(20)
def test_binary_and_empty_frames_preserved(socket_pair, transport):
    """NUL bytes and empty frames survive unchanged."""
    a, b = socket_pair("PAIR", "PAIR", transport)
    parts = [b"", b"x\x00y", b""]
    b.send_multipart(parts, timeout=RECV)
    assert a.recv_multipart(timeout=RECV) == parts
    b.send(b"\x00" * 3, timeout=RECV)
    assert a.recv(timeout=RECV) == b"\x00\x00\x00"


def test_recv_sets_rcvmore(socket_pair):
    """recv() of one part reports whether more parts follow."""
    a, b = socket_pair("PAIR", "PAIR", "inproc")
    b.send(b"first", more=True)
    b.send(b"last")
    assert a.recv(timeout=RECV) == b"first"
    assert a.rcvmore is True
    assert a.recv(timeout=RECV) == b"last"
    assert a.rcvmore is False


def test_bytes_like_payloads(socket_pair):
    """bytearray and memoryview are sent like bytes."""
    a, b = socket_pair("PAIR", "PAIR", "inproc")
    b.send(bytearray(b"array"))
    b.send(memoryview(b"xxviewxx")[2:6])
    assert a.recv(timeout=RECV) == b"array"
    assert a.recv(timeout=RECV) == b"view"


@pytest.mark.parametrize("payload", ["text", ["a", "b"]])
def test_send_refuses_str(socket_pair, payload):
    """str is never sent implicitly: send() and send_multipart() raise TypeError."""
    a, b = socket_pair("PAIR", "PAIR", "inproc")
    with pytest.raises(TypeError):
        if isinstance(payload, list):
            b.send_multipart(payload)
        else:
            b.send(payload)
    with pytest.raises(czmq.Again):
        a.recv(dontwait=True)


# ---- timeouts and non-blocking -----------------------------------------------


def _elapsed_timeout(call) -> float:
    start = time.monotonic()
    with pytest.raises(czmq.Timeout) as info:
        call()
    assert isinstance(info.value, TimeoutError)
    return time.monotonic() - start


@pytest.mark.timeout(10)
@pytest.mark.parametrize("how", ["argument", "option"])
def test_recv_timeout(make_socket, how):
    """A 0.2 s receive timeout fires between 0.19 and 0.3 s."""
    if how == "option":
        pull = make_socket("PULL", "inproc://recv-timeout-opt", rcvtimeo=200)
        elapsed = _elapsed_timeout(pull.recv)
    else:
        pull = make_socket("PULL", "inproc://recv-timeout-arg")
        elapsed = _elapsed_timeout(lambda: pull.recv(timeout=0.2))
    assert 0.19 <= elapsed < 0.3


@pytest.mark.timeout(10)
@pytest.mark.parametrize("how", ["argument", "option"])
def test_send_timeout(make_socket, how):
    """A PUSH with no peer times out on send between 0.19 and 0.3 s."""
    if how == "option":
        push = make_socket("PUSH", sndtimeo=200)
        elapsed = _elapsed_timeout(lambda: push.send(b"x"))
    else:
        push = make_socket("PUSH")
        elapsed = _elapsed_timeout(lambda: push.send(b"x", timeout=0.2))
    assert 0.19 <= elapsed < 0.3


@pytest.mark.timeout(10)
def test_timeout_argument_overrides_option(make_socket):
    """An explicit timeout wins over rcvtimeo."""
    pull = make_socket("PULL", rcvtimeo=5000)
    elapsed = _elapsed_timeout(lambda: pull.recv(timeout=0.1))
    assert elapsed < 0.5


@pytest.mark.parametrize("op", ["recv", "send"])
def test_dontwait_raises_again(make_socket, op):
    """dontwait=True raises Again (a BlockingIOError), not Timeout."""
    sock = make_socket("PULL" if op == "recv" else "PUSH")
    start = time.monotonic()
    with pytest.raises(czmq.Again) as info:
        if op == "recv":
            sock.recv(dontwait=True)
        else:
            sock.send(b"x", dontwait=True)
    assert time.monotonic() - start < 0.1
    assert not isinstance(info.value, czmq.Timeout)
    assert isinstance(info.value, BlockingIOError)


def test_negative_timeout_refused(make_socket):
    """A negative timeout is a ValueError, not a wait forever."""
    pull = make_socket("PULL")
    with pytest.raises(ValueError, match="timeout"):
        pull.recv(timeout=-1)


# ---- closed sockets ----------------------------------------------------------


@pytest.mark.parametrize(
    "op",
    [
        lambda s: s.send(b"x"),
        lambda s: s.recv(),
        lambda s: s.recv(dontwait=True),
        lambda s: s.send_multipart([b"a", b"b"]),
        lambda s: s.recv_multipart(),
        lambda s: s.bind("inproc://closed-socket"),
        lambda s: s.connect("inproc://closed-socket"),
        lambda s: s.linger,
    ],
    ids=["send", "recv", "recv-dontwait", "send_multipart", "recv_multipart",
         "bind", "connect", "option"],
)  # fmt: skip
def test_closed_socket_raises(make_socket, op):
    """Every operation on a closed socket raises SocketClosed."""
    sock = make_socket("PAIR")
    sock.close()
    assert sock.closed
    with pytest.raises(czmq.SocketClosed, match="closed"):
        op(sock)


def test_close_is_idempotent(make_socket):
    """Closing twice is harmless."""
    sock = make_socket("PAIR")
    sock.close()
    sock.close()
    assert sock.closed


def test_context_manager_closes():
    """Leaving a with block closes the socket, even on an exception."""
    with czmq.Socket("PAIR", linger=0) as sock:
        assert not sock.closed
    assert sock.closed
    with pytest.raises(RuntimeError):
        with czmq.Socket("PAIR", linger=0) as other:
            raise RuntimeError("boom")
    assert other.closed


# ---- endpoints ---------------------------------------------------------------

BAD_ENDPOINTS = ["tcp://*:notaport", "bogus://x", "localhost:3000"]


@pytest.mark.parametrize("bad", BAD_ENDPOINTS)
@pytest.mark.parametrize("verb", ["bind", "connect"])
def test_bad_endpoint_names_it_and_socket_survives(make_socket, bad, verb):
    """A refused endpoint raises naming the endpoint; the socket stays usable."""
    a = make_socket("PAIR")
    with pytest.raises(czmq.ZMQError) as info:
        getattr(a, verb)(bad)
    assert bad in str(info.value)
    assert isinstance(info.value, ValueError)
    assert not a.closed
    b = make_socket("PAIR")
    port = a.bind("tcp://127.0.0.1:*")
    b.connect(f"tcp://127.0.0.1:{port}")
    b.send(b"still works", timeout=RECV)
    assert a.recv(timeout=RECV) == b"still works"


@pytest.mark.parametrize("bad", BAD_ENDPOINTS)
def test_bad_endpoint_in_constructor(make_socket, bad):
    """A refused endpoint at construction raises, naming it, and leaks no socket."""
    with pytest.raises(czmq.ZMQError, match=bad.replace("*", r"\*")):
        czmq.Socket("PULL", f"@{bad}")


def test_bind_returns_tcp_port(make_socket):
    """bind() returns the chosen TCP port as int, and None for other transports."""
    sock = make_socket("PULL")
    port = sock.bind("tcp://127.0.0.1:*")
    assert type(port) is int
    assert 0 < port < 65536
    assert sock.last_endpoint == f"tcp://127.0.0.1:{port}"
    assert sock.bind("inproc://bind-returns-none") is None
    assert sock.endpoints["bound"] == [
        f"tcp://127.0.0.1:{port}",
        "inproc://bind-returns-none",
    ]


@pytest.mark.timeout(20)
def test_attach_prefixes(make_socket):
    """'@' binds and '>' connects, whatever the type's default."""
    pull = make_socket("PULL", ">inproc://attach-prefix")
    push = make_socket("PUSH", "@inproc://attach-prefix")
    assert pull.endpoints["connected"] == ["inproc://attach-prefix"]
    assert push.endpoints["bound"] == ["inproc://attach-prefix"]
    push.send(b"x", timeout=RECV)
    assert pull.recv(timeout=RECV) == b"x"


# ---- socket types ------------------------------------------------------------


@pytest.mark.parametrize(
    "given", [czmq.PUSH, czmq.SocketType.PUSH, "PUSH", "push", "Push", int(czmq.PUSH)]
)
def test_socket_type_spellings(make_socket, given):
    """Types are accepted as enum members, names in any case and ints."""
    sock = make_socket(given)
    assert sock.type is czmq.SocketType.PUSH


@pytest.mark.parametrize("bad", ["BOGUS", 99, -1])
def test_bad_socket_type(make_socket, bad):
    """An unknown socket type raises ValueError naming the value."""
    with pytest.raises(ValueError, match=repr(bad)):
        czmq.Socket(bad)


@pytest.mark.parametrize("bad", [None, 1.5, True])
def test_socket_type_of_wrong_type(make_socket, bad):
    """A socket type that is not a str or int raises TypeError."""
    with pytest.raises(TypeError):
        czmq.Socket(bad)


# ---- options and repr --------------------------------------------------------


def test_options_round_trip(make_socket):
    """Options given at construction and by property read back."""
    sock = make_socket("DEALER", linger=123, sndhwm=7, routing_id=b"me")
    assert (sock.linger, sock.sndhwm, sock.routing_id) == (123, 7, b"me")
    sock.rcvtimeo = 250
    assert sock.rcvtimeo == 250


@pytest.mark.parametrize(
    "name, value, error",
    [("no_such_option", 1, ValueError), ("linger", "x", TypeError),
     ("linger", 2**40, ValueError), ("rcvmore", 1, ValueError)],
)  # fmt: skip
def test_bad_option(make_socket, name, value, error):
    """Unknown, read-only and ill-typed options are refused, naming the option."""
    with pytest.raises(error, match=name):
        make_socket("PAIR", **{name: value})


def test_repr_shows_type_and_state(make_socket):
    """repr names the type, open/closed and the endpoints."""
    sock = make_socket("ROUTER")
    port = sock.bind("tcp://127.0.0.1:*")
    text = repr(sock)
    assert "ROUTER" in text and "open" in text
    assert f"@tcp://127.0.0.1:{port}" in text
    sock.close()
    assert "ROUTER" in repr(sock) and "closed" in repr(sock)


@pytest.mark.timeout(20)
def test_ipv6_loopback(make_socket):
    """tcp over ::1 works with ipv6=True and bind() still returns the port."""
    pull = make_socket("PULL", ipv6=True)
    try:
        port = pull.bind("tcp://[::1]:*")
    except czmq.ZMQError as exc:
        pytest.skip(f"no IPv6 loopback here: {exc}")
    push = make_socket("PUSH", f">tcp://[::1]:{port}", ipv6=True)
    push.send(b"six", timeout=RECV)
    assert pull.recv(timeout=RECV) == b"six"


def test_zero_timeout_is_again(make_socket):
    """timeout=0 means do not wait: Again, not Timeout."""
    pull = make_socket("PULL")
    with pytest.raises(czmq.Again) as info:
        pull.recv(timeout=0)
    assert not isinstance(info.value, czmq.Timeout)


def test_unclosed_socket_warns(make_socket):
    """A socket collected while open emits ResourceWarning and gets closed."""
    before = czmq._czmq.socket_count()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sock = czmq.Socket("PAIR", linger=0)
        del sock
        gc.collect()
    categories = [w.category for w in caught]
    caught.clear()  # a warning's .source is the socket: let it go
    gc.collect()
    assert ResourceWarning in categories
    assert czmq._czmq.socket_count() == before


def test_socket_count_drops_on_close():
    """socket_count() counts open sockets: close() takes one off."""
    before = czmq._czmq.socket_count()
    sock = czmq.Socket("PAIR", linger=0)
    assert czmq._czmq.socket_count() == before + 1
    sock.close()
    assert sock.closed
    assert czmq._czmq.socket_count() == before


# ---- threads -----------------------------------------------------------------


@pytest.mark.timeout(20)
def test_close_from_other_thread_wakes_recv(make_socket):
    """close() in one thread ends another thread's blocked recv() with SocketClosed."""
    pull = make_socket("PULL", "@inproc://close-wakes")
    errors: list[BaseException] = []

    def wait() -> None:
        try:
            pull.recv()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=wait)
    thread.start()
    time.sleep(0.2)
    start = time.monotonic()
    pull.close()
    thread.join(RECV)
    assert not thread.is_alive()
    assert time.monotonic() - start < 0.5
    assert len(errors) == 1 and isinstance(errors[0], czmq.SocketClosed)


@pytest.mark.timeout(30)
def test_threads_never_interleave_multipart(socket_pair):
    """Multipart messages sent from several threads on one socket arrive whole."""
    pull, push = socket_pair("PULL", "PUSH", "inproc")
    count, nthreads = 200, 4

    def sender(tag: bytes) -> None:
        for i in range(count):
            push.send_multipart([tag, b"%d" % i, tag + b"-end"], timeout=RECV)

    threads = [
        threading.Thread(target=sender, args=(b"t%d" % n,)) for n in range(nthreads)
    ]
    for thread in threads:
        thread.start()
    got = [pull.recv_multipart(timeout=RECV) for _ in range(count * nthreads)]
    for thread in threads:
        thread.join(RECV)
    assert all(len(m) == 3 and m[2] == m[0] + b"-end" for m in got)
    for n in range(nthreads):
        tag = b"t%d" % n
        assert [m[1] for m in got if m[0] == tag] == [b"%d" % i for i in range(count)]


# ---- signals -------------------------------------------------------------------


class _Interrupted(Exception):
    pass


@pytest.fixture
def sigusr1():
    """Install a SIGUSR1 handler for the test; restore the old one after."""
    previous = signal.getsignal(signal.SIGUSR1)
    try:
        yield lambda handler: signal.signal(signal.SIGUSR1, handler)
    finally:
        signal.signal(signal.SIGUSR1, previous)


def _kill_later(delay: float) -> threading.Timer:
    timer = threading.Timer(delay, os.kill, (os.getpid(), signal.SIGUSR1))
    timer.start()
    return timer


@pytest.mark.timeout(10)
def test_raising_signal_handler_interrupts_recv(make_socket, sigusr1):
    """An exception from a signal handler ends a blocked recv() promptly."""

    def handler(signum, frame):
        raise _Interrupted

    sigusr1(handler)
    pull = make_socket("PULL", "@inproc://signal-raises")
    timer = _kill_later(0.2)
    start = time.monotonic()
    try:
        with pytest.raises(_Interrupted):
            pull.recv()
    finally:
        timer.join()
    assert time.monotonic() - start < 0.45


@pytest.mark.timeout(10)
def test_quiet_signal_handler_lets_recv_continue(make_socket, sigusr1):
    """A signal handler that returns normally runs, and recv() keeps waiting."""
    calls = []
    sigusr1(lambda signum, frame: calls.append(signum))
    pull = make_socket("PULL", "@inproc://signal-quiet")
    push = make_socket("PUSH", ">inproc://signal-quiet")
    timer = _kill_later(0.1)
    sender = threading.Timer(0.4, push.send, (b"after the signal",))
    sender.start()
    try:
        assert pull.recv(timeout=RECV) == b"after the signal"
    finally:
        timer.join()
        sender.join()
    assert calls == [signal.SIGUSR1]


@pytest.mark.parametrize(
    "endpoint", ["inproc://a\x00b", "tcp://127.0.0.1:70000", "tcp://127.0.0.1:-1"]
)
def test_endpoints_libzmq_would_cut_or_wrap_are_refused(make_socket, endpoint) -> None:
    sock = make_socket("PULL")
    with pytest.raises(ValueError, match="cannot bind"):
        sock.bind(endpoint)
    with pytest.raises(TypeError, match="str"):
        sock.bind(b"inproc://bytes")  # type: ignore[arg-type]
    assert sock.endpoints == {"bound": [], "connected": []}

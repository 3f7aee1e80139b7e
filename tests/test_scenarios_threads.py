"""Acceptance scenarios S1, S4 and S9 of shared/cases/sockets.md: threads.

Closing a socket under a blocked call, first use from many threads, shutdown
with live sockets, and one socket shared by several threads.  Anything that
could abort or hang the process runs in a child interpreter with a hard
timeout; the parent checks the exit status and stderr.
"""

from __future__ import annotations

import gc
import threading
import time

import pytest
from childproc import assert_clean_exit as _assert_clean
from childproc import run_child as _run_child

import czmq

# ---- helpers ------------------------------------------------------------------


# ---- S1: closing a socket another thread is blocked on ------------------------

_S1_CHILD = """
    import random, threading, time
    import czmq

    OP = {op!r}

    def blocking_socket():
        if OP == "send":
            # PUSH connected to nobody that answers: HWM 1 fills, send blocks.
            s = czmq.Socket("PUSH", ">tcp://127.0.0.1:9", sndhwm=1, linger=0)
            try:
                s.send(b"fill", dontwait=True)
            except czmq.Again:
                pass
            return s, lambda: s.send(b"blocked")
        s = czmq.Socket("PULL", "@tcp://127.0.0.1:*")
        call = s.recv if OP == "recv" else s.recv_multipart
        return s, call

    def one_round(delay):
        s, call = blocking_socket()
        result = {{}}

        def a():
            try:
                call()
                result["outcome"] = "returned"
            except BaseException as exc:
                result["outcome"] = exc
            result["end"] = time.monotonic()

        def b():
            time.sleep(delay)
            result["close_start"] = time.monotonic()
            try:
                s.close()
                result["close"] = "ok"
            except czmq.ZMQError as exc:   # a clear "in use" error is allowed
                result["close"] = exc

        ta = threading.Thread(target=a)
        tb = threading.Thread(target=b)
        ta.start()
        tb.start()
        tb.join(5)
        ta.join(5)
        assert not tb.is_alive(), "close() did not return"
        assert not ta.is_alive(), "blocked call did not end after close()"
        outcome = result["outcome"]
        assert isinstance(outcome, (czmq.SocketClosed, czmq.ContextTerminated)), outcome
        late = result["end"] - result["close_start"]
        assert late < 0.5, f"blocked call ended {{late:.3f}} s after close()"
        if result["close"] != "ok":
            s.close()
        return late

    one_round(0.2)                      # S1.2: close after 200 ms
    worst = max(one_round(random.uniform(0, 0.005)) for _ in range({repeats}))
    print("OK", worst)
"""


@pytest.mark.timeout(40)
@pytest.mark.parametrize("op", ["recv", "recv_multipart", "send"])
def test_s1_close_from_other_thread_wakes_blocked_call(op: str) -> None:
    """S1.1-S1.4: close() from thread B ends A's blocked call with SocketClosed, 200
    times.
    """
    proc = _run_child(_S1_CHILD.format(op=op, repeats=200), timeout=30)
    _assert_clean(proc)
    assert proc.stdout.startswith("OK"), proc.stdout


@pytest.mark.timeout(30)
def test_s1_close_wakes_blocked_poller_wait() -> None:
    """S1.4: a poller wait blocked on a socket ends cleanly when another thread closes it."""
    czmq.Poller  # noqa: B018 - AttributeError until the poller exists
    code = """
        import random, threading, time
        import czmq

        for i in range(200):
            s = czmq.Socket("PULL", "@tcp://127.0.0.1:*")
            poller = czmq.Poller(s)
            out = {}
            def a():
                try:
                    out["r"] = poller.wait()
                except BaseException as exc:
                    out["r"] = exc
                out["t"] = time.monotonic()
            t = threading.Thread(target=a)
            t.start()
            time.sleep(0.2 if i == 0 else random.uniform(0, 0.005))
            start = time.monotonic()
            s.close()
            t.join(5)
            assert not t.is_alive(), "poller wait did not end after close()"
            r = out["r"]
            assert r is None or isinstance(r, (czmq.SocketClosed, czmq.ContextTerminated)), r
            assert out["t"] - start < 0.5
        print("OK")
    """
    proc = _run_child(code, timeout=25)
    _assert_clean(proc)
    assert proc.stdout.startswith("OK")


# ---- S4: first use from many threads, shutdown with live sockets -------------


@pytest.mark.timeout(30)
def test_s4_first_use_from_sixteen_threads() -> None:
    """S4.1: 16 threads behind a barrier create their first socket; all succeed, stderr empty."""
    code = """
        import threading
        import czmq
        from czmq import _czmq

        assert not _czmq.is_initialised()
        barrier = threading.Barrier(16)
        made, errors = [], []
        def first_call(i):
            barrier.wait()
            try:
                made.append(czmq.Socket("PAIR", f"@inproc://first-{i}", linger=0))
            except BaseException as exc:
                errors.append(repr(exc))
        threads = [threading.Thread(target=first_call, args=(i,)) for i in range(16)]
        for t in threads: t.start()
        for t in threads: t.join(10)
        assert not errors, errors
        assert len(made) == 16
        for s in made:
            s.close()
        print("OK")
    """
    for _ in range(3):
        proc = _run_child(code, timeout=15)
        _assert_clean(proc)
        assert proc.stdout.strip() == "OK"
        assert proc.stderr == ""


@pytest.mark.timeout(10)
def test_s4_socket_outlives_unreferenced_context() -> None:
    """S4.2: a socket whose Context has no other reference works after gc.collect()."""
    pull = czmq.Context().socket("PULL", "@inproc://s4-orphan", linger=0)
    try:
        push = czmq.Context().socket("PUSH", ">inproc://s4-orphan", linger=0)
        try:
            for _ in range(3):
                gc.collect()
            push.send(b"still here", timeout=2)
            assert pull.recv(timeout=2) == b"still here"
            assert not pull.closed and not push.closed
        finally:
            push.close()
    finally:
        pull.close()


@pytest.mark.timeout(20)
def test_s4_shutdown_with_live_sockets() -> None:
    """S4.3: shutdown with two live sockets returns within 2 s; later calls raise cleanly."""
    code = """
        import time
        import czmq

        pull = czmq.Socket("PULL", "@tcp://127.0.0.1:*")
        push = czmq.Socket("PUSH", ">tcp://127.0.0.1:9")   # default linger
        push.send(b"never delivered")
        start = time.monotonic()
        czmq.shutdown()
        took = time.monotonic() - start
        assert took < 2.0, took
        for s in (pull, push):
            for call in (lambda: s.send(b"x", dontwait=True),
                         lambda: s.recv(dontwait=True),
                         s.close):
                try:
                    call()
                except (czmq.ContextTerminated, czmq.SocketClosed):
                    pass
        print("OK", took)
    """
    proc = _run_child(code, timeout=15)
    _assert_clean(proc)
    assert proc.stdout.startswith("OK")


@pytest.mark.timeout(20)
def test_s4_no_new_socket_after_shutdown() -> None:
    """S4.3: after shutdown() a new Socket raises ContextTerminated (as documented), no dangling socket."""
    code = """
        import czmq

        czmq.shutdown()
        try:
            s = czmq.Socket("PUSH", linger=0)
        except czmq.ContextTerminated:
            print("OK")
        else:
            s.close()
            print("CREATED")
    """
    proc = _run_child(code, timeout=15)
    _assert_clean(proc)
    assert "dangling" not in proc.stderr, proc.stderr
    assert proc.stdout.strip() == "OK", "Socket() succeeded after czmq.shutdown()"


@pytest.mark.timeout(40)
def test_s4_shutdown_while_other_threads_use_sockets() -> None:
    """S4.3: shutdown returns within 2 s while other threads wait on, query and create sockets."""
    code = """
        import threading, time
        import czmq

        shared = czmq.Socket("PULL", "@inproc://s4-busy", linger=0)
        stop = threading.Event()

        def waiter():
            while not stop.is_set():
                try:
                    shared.recv(timeout=0.002)
                except czmq.Timeout:
                    pass
                except czmq.ZMQError:
                    return

        def reader():
            while not stop.is_set():
                try:
                    shared.linger
                except czmq.ZMQError:
                    return

        def maker():
            while not stop.is_set():
                try:
                    s = czmq.Socket("PAIR", linger=0)
                    s.close()
                except czmq.ZMQError:
                    pass

        threads = [threading.Thread(target=f, daemon=True)
                   for f in (waiter, waiter, reader, reader, maker)]
        for t in threads: t.start()
        time.sleep(0.05)
        start = time.monotonic()
        czmq.shutdown()
        took = time.monotonic() - start
        stop.set()
        for t in threads: t.join(2)
        assert took < 2.0, took
        assert not any(t.is_alive() for t in threads)
        shared.close()
        print("OK")
    """
    for _ in range(6):
        proc = _run_child(code, timeout=8)
        _assert_clean(proc)
        assert proc.stdout.startswith("OK")


@pytest.mark.timeout(40)
def test_s4_shutdown_while_other_threads_create_sockets() -> None:
    """S4.3: shutdown while threads create and close sockets: no crash, returns within 2 s."""
    code = """
        import threading, time
        import czmq

        stop = threading.Event()

        def churn():
            while not stop.is_set():
                try:
                    czmq.Socket("PAIR", linger=0).close()
                except czmq.ZMQError:
                    pass

        threads = [threading.Thread(target=churn, daemon=True) for _ in range(4)]
        for t in threads: t.start()
        time.sleep(0.03)
        start = time.monotonic()
        czmq.shutdown()
        took = time.monotonic() - start
        time.sleep(0.1)
        stop.set()
        for t in threads: t.join(2)
        assert took < 2.0, took
        print("OK")
    """
    # The race is lost in roughly one run of four; twelve runs catch it reliably.
    for _ in range(12):
        proc = _run_child(code, timeout=8)
        _assert_clean(proc)
        assert proc.stdout.splitlines()[:1] == ["OK"], proc.stdout


_S4_EXIT_CHILD = """
    import threading, time
    import czmq

    MODE = {mode!r}
    keep = [czmq.Socket("PUB", "@inproc://s4-exit")]
    if not MODE.endswith("-threads"):
        keep.append(czmq.Socket("PULL", "@tcp://127.0.0.1:*"))
    if MODE == "unsent":
        push = czmq.Socket("PUSH", ">tcp://127.0.0.1:9")
        push.send(b"never delivered")
        keep.append(push)

    def poll_forever(s):
        while True:
            try:
                s.recv(timeout=0.01) if MODE == "polling-threads" else s.recv()
            except czmq.Timeout:
                pass

    def churn():
        while True:
            try:
                czmq.Socket("PAIR", linger=0).close()
            except czmq.ZMQError:
                pass

    if MODE in ("blocked-threads", "polling-threads"):
        for i in range(8):
            s = czmq.Socket("PULL", f"@inproc://s4-exit-{{i}}")
            keep.append(s)
            threading.Thread(target=poll_forever, args=(s,), daemon=True).start()
    if MODE == "creating-threads":
        for _ in range(4):
            threading.Thread(target=churn, daemon=True).start()
    if MODE.endswith("-threads"):
        # Torn down after finalisation has begun, this keeps the interpreter
        # busy long enough for the threads to come back from czmq meanwhile.
        ballast = [[i] for i in range(1_000_000)]
    time.sleep(0.1)
    print("EXITING")
"""


@pytest.mark.timeout(40)
@pytest.mark.parametrize(
    "mode",
    ["open", "unsent", "blocked-threads", "polling-threads", "creating-threads"],
)
def test_s4_exit_with_open_sockets(mode: str) -> None:
    """S4.4: interpreter exit with sockets left open ends with status 0 within 5 s.

    With daemon threads inside czmq calls the exit races them; a few runs
    catch an abort that one run can miss.
    """
    for _ in range(1 if mode in ("open", "unsent") else 5):
        start = time.monotonic()
        proc = _run_child(_S4_EXIT_CHILD.format(mode=mode), timeout=10)
        took = time.monotonic() - start
        _assert_clean(proc)
        assert proc.stdout.strip() == "EXITING"
        assert took < 5.0, took


# ---- S9: one socket used from several threads ---------------------------------

_S9_CHILD = """
    import threading
    import time
    import czmq

    MODE, THREADS, COUNT = {mode!r}, 4, {count}
    pull = czmq.Socket("PULL", "@inproc://s9", linger=0, rcvhwm=0)
    push = czmq.Socket("PUSH", ">inproc://s9", linger=0, sndhwm=0)
    errors = []
    in_use = []

    def sender(tid):
        try:
            for seq in range(COUNT):
                parts = [b"%d" % tid, b"%d" % seq, b"p" * (seq % 64)]
                if MODE == "multipart":
                    push.send_multipart(parts, timeout=10)
                else:
                    # Only a first part can meet another thread's message in
                    # progress: that is a deterministic SocketInUse, and the
                    # message is then tried again.
                    while True:
                        try:
                            push.send(parts[0], more=True, timeout=10)
                            break
                        except czmq.SocketInUse:
                            in_use.append(tid)
                            time.sleep(0.0001)
                    push.send(parts[1], more=True, timeout=10)
                    push.send(parts[2], timeout=10)
        except BaseException as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=sender, args=(t,)) for t in range(THREADS)]
    for t in threads: t.start()
    last = dict.fromkeys(range(THREADS), -1)
    bad = []
    for _ in range(THREADS * COUNT):
        msg = pull.recv_multipart(timeout=10)
        if len(msg) != 3:
            bad.append(msg)
            continue
        tid, seq = int(msg[0]), int(msg[1])
        if seq != last[tid] + 1 or msg[2] != b"p" * (seq % 64):
            bad.append(msg)
        last[tid] = seq
    for t in threads: t.join(10)
    assert not errors, errors
    assert not bad, bad[:5]
    assert all(v == COUNT - 1 for v in last.values()), last
    pull.close(); push.close()
    print("OK")
"""


@pytest.mark.timeout(40)
@pytest.mark.parametrize("mode", ["multipart", "part-by-part"])
def test_s9_four_threads_share_one_push(mode: str) -> None:
    """S9.1-S9.2: 4 threads x 10,000 three-part messages: never mixed parts, sequences
    rise.
    """
    proc = _run_child(_S9_CHILD.format(mode=mode, count=10_000), timeout=30)
    _assert_clean(proc)
    assert proc.stdout.strip() == "OK"


@pytest.mark.timeout(40)
def test_s9_four_threads_receive_part_by_part() -> None:
    """S9.2: threads taking parts one recv() at a time from one PULL each get whole messages."""
    code = """
        import threading
        import czmq

        THREADS, COUNT = 4, 5000
        pull = czmq.Socket("PULL", "@inproc://s9r", linger=0, rcvhwm=0)
        push = czmq.Socket("PUSH", ">inproc://s9r", linger=0, sndhwm=0)
        for i in range(THREADS * COUNT):
            push.send_multipart([b"a%d" % i, b"b%d" % i, b"c%d" % i])
        bad, lock = [], threading.Lock()

        def receiver():
            for _ in range(COUNT):
                parts = [pull.recv(timeout=10) for _ in range(3)]
                tags = [p[:1] for p in parts]
                ids = {p[1:] for p in parts}
                if tags != [b"a", b"b", b"c"] or len(ids) != 1:
                    with lock:
                        bad.append(parts)

        threads = [threading.Thread(target=receiver) for _ in range(THREADS)]
        for t in threads: t.start()
        for t in threads: t.join(20)
        assert not any(t.is_alive() for t in threads)
        assert not bad, bad[:5]
        pull.close(); push.close()
        print("OK")
    """
    proc = _run_child(code, timeout=30)
    _assert_clean(proc)
    assert proc.stdout.strip() == "OK"


@pytest.mark.timeout(10)
def test_s9_thread_dying_mid_message_does_not_wedge_socket() -> None:
    """S9.2: a thread that ends mid-message must not leave other threads waiting forever."""
    with (
        czmq.Socket("PULL", "@inproc://s9-wedge", linger=0) as pull,
        czmq.Socket("PUSH", ">inproc://s9-wedge", linger=0) as push,
    ):
        half = threading.Thread(target=lambda: push.send(b"first part", more=True))
        half.start()
        half.join(5)
        assert not half.is_alive()
        try:
            push.send(b"other thread", timeout=1.0)
        except czmq.Timeout:
            pytest.fail(
                "send() from another thread waited for a multipart message whose "
                "owning thread has already exited"
            )
        except czmq.ZMQError:
            pass  # a deterministic "used from another thread" error is allowed
        else:
            assert pull.recv_multipart(timeout=1)

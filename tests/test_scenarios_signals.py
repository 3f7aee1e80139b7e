"""Acceptance scenarios S5 and S6 of shared/cases/sockets.md: signals and linger.

Ctrl-C and other signals during blocking calls, and how linger, shutdown and
interpreter exit treat queued messages.  Each case runs in a child
interpreter with a hard timeout, so that a hang or an abort fails one test.
"""

from __future__ import annotations

import select
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest
from childproc import assert_clean_exit as _assert_clean
from childproc import run_child as _run_child

import czmq

# ---- helpers ------------------------------------------------------------------


def _read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """One stdout line of a running child, or fail after ``timeout`` seconds."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        pytest.fail(f"child printed nothing within {timeout} s")
    return proc.stdout.readline().strip()


def _free_port() -> int:
    """A loopback TCP port that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- S5: Ctrl-C and signals during blocking calls ----------------------------

_S5_SIGINT_CHILD = """
    import sys, time
    import czmq

    OP = sys.argv[1]
    if OP == "send":
        s = czmq.Socket("PUSH", ">tcp://127.0.0.1:9", sndhwm=1, linger=0)
        try:
            s.send(b"fill", dontwait=True)
        except czmq.Again:
            pass
        call = lambda: s.send(b"blocked")
    elif OP == "poller":
        s = czmq.Socket("PULL", "@tcp://127.0.0.1:*", linger=0)
        call = czmq.Poller(s).wait
    else:
        s = czmq.Socket("PULL", "@tcp://127.0.0.1:*", linger=0)
        call = getattr(s, OP)
    print("READY", flush=True)
    try:
        call()
        print("RETURNED", flush=True)
    except KeyboardInterrupt:
        print("INTERRUPTED", time.monotonic(), flush=True)
    s.close()
    assert s.closed
    print("CLOSED", flush=True)
"""


def _sigint_blocked_child(op: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_S5_SIGINT_CHILD), op],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _read_line(proc, 10) == "READY"
        time.sleep(0.5)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        words = _read_line(proc, 3).split()
        assert words[:1] == ["INTERRUPTED"], words
        # CLOCK_MONOTONIC is system-wide on Linux, so the two clocks compare.
        assert float(words[1]) - sent < 0.5, float(words[1]) - sent
        assert _read_line(proc, 3) == "CLOSED"
        proc.wait(5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stderr = proc.stderr.read() if proc.stderr else ""
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == 0, stderr
    assert "Assertion failed" not in stderr


@pytest.mark.timeout(20)
@pytest.mark.parametrize("op", ["recv", "recv_multipart", "recv_frame", "send"])
def test_s5_sigint_interrupts_blocking_call(op: str) -> None:
    """S5.1: SIGINT during a blocking call gives KeyboardInterrupt within 0.5 s; close() works."""
    _sigint_blocked_child(op)


@pytest.mark.timeout(20)
def test_s5_sigint_interrupts_poller_wait() -> None:
    """S5.1: SIGINT during a poller wait gives KeyboardInterrupt within 0.5 s."""
    czmq.Poller  # noqa: B018 - AttributeError until the poller exists
    _sigint_blocked_child("poller")


@pytest.mark.timeout(20)
def test_s5_signal_handler_does_not_end_recv() -> None:
    """S5.2: a SIGINT handler that sets a flag runs, recv() keeps waiting, the later message arrives."""
    code = """
        import os, signal, threading, time
        import czmq

        flag = []
        signal.signal(signal.SIGINT, lambda *a: flag.append(time.monotonic()))
        pull = czmq.Socket("PULL", "@inproc://s5-flag", linger=0)
        push = czmq.Socket("PUSH", ">inproc://s5-flag", linger=0)
        for delay in (0.1, 0.2, 0.3):
            threading.Timer(delay, os.kill, (os.getpid(), signal.SIGINT)).start()
        threading.Timer(0.6, push.send, (b"late",)).start()
        start = time.monotonic()
        got = pull.recv()                      # no timeout; must not raise EINTR
        took = time.monotonic() - start
        assert got == b"late", got
        assert len(flag) >= 1, "the Python handler never ran"
        assert flag[0] - start < 0.5, "the handler ran late"
        assert took >= 0.55, took
        pull.close(); push.close()
        print("OK")
    """
    proc = _run_child(code, timeout=10)
    _assert_clean(proc)
    assert proc.stdout.strip() == "OK"


@pytest.mark.timeout(20)
@pytest.mark.parametrize("how", ["timeout-argument", "rcvtimeo-option"])
def test_s5_timeout_not_shortened_by_unrelated_signals(how: str) -> None:
    """S5.3: a 300 ms receive timeout ends after about 300 ms despite SIGCHLD and SIGUSR1."""
    code = """
        import os, signal, subprocess, sys, threading, time
        import czmq

        seen = []
        signal.signal(signal.SIGCHLD, lambda *a: seen.append("chld"))
        signal.signal(signal.SIGUSR1, lambda *a: seen.append("usr1"))

        def noise():
            for _ in range(4):
                subprocess.run(["true"])
                os.kill(os.getpid(), signal.SIGUSR1)
                time.sleep(0.04)

        if sys.argv[1] == "rcvtimeo-option":
            s = czmq.Socket("PULL", "@inproc://s5-timeout", linger=0, rcvtimeo=300)
            call = s.recv
        else:
            s = czmq.Socket("PULL", "@inproc://s5-timeout", linger=0)
            call = lambda: s.recv(timeout=0.3)
        threading.Timer(0.02, noise).start()
        start = time.monotonic()
        try:
            call()
            print("RECEIVED")
        except czmq.Timeout:
            took = time.monotonic() - start
            assert 0.29 <= took < 0.6, took
            assert "chld" in seen and "usr1" in seen, seen
            print("OK", took)
        s.close()
    """
    proc = _run_child(code, timeout=10, args=(how,))
    _assert_clean(proc)
    assert proc.stdout.startswith("OK"), proc.stdout


# ---- S6: linger, termination and lost messages --------------------------------

_S6_LINGER_CHILD = """
    import socket, sys, time
    import czmq

    # A port bound but never listening: connections to it are refused.
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    port = hole.getsockname()[1]
    options = {} if sys.argv[1] == "default" else {"linger": int(sys.argv[1])}
    ctx = czmq.Context()
    push = ctx.socket("PUSH", f">tcp://127.0.0.1:{port}", **options)
    for i in range(10):
        push.send(b"m%d" % i, timeout=1)
    start = time.monotonic()
    push.close()
    ctx.destroy()
    czmq.shutdown()
    print("TOOK", time.monotonic() - start)
    hole.close()
"""


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "linger, limit",
    [("0", 1.0), ("200", 1.2), ("default", czmq.DEFAULT_LINGER_MS / 1000 + 1.0)],
)
def test_s6_close_and_destroy_bounded_by_linger(linger: str, limit: float) -> None:
    """S6.1: PUSH to a dead port, 10 sent, close + destroy returns within linger + 1 s."""
    proc = _run_child(_S6_LINGER_CHILD, timeout=10, args=(linger,))
    _assert_clean(proc)
    took = float(proc.stdout.split()[1])
    assert took < limit, took


@pytest.mark.timeout(20)
@pytest.mark.parametrize("ending", ["fall-off-end", "sys-exit", "unhandled-exception"])
def test_s6_exit_with_unanswered_req(ending: str) -> None:
    """S6.2: REQ sends to an absent peer, the interpreter exits without cleanup within 5 s."""
    code = f"""
        import sys
        import czmq

        req = czmq.Socket("REQ", ">tcp://127.0.0.1:9")
        req.send(b"anyone?")
        ending = {ending!r}
        print("EXITING", flush=True)
        if ending == "sys-exit":
            sys.exit(0)
        if ending == "unhandled-exception":
            sys.excepthook = lambda *a: None
            raise RuntimeError("exit with a live socket")
    """
    start = time.monotonic()
    proc = _run_child(code, timeout=10)
    took = time.monotonic() - start
    assert proc.returncode >= 0, proc.stderr
    assert "Assertion failed" not in proc.stderr
    assert proc.returncode == (1 if ending == "unhandled-exception" else 0), proc.stderr
    assert proc.stdout.strip() == "EXITING"
    assert took < 5.0, took


@pytest.mark.timeout(20)
@pytest.mark.parametrize("how", ["shutdown", "context-destroy"])
def test_s6_terminate_while_thread_blocked_in_recv(how: str) -> None:
    """S6.3: destroying the context under a blocked recv() ends it with a clear error within 2 s."""
    code = """
        import sys, threading, time
        import czmq

        how = sys.argv[1]
        ctx = czmq.Context()
        pull = ctx.socket("PULL", "@tcp://127.0.0.1:*")
        out = {}
        def blocked():
            try:
                pull.recv()
                out["r"] = "returned"
            except BaseException as exc:
                out["r"] = exc
        t = threading.Thread(target=blocked)
        t.start()
        time.sleep(0.2)
        start = time.monotonic()
        czmq.shutdown() if how == "shutdown" else ctx.destroy()
        took = time.monotonic() - start
        t.join(3)
        assert not t.is_alive(), "recv() still blocked"
        assert took < 2.0, took
        expected = czmq.ContextTerminated if how == "shutdown" else czmq.SocketClosed
        assert isinstance(out["r"], expected), out["r"]
        pull.close()
        print("OK")
    """
    proc = _run_child(code, timeout=10, args=(how,))
    _assert_clean(proc)
    assert proc.stdout.strip() == "OK"


@pytest.mark.timeout(30)
def test_s6_linger_delivers_to_late_peer() -> None:
    """S6.4: with linger 500 ms and a peer appearing after 100 ms, queued messages are delivered."""
    peer = """
        import sys, time
        import czmq

        port = sys.argv[1]
        print("READY", flush=True)
        sys.stdin.readline()
        time.sleep(0.1)
        with czmq.Socket("PULL", f"@tcp://127.0.0.1:{port}", linger=0) as pull:
            got = []
            try:
                for _ in range(5):
                    got.append(pull.recv(timeout=3).decode())
            except czmq.Timeout:
                pass
        print(" ".join(got), flush=True)
    """
    sender = """
        import subprocess, sys, time
        import czmq

        port, peer_code = sys.argv[1], sys.argv[2]
        peer = subprocess.Popen([sys.executable, "-c", peer_code, port],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert peer.stdout.readline().strip() == "READY"
        push = czmq.Socket("PUSH", f">tcp://127.0.0.1:{port}", linger=500)
        for i in range(5):
            push.send(b"m%d" % i, timeout=1)
        peer.stdin.write("go\\n")
        peer.stdin.flush()
        start = time.monotonic()
        push.close()
        czmq.shutdown()
        took = time.monotonic() - start
        out, _ = peer.communicate(timeout=10)
        print("TOOK", took)
        print("GOT", out.strip())
    """
    port = _free_port()
    proc = _run_child(sender, timeout=20, args=(str(port), textwrap.dedent(peer)))
    _assert_clean(proc)
    lines = dict(line.split(" ", 1) for line in proc.stdout.strip().splitlines())
    assert lines["GOT"].split() == ["m0", "m1", "m2", "m3", "m4"], proc.stdout
    assert float(lines["TOOK"]) < 1.5, lines["TOOK"]


@pytest.mark.timeout(20)
def test_s6_default_linger_delivers_message_sent_before_close() -> None:
    """S6.4: with the default linger a message sent right before close() reaches a live peer."""
    with czmq.Socket("PULL", "@tcp://127.0.0.1:*", linger=0) as pull:
        endpoint = pull.last_endpoint
        for i in range(20):
            push = czmq.Socket("PUSH", f">{endpoint}")
            try:
                assert push.linger == czmq.DEFAULT_LINGER_MS
                push.send(b"last words %d" % i, timeout=1)
            finally:
                push.close()
            assert pull.recv(timeout=2) == b"last words %d" % i
